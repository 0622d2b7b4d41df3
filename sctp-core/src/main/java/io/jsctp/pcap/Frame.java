package io.jsctp.pcap;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One captured packet as a capture file holds it: link-layer header included.
 *
 * <p>{@code data} is not copied: a frame from {@link CaptureReader} owns a fresh array that the
 * reader never touches again, and whoever holds the frame may read it freely. Equality compares
 * the bytes.
 *
 * @param number           1-based position in the file, counting every packet of every section
 *                         (Wireshark's frame number, unless the file has pcapng Custom Blocks,
 *                         which Wireshark numbers too)
 * @param timestampNanos   nanoseconds since 1970-01-01T00:00:00Z, or {@link #NO_TIMESTAMP} for a
 *                         pcapng Simple Packet Block, which has none
 * @param captureInterface the interface it was captured on; gives the link type
 * @param originalLength   the packet's length on the wire; more than {@code data.length} when the
 *                         capture's snapshot length cut it
 * @param data             the captured bytes
 * @param direction        inbound or outbound when the file says so (pcapng flags, Linux cooked
 *                         packet type), otherwise {@link Direction#UNKNOWN}
 * @param comments         the packet's comments (pcapng opt_comment), possibly none
 * @param dataOffset       file offset of the first byte of {@code data}, or -1 when the frame was
 *                         not read from a file
 */
public record Frame(
        long number,
        long timestampNanos,
        CaptureInterface captureInterface,
        long originalLength,
        byte[] data,
        Direction direction,
        List<String> comments,
        long dataOffset) {

    /** {@link #timestampNanos()} of a packet whose capture recorded no time. */
    public static final long NO_TIMESTAMP = Long.MIN_VALUE;

    public Frame {
        Objects.requireNonNull(captureInterface, "captureInterface");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(direction, "direction");
        comments = List.copyOf(comments);
    }

    /** The link-layer type of {@link #data()}, from the capture interface. */
    public int linkType() {
        return captureInterface.linkType();
    }

    /** Whether the capture recorded when the packet was seen. */
    public boolean hasTimestamp() {
        return timestampNanos != NO_TIMESTAMP;
    }

    /** Whether the capture kept fewer bytes than the packet had (its snapshot length cut it). */
    public boolean isCutShort() {
        return data.length < originalLength;
    }

    /**
     * The IP packet this frame carries, found behind the link-layer header and parsed.
     *
     * <p>Empty when the frame carries something other than IPv4 or IPv6 (ARP, LLDP, ...). A frame
     * cut short by the snapshot length still yields its packet when the whole IP header was
     * captured; {@link IpPacket#payloadCutShort()} then says the payload is incomplete.
     *
     * <p>Typical use, for the SCTP packets of a capture:
     * <pre>{@code
     * frame.ipPacket().filter(IpPacket::isSctp).ifPresent(p -> decode(p.source(), p.destination(), p.payload()));
     * }</pre>
     *
     * @throws CaptureFormatException if the link type is unsupported, the link-layer header is cut,
     *                                or the IP packet is malformed; the offset points into the file
     */
    public Optional<IpPacket> ipPacket() throws CaptureFormatException {
        return LinkLayer.ipPacket(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Frame f
                && number == f.number
                && timestampNanos == f.timestampNanos
                && captureInterface.equals(f.captureInterface)
                && originalLength == f.originalLength
                && Arrays.equals(data, f.data)
                && direction == f.direction
                && comments.equals(f.comments)
                && dataOffset == f.dataOffset;
    }

    @Override
    public int hashCode() {
        return Objects.hash(number, timestampNanos, captureInterface, originalLength, Arrays.hashCode(data), direction,
                comments, dataOffset);
    }

    @Override
    public String toString() {
        return "Frame[number=" + number + ", timestampNanos=" + timestampNanos + ", interface=" + captureInterface
                + ", originalLength=" + originalLength + ", captured=" + data.length + " bytes, direction=" + direction
                + ", comments=" + comments + ", dataOffset=" + dataOffset + "]";
    }
}
