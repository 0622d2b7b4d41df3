package io.jsctp.wire;

/** The error cause codes of RFC 9260 §3.3.10. */
public enum CauseCode {
    INVALID_STREAM_IDENTIFIER(1, "Invalid Stream Identifier"),
    MISSING_MANDATORY_PARAMETER(2, "Missing Mandatory Parameter"),
    STALE_COOKIE(3, "Stale Cookie Error"),
    OUT_OF_RESOURCE(4, "Out of Resource"),
    UNRESOLVABLE_ADDRESS(5, "Unresolvable Address"),
    UNRECOGNIZED_CHUNK_TYPE(6, "Unrecognized Chunk Type"),
    INVALID_MANDATORY_PARAMETER(7, "Invalid Mandatory Parameter"),
    UNRECOGNIZED_PARAMETERS(8, "Unrecognized Parameters"),
    NO_USER_DATA(9, "No User Data"),
    COOKIE_RECEIVED_WHILE_SHUTTING_DOWN(10, "Cookie Received While Shutting Down"),
    RESTART_WITH_NEW_ADDRESSES(11, "Restart of an Association with New Addresses"),
    USER_INITIATED_ABORT(12, "User-Initiated Abort"),
    PROTOCOL_VIOLATION(13, "Protocol Violation");

    private final int number;
    private final String displayName;

    CauseCode(int number, String displayName) {
        this.number = number;
        this.displayName = displayName;
    }

    public int number() {
        return number;
    }

    public String displayName() {
        return displayName;
    }

    public static CauseCode of(int number) {
        return number >= 1 && number <= 13 ? values()[number - 1] : null;
    }

    public static String nameOf(int number) {
        CauseCode c = of(number);
        return c != null ? c.displayName : "cause code " + number;
    }
}
