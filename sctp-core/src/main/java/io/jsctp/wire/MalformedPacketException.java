package io.jsctp.wire;

/**
 * A packet that cannot be decoded. It names what is wrong ({@link #problem()}), where (the byte
 * offset from the start of the SCTP common header, {@link #offset()}) and, in its message, the
 * details a person debugging the packet needs.
 *
 * <p>Decoding never throws anything else for bad input: every way bytes can fail to be an SCTP
 * packet ends here.
 */
public final class MalformedPacketException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What is wrong with the bytes. */
    public enum Problem {
        /** Fewer than the 12 bytes of the common header. */
        TRUNCATED_HEADER,
        /** The checksum field does not match the contents (RFC 9260 §6.8). */
        BAD_CHECKSUM,
        /** A common header with no chunk after it. */
        NO_CHUNKS,
        /** Fewer than 4 bytes left where a chunk header should start. */
        TRUNCATED_CHUNK_HEADER,
        /** A chunk length smaller than 4 or than the fixed part of its type. */
        CHUNK_TOO_SHORT,
        /** A chunk length that is not what its type requires (fixed-size chunks). */
        CHUNK_LENGTH_INVALID,
        /** A chunk length reaching past the end of the packet. */
        CHUNK_PAST_END,
        /** Padding missing, longer than 3 bytes, not zero, or counted in a length field. */
        BAD_PADDING,
        /** Fewer than 4 bytes left in a chunk where a parameter header should start. */
        TRUNCATED_PARAMETER_HEADER,
        /** A parameter length smaller than 4 or than its type needs. */
        PARAMETER_TOO_SHORT,
        /** A parameter whose length does not fit its type (an IPv4 address that is not 4 bytes...). */
        PARAMETER_LENGTH_INVALID,
        /** A parameter reaching past the end of its chunk. */
        PARAMETER_OVERRUNS_CHUNK,
        /** Fewer than 4 bytes left in a chunk where an error cause header should start. */
        TRUNCATED_CAUSE_HEADER,
        /** An error cause length smaller than 4 or than its code needs. */
        CAUSE_TOO_SHORT,
        /** An error cause whose length does not fit its code. */
        CAUSE_LENGTH_INVALID,
        /** An error cause reaching past the end of its chunk. */
        CAUSE_OVERRUNS_CHUNK,
        /** A SACK whose gap block and duplicate TSN counts do not fit its length. */
        SACK_COUNTS_MISMATCH,
        /** A HEARTBEAT or HEARTBEAT ACK that does not carry exactly one Heartbeat Info parameter. */
        BAD_HEARTBEAT_INFO,
        /** INIT, INIT ACK or SHUTDOWN COMPLETE bundled with other chunks (RFC 9260 §6.10). */
        ILLEGAL_BUNDLING
    }

    private final Problem problem;
    private final int offset;

    public MalformedPacketException(Problem problem, int offset, String detail) {
        super(detail + " (at byte " + offset + ")");
        this.problem = problem;
        this.offset = offset;
    }

    public Problem problem() {
        return problem;
    }

    /** Offset of the fault from the first byte of the SCTP common header. */
    public int offset() {
        return offset;
    }

    /** The detail without the offset suffix. */
    public String detail() {
        String m = getMessage();
        return m.substring(0, m.lastIndexOf(" (at byte "));
    }
}
