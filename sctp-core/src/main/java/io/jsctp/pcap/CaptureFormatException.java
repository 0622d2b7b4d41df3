package io.jsctp.pcap;

/**
 * A capture file, or a frame in it, is malformed or cut short.
 *
 * <p>Checked on purpose: capture files come from other tools and other machines, so bad ones are
 * an expected input, and the reader never answers them with an unchecked exception.
 * {@link #offset()} is the byte offset in the file (after decompression, for a gzip file) of the
 * offending field, or of the record or block that could not be completed.
 */
public final class CaptureFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What is wrong. */
    public enum Reason {
        /** The file has no bytes at all. */
        EMPTY_FILE,
        /** The first bytes are neither a pcap magic number nor a pcapng Section Header Block. */
        UNKNOWN_FORMAT,
        /** A pcap major version other than 2, or a pcapng version other than 1.0 (or 1.2, read as 1.0). */
        UNSUPPORTED_VERSION,
        /** The file ends inside the pcap file header. */
        TRUNCATED_FILE_HEADER,
        /** A pcap file header field holds a value the format forbids (reserved bits set). */
        BAD_FILE_HEADER,
        /** The file ends inside a pcap packet record: the capture was cut short. */
        TRUNCATED_RECORD,
        /** The file ends inside a pcapng block: the capture was cut short. */
        TRUNCATED_BLOCK,
        /** A pcapng Section Header Block's Byte-Order Magic is not 0x1A2B3C4D in either byte order. */
        BAD_BYTE_ORDER_MAGIC,
        /** A pcapng Block Total Length is not a multiple of 4, or too short for its block type. */
        BAD_BLOCK_LENGTH,
        /** The Block Total Length at the end of a pcapng block differs from the one at its start. */
        BLOCK_LENGTH_MISMATCH,
        /** A packet or block larger than this reader accepts ({@link CaptureReader#MAX_CAPTURED_LENGTH}). */
        PACKET_TOO_LARGE,
        /** A pcapng option runs past the end of its block, or has the wrong length for its code. */
        BAD_OPTION,
        /** A pcapng packet block names an interface for which no Interface Description Block came before. */
        UNKNOWN_INTERFACE,
        /** A pcapng packet block's Captured Packet Length reaches past the end of the block. */
        CAPTURED_LENGTH_BEYOND_BLOCK,
        /** A timestamp is not representable as nanoseconds since the epoch in a signed 64-bit number. */
        TIMESTAMP_OUT_OF_RANGE,
        /** The gzip-compressed file is corrupt or ends early. */
        COMPRESSION_ERROR,
        /** The frame is shorter than the link-layer header its link type calls for. */
        LINK_HEADER_TRUNCATED,
        /** The frame's link type is not one this package can find an IP packet in. */
        UNSUPPORTED_LINK_TYPE,
        /** The link layer announces one IP version and the packet carries the other. */
        IP_VERSION_MISMATCH,
        /** The capture's snapshot length cut the frame inside the IP header. */
        PACKET_CUT_BY_SNAPLEN,
        /** The IP packet is malformed; the cause is the {@link io.jsctp.wire.ip.IpFormatException}. */
        MALFORMED_IP_PACKET
    }

    private final Reason reason;
    private final long offset;
    private final long frameNumber;

    /**
     * @param reason      what is wrong
     * @param offset      byte offset in the file, or -1 when unknown
     * @param frameNumber the 1-based number of the frame concerned, or 0 when the error is not about one frame
     * @param detail      human-readable specifics
     */
    public CaptureFormatException(Reason reason, long offset, long frameNumber, String detail) {
        this(reason, offset, frameNumber, detail, null);
    }

    public CaptureFormatException(Reason reason, long offset, long frameNumber, String detail, Throwable cause) {
        super(reason + (frameNumber > 0 ? " in frame " + frameNumber : "")
                + (offset >= 0 ? " at file offset " + offset : "") + ": " + detail, cause);
        this.reason = reason;
        this.offset = offset;
        this.frameNumber = frameNumber;
    }

    /** What is wrong. */
    public Reason reason() {
        return reason;
    }

    /** Byte offset in the file of the problem, or -1 when unknown (a {@link Frame} not read from a file). */
    public long offset() {
        return offset;
    }

    /** The 1-based number of the frame concerned, or 0 when the error concerns no single frame. */
    public long frameNumber() {
        return frameNumber;
    }
}
