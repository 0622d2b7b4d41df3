package io.jsctp.wire.ip;

/**
 * A byte sequence is not a well-formed IPv4 or IPv6 packet.
 *
 * <p>Checked on purpose: malformed packets are an expected input (they arrive from the network and
 * from other people's capture files), so a caller must decide what to do with them instead of
 * having a stack trace reach the user.
 *
 * <p>{@link #offset()} counts from the first byte of the IP header (the buffer's position, or the
 * array offset the caller gave), whatever buffer the packet sits in. It points at the field whose
 * value is inconsistent (for example the Total Length field, offset 2) or, when the bytes simply
 * run out, at the first missing byte.
 */
public final class IpFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What is wrong with the packet. */
    public enum Reason {
        /** Fewer bytes than the fixed header needs (20 for IPv4, 40 for IPv6), or none at all. */
        TRUNCATED,
        /** The version nibble is neither 4 nor 6, or not the version the caller required. */
        BAD_VERSION,
        /** IPv4 Internet Header Length below 5 words (RFC 791 §3.1: minimum value is 5). */
        BAD_HEADER_LENGTH,
        /** IPv4 Internet Header Length (options included) reaches past the available bytes. */
        OPTIONS_TRUNCATED,
        /** IPv4 Total Length smaller than the header it must contain. */
        TOTAL_LENGTH_TOO_SMALL,
        /** IPv4 Total Length larger than the available bytes. */
        TOTAL_LENGTH_BEYOND_BUFFER,
        /** IPv6 Payload Length larger than the available bytes. */
        PAYLOAD_LENGTH_BEYOND_BUFFER,
        /** An IPv6 extension header's fixed part does not fit in the payload. */
        EXTENSION_HEADER_TRUNCATED,
        /** An IPv6 extension header's length field reaches past the end of the payload. */
        EXTENSION_HEADER_OVERRUN,
        /** A Hop-by-Hop Options header somewhere other than right after the IPv6 header (RFC 8200 §4.1). */
        HOP_BY_HOP_NOT_FIRST
    }

    private final Reason reason;
    private final int offset;

    /**
     * @param reason what is wrong
     * @param offset byte offset from the start of the IP header
     * @param detail human-readable specifics (numbers found and expected)
     */
    public IpFormatException(Reason reason, int offset, String detail) {
        super(reason + " at byte " + offset + ": " + detail);
        this.reason = reason;
        this.offset = offset;
    }

    /** What is wrong with the packet. */
    public Reason reason() {
        return reason;
    }

    /** Byte offset, counted from the first byte of the IP header, of the offending field or missing byte. */
    public int offset() {
        return offset;
    }
}
