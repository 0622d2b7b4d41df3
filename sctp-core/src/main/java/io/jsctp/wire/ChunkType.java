package io.jsctp.wire;

/**
 * Chunk types with a name: the thirteen of RFC 9260 §3.2, the two it reserves for ECN, and the
 * extension chunks a peer may send. jsctp decodes the RFC 9260 chunks into their own records and
 * carries the others as {@link OpaqueChunk}s that still know their name.
 */
public enum ChunkType {
    DATA(0, "DATA", "RFC 9260 §3.3.1"),
    INIT(1, "INIT", "RFC 9260 §3.3.2"),
    INIT_ACK(2, "INIT ACK", "RFC 9260 §3.3.3"),
    SACK(3, "SACK", "RFC 9260 §3.3.4"),
    HEARTBEAT(4, "HEARTBEAT", "RFC 9260 §3.3.5"),
    HEARTBEAT_ACK(5, "HEARTBEAT ACK", "RFC 9260 §3.3.6"),
    ABORT(6, "ABORT", "RFC 9260 §3.3.7"),
    SHUTDOWN(7, "SHUTDOWN", "RFC 9260 §3.3.8"),
    SHUTDOWN_ACK(8, "SHUTDOWN ACK", "RFC 9260 §3.3.9"),
    ERROR(9, "ERROR", "RFC 9260 §3.3.10"),
    COOKIE_ECHO(10, "COOKIE ECHO", "RFC 9260 §3.3.11"),
    COOKIE_ACK(11, "COOKIE ACK", "RFC 9260 §3.3.12"),
    ECNE(12, "ECNE", "RFC 9260 Appendix A (reserved for ECN)"),
    CWR(13, "CWR", "RFC 9260 Appendix A (reserved for ECN)"),
    SHUTDOWN_COMPLETE(14, "SHUTDOWN COMPLETE", "RFC 9260 §3.3.13"),
    AUTH(15, "AUTH", "RFC 4895"),
    I_DATA(64, "I-DATA", "RFC 8260"),
    ASCONF_ACK(128, "ASCONF ACK", "RFC 5061"),
    RE_CONFIG(130, "RE-CONFIG", "RFC 6525"),
    PAD(132, "PAD", "RFC 4820"),
    FORWARD_TSN(192, "FORWARD TSN", "RFC 3758"),
    ASCONF(193, "ASCONF", "RFC 5061"),
    I_FORWARD_TSN(194, "I-FORWARD TSN", "RFC 8260");

    private static final ChunkType[] BY_NUMBER = new ChunkType[256];

    static {
        for (ChunkType t : values()) {
            BY_NUMBER[t.number] = t;
        }
    }

    private final int number;
    private final String displayName;
    private final String reference;

    ChunkType(int number, String displayName, String reference) {
        this.number = number;
        this.displayName = displayName;
        this.reference = reference;
    }

    public int number() {
        return number;
    }

    /** The name the RFCs use, e.g. "INIT ACK". */
    public String displayName() {
        return displayName;
    }

    /** Where the type is defined. */
    public String reference() {
        return reference;
    }

    /** The named type for a number, or null when the number has no name here. */
    public static ChunkType of(int number) {
        return number >= 0 && number < 256 ? BY_NUMBER[number] : null;
    }

    /** "INIT ACK" for a named type, "chunk type 0x2f" otherwise. */
    public static String nameOf(int number) {
        ChunkType t = of(number);
        return t != null ? t.displayName : String.format("chunk type 0x%02x", number);
    }

    /** True for the chunks RFC 9260 defines and jsctp decodes field by field. */
    public boolean isCore() {
        return number <= 14 && this != ECNE && this != CWR;
    }
}
