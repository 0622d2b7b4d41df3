package io.jsctp.wire;

/** Parameter types with a name (RFC 9260 §3.3.2.1, §3.3.3.1, §3.3.5 and extensions). */
public enum ParameterType {
    HEARTBEAT_INFO(1, "Heartbeat Info", "RFC 9260 §3.3.5"),
    IPV4_ADDRESS(5, "IPv4 Address", "RFC 9260 §3.3.2.1.1"),
    IPV6_ADDRESS(6, "IPv6 Address", "RFC 9260 §3.3.2.1.2"),
    STATE_COOKIE(7, "State Cookie", "RFC 9260 §3.3.3.1"),
    UNRECOGNIZED_PARAMETER(8, "Unrecognized Parameter", "RFC 9260 §3.3.3.1"),
    COOKIE_PRESERVATIVE(9, "Cookie Preservative", "RFC 9260 §3.3.2.1.3"),
    HOST_NAME_ADDRESS(11, "Host Name Address", "RFC 9260 §3.3.2.1.4"),
    SUPPORTED_ADDRESS_TYPES(12, "Supported Address Types", "RFC 9260 §3.3.2.1.5"),
    OUTGOING_SSN_RESET_REQUEST(13, "Outgoing SSN Reset Request", "RFC 6525"),
    INCOMING_SSN_RESET_REQUEST(14, "Incoming SSN Reset Request", "RFC 6525"),
    SSN_TSN_RESET_REQUEST(15, "SSN/TSN Reset Request", "RFC 6525"),
    RECONFIGURATION_RESPONSE(16, "Re-configuration Response", "RFC 6525"),
    ADD_OUTGOING_STREAMS_REQUEST(17, "Add Outgoing Streams Request", "RFC 6525"),
    ADD_INCOMING_STREAMS_REQUEST(18, "Add Incoming Streams Request", "RFC 6525"),
    ECN_CAPABLE(0x8000, "ECN Capable", "RFC 9260 §3.3.2.1.6 (reserved)"),
    ZERO_CHECKSUM_ACCEPTABLE(0x8001, "Zero Checksum Acceptable", "RFC 9653"),
    RANDOM(0x8002, "Random", "RFC 4895"),
    CHUNK_LIST(0x8003, "Chunk List", "RFC 4895"),
    REQUESTED_HMAC_ALGORITHM(0x8004, "Requested HMAC Algorithm", "RFC 4895"),
    PADDING(0x8005, "Padding", "RFC 4820"),
    SUPPORTED_EXTENSIONS(0x8008, "Supported Extensions", "RFC 5061"),
    FORWARD_TSN_SUPPORTED(0xC000, "Forward-TSN-Supported", "RFC 3758"),
    ADD_IP_ADDRESS(0xC001, "Add IP Address", "RFC 5061"),
    DELETE_IP_ADDRESS(0xC002, "Delete IP Address", "RFC 5061"),
    ERROR_CAUSE_INDICATION(0xC003, "Error Cause Indication", "RFC 5061"),
    SET_PRIMARY_ADDRESS(0xC004, "Set Primary Address", "RFC 5061"),
    SUCCESS_INDICATION(0xC005, "Success Indication", "RFC 5061"),
    ADAPTATION_LAYER_INDICATION(0xC006, "Adaptation Layer Indication", "RFC 5061");

    private final int number;
    private final String displayName;
    private final String reference;

    ParameterType(int number, String displayName, String reference) {
        this.number = number;
        this.displayName = displayName;
        this.reference = reference;
    }

    public int number() {
        return number;
    }

    public String displayName() {
        return displayName;
    }

    public String reference() {
        return reference;
    }

    /** The named type for a number, or null. */
    public static ParameterType of(int number) {
        for (ParameterType t : values()) {
            if (t.number == number) {
                return t;
            }
        }
        return null;
    }

    /** "State Cookie" for a named type, "parameter type 0x1234" otherwise. */
    public static String nameOf(int number) {
        ParameterType t = of(number);
        return t != null ? t.displayName : String.format("parameter type 0x%04x", number);
    }
}
