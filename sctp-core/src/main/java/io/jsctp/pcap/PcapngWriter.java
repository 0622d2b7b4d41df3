package io.jsctp.pcap;

import io.jsctp.wire.ip.IpHeaderWriter;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Writes a pcapng capture (draft-ietf-opsawg-pcapng) of IP packets: one section, one Interface
 * Description Block per interface the caller declares, one Enhanced Packet Block per packet.
 *
 * <p>Every interface has link type {@link LinkType#RAW} (each packet starts with its IPv4 or IPv6
 * header), no snapshot limit, and nanosecond timestamps (if_tsresol = 9). Interfaces may be added
 * at any time, also after packets were written (§4.2 only asks that an interface be described
 * before a packet refers to it). The writer never reads a clock: the caller gives each packet its
 * time, in nanoseconds since the epoch, from the wall clock or from the simulator's virtual clock.
 *
 * <p>Output is little-endian whatever the host, so that the same packets give the same bytes on
 * every machine (readers handle both orders, §3.6.1). The writer buffers; {@link #flush()} pushes
 * the complete blocks written so far to the stream and flushes it, so a reader of the file sees
 * only whole blocks. {@link #close()} flushes and does <em>not</em> close the stream, which
 * belongs to the caller. If the stream fails, the writer refuses all further work with an
 * {@link IOException}: the file may end in a partial block, and writing after it would hide that.
 *
 * <p>Not thread-safe: a writer belongs to one socket or one simulated host, and callers that
 * share one must serialise their calls.
 */
public final class PcapngWriter implements Closeable, Flushable {

    /** The largest packet accepted (16 MiB), the same limit {@link CaptureReader} applies. */
    public static final int MAX_PACKET_LENGTH = CaptureReader.MAX_CAPTURED_LENGTH;

    // Block types (§10.1), option codes (§3.5, §4.1, §4.2, §4.3).
    private static final int SECTION_HEADER_BLOCK = 0x0A0D0D0A;
    private static final int INTERFACE_DESCRIPTION_BLOCK = 1;
    private static final int ENHANCED_PACKET_BLOCK = 6;
    private static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    private static final int OPT_ENDOFOPT = 0;
    private static final int OPT_COMMENT = 1;
    private static final int SHB_USERAPPL = 4;
    private static final int IF_NAME = 2;
    private static final int IF_DESCRIPTION = 3;
    private static final int IF_TSRESOL = 9;
    private static final int EPB_FLAGS = 2;
    private static final int MAX_OPTION_LENGTH = 0xffff;

    private final OutputStream out;
    private ByteBuffer block = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
    private int interfaceCount;
    private long packetCount;
    private boolean closed;
    private IOException failure;

    /** Starts a capture on {@code stream} (buffered here; the caller keeps ownership of the stream). */
    public PcapngWriter(OutputStream stream) throws IOException {
        this(stream, null);
    }

    /**
     * Starts a capture whose section carries a comment, such as the simulated host and the seed of
     * the run that produced it.
     *
     * @param sectionComment UTF-8 text of at most 65535 bytes, or null or empty for none
     */
    public PcapngWriter(OutputStream stream, String sectionComment) throws IOException {
        this.out = new BufferedOutputStream(Objects.requireNonNull(stream, "stream"), 1 << 16);
        byte[] comment = optionalText(sectionComment, "section comment");
        // §4.1: Byte-Order Magic, version 1.0, Section Length -1 (not known in advance), options.
        begin(SECTION_HEADER_BLOCK, 16 + optionSpace(8) + optionSpace(comment) + 4);
        block.putInt(BYTE_ORDER_MAGIC);
        block.putShort((short) 1);
        block.putShort((short) 0);
        block.putLong(-1L);
        putOption(SHB_USERAPPL, "jsctp".getBytes(StandardCharsets.US_ASCII));
        if (comment != null) {
            putOption(OPT_COMMENT, comment);
        }
        endOptions();
        emit();
    }

    /**
     * Declares an interface, for example one local address of a socket or a simulated host, and
     * returns its Interface ID (0, 1, 2, ... in the order declared) for {@link #writePacket}.
     *
     * @param name        the if_name option, for example "10.0.0.1"; at most 65535 UTF-8 bytes
     * @param description the if_description option, or null or empty for none
     */
    public int addInterface(String name, String description) throws IOException {
        ensureOpen();
        byte[] nameBytes = optionalText(Objects.requireNonNull(name, "name"), "interface name");
        if (nameBytes == null) {
            throw new IllegalArgumentException("an interface needs a name, such as the local address it stands for");
        }
        byte[] descriptionBytes = optionalText(description, "interface description");
        // §4.2: LinkType, Reserved, SnapLen (0: no limit), options.
        begin(INTERFACE_DESCRIPTION_BLOCK, 8 + optionSpace(nameBytes) + optionSpace(descriptionBytes) + optionSpace(1) + 4);
        block.putShort((short) LinkType.RAW);
        block.putShort((short) 0);
        block.putInt(0);
        putOption(IF_NAME, nameBytes);
        if (descriptionBytes != null) {
            putOption(IF_DESCRIPTION, descriptionBytes);
        }
        // if_tsresol 9: timestamps count nanoseconds (MSB 0: a negative power of 10).
        putOption(IF_TSRESOL, new byte[] {9});
        endOptions();
        emit();
        return interfaceCount++;
    }

    /**
     * Writes one packet that starts with its IP header (a raw IPv4 socket receives it that way; for
     * other packets see {@link #writeIpPacket}). The packet's bytes are its remaining bytes; its
     * position does not move. The bytes are not checked: a malformed packet is recorded as it is.
     *
     * @param interfaceId    an ID returned by {@link #addInterface}
     * @param timestampNanos when the packet was sent or received, in nanoseconds since the epoch (not negative)
     * @param direction      written as the epb_flags inbound/outbound bits unless {@link Direction#UNKNOWN}
     * @param comment        the packet's opt_comment (at most 65535 UTF-8 bytes), or null or empty for none
     */
    public void writePacket(int interfaceId, long timestampNanos, Direction direction, ByteBuffer packet, String comment)
            throws IOException {
        Objects.requireNonNull(packet, "packet");
        int length = packet.remaining();
        byte[] commentBytes = checkPacket(interfaceId, timestampNanos, direction, length, comment);
        beginPacket(interfaceId, timestampNanos, length, commentBytes);
        block.put(packet.duplicate());
        endPacket(length, direction, commentBytes);
    }

    /**
     * Writes one packet whose IP header is built here, as the kernel would build it for a raw
     * socket: IPv4 with DF and TTL 64 or IPv6 with hop limit 64, see {@link IpHeaderWriter}. For
     * packets sent on a raw socket (whose header the kernel made) and packets the simulator moved.
     * The payload's position does not move.
     *
     * @param protocol the IPv4 Protocol / IPv6 Next Header, 132 for SCTP
     * @throws IllegalArgumentException if the addresses are of different families or the payload
     *                                  is longer than an IP packet can carry
     */
    public void writeIpPacket(int interfaceId, long timestampNanos, Direction direction, InetAddress source,
            InetAddress destination, int protocol, ByteBuffer payload, String comment) throws IOException {
        Objects.requireNonNull(payload, "payload");
        int headerLength = IpHeaderWriter.headerLength(source, destination);
        int length = headerLength + payload.remaining();
        byte[] commentBytes = checkPacket(interfaceId, timestampNanos, direction, length, comment);
        int limit = headerLength == 20 ? IpHeaderWriter.MAX_IPV4_PAYLOAD : IpHeaderWriter.MAX_IPV6_PAYLOAD;
        if (payload.remaining() > limit || protocol < 0 || protocol > 255) {
            throw new IllegalArgumentException("cannot build an IP header for protocol " + protocol + " and a payload of "
                    + payload.remaining() + " bytes (at most " + limit + ")");
        }
        beginPacket(interfaceId, timestampNanos, length, commentBytes);
        IpHeaderWriter.writeHeader(block, source, destination, protocol, payload.remaining());
        block.put(payload.duplicate());
        endPacket(length, direction, commentBytes);
    }

    /** Packets written so far. */
    public long packetCount() {
        return packetCount;
    }

    /** Writes every complete block buffered so far to the stream and flushes the stream. */
    @Override
    public void flush() throws IOException {
        ensureOpen();
        try {
            out.flush();
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    /**
     * Flushes what is buffered and ends the writer; the stream stays open for its owner to close.
     * Calling it again does nothing.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (failure == null) {
            try {
                out.flush();
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }
    }

    // ---------------------------------------------------------------- blocks

    private byte[] checkPacket(int interfaceId, long timestampNanos, Direction direction, int length, String comment)
            throws IOException {
        ensureOpen();
        Objects.requireNonNull(direction, "direction");
        if (interfaceId < 0 || interfaceId >= interfaceCount) {
            throw new IllegalArgumentException("interface " + interfaceId + " was not declared; "
                    + interfaceCount + " interface(s) so far");
        }
        if (timestampNanos < 0) {
            throw new IllegalArgumentException("timestamp " + timestampNanos + " ns is before the epoch");
        }
        if (length > MAX_PACKET_LENGTH) {
            throw new IllegalArgumentException("packet of " + length + " bytes exceeds " + MAX_PACKET_LENGTH);
        }
        return optionalText(comment, "packet comment");
    }

    // §4.3: Interface ID, Timestamp (upper 32 bits, lower 32 bits), Captured Packet Length,
    // Original Packet Length (equal: nothing is cut), data padded to 32 bits, options.
    private void beginPacket(int interfaceId, long timestampNanos, int length, byte[] comment) {
        begin(ENHANCED_PACKET_BLOCK, 20 + length + 3 + optionSpace(comment) + optionSpace(4) + 4);
        block.putInt(interfaceId);
        block.putInt((int) (timestampNanos >>> 32));
        block.putInt((int) timestampNanos);
        block.putInt(length);
        block.putInt(length);
    }

    private void endPacket(int length, Direction direction, byte[] comment) throws IOException {
        pad();
        boolean options = false;
        if (comment != null) {
            putOption(OPT_COMMENT, comment);
            options = true;
        }
        if (direction != Direction.UNKNOWN) {
            // §4.3.1: bits 0-1, 01 inbound, 10 outbound.
            ByteBuffer flags = ByteBuffer.allocate(4).order(block.order());
            flags.putInt(direction == Direction.INBOUND ? 1 : 2);
            putOption(EPB_FLAGS, flags.array());
            options = true;
        }
        if (options) {
            endOptions();
        }
        emit();
        packetCount++;
    }

    /** Starts a block in the reusable buffer, with room for at least {@code bodyCapacity} body bytes. */
    private void begin(int type, int bodyCapacity) {
        int needed = 8 + bodyCapacity + 64;
        if (block.capacity() < needed) {
            block = ByteBuffer.allocate(Math.max(needed, block.capacity() * 2)).order(ByteOrder.LITTLE_ENDIAN);
        }
        block.clear();
        block.putInt(type);
        block.putInt(0); // Block Total Length, filled in by emit()
    }

    // §3.5: code, length, value padded to 32 bits.
    private void putOption(int code, byte[] value) {
        block.putShort((short) code);
        block.putShort((short) value.length);
        block.put(value);
        pad();
    }

    // §3.5: a writer MUST end an option list with opt_endofopt.
    private void endOptions() {
        block.putShort((short) OPT_ENDOFOPT);
        block.putShort((short) 0);
    }

    // §3.6.2: alignment bytes are zero.
    private void pad() {
        while ((block.position() & 3) != 0) {
            block.put((byte) 0);
        }
    }

    /** Finishes the block (§3.1: total length at both ends) and hands it to the buffered stream. */
    private void emit() throws IOException {
        int total = block.position() + 4;
        block.putInt(total);
        block.putInt(4, total);
        try {
            out.write(block.array(), 0, total);
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    private void ensureOpen() throws IOException {
        if (failure != null) {
            throw new IOException("an earlier write to the capture failed; the file may end in a partial block", failure);
        }
        if (closed) {
            throw new IOException("the capture writer is closed");
        }
    }

    private static int optionSpace(byte[] value) {
        return value == null ? 0 : optionSpace(value.length);
    }

    private static int optionSpace(int valueLength) {
        return 4 + ((valueLength + 3) & ~3);
    }

    /** UTF-8 bytes of an option's text, or null when there is no text (null or empty). */
    private static byte[] optionalText(String text, String what) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_OPTION_LENGTH) {
            throw new IllegalArgumentException(what + " of " + bytes.length + " UTF-8 bytes exceeds the option limit of "
                    + MAX_OPTION_LENGTH);
        }
        return bytes;
    }
}
