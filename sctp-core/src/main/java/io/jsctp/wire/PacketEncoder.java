package io.jsctp.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes an {@link SctpPacket} into a caller-supplied buffer: common header, each chunk padded to a
 * multiple of 4 bytes, then the CRC32c (RFC 9260 §6.8). Nothing is copied on the way except the
 * bytes themselves.
 */
public final class PacketEncoder {
    private PacketEncoder() {}

    /**
     * Encodes at the buffer's position and advances it. The buffer's byte order does not matter.
     *
     * @return the number of bytes written
     * @throws IllegalArgumentException when the packet breaks the bundling rule of RFC 9260 §6.10
     *                                  or a field does not fit its wire size
     * @throws java.nio.BufferOverflowException when the buffer has less room than
     *                                  {@link SctpPacket#encodedLength()}
     */
    public static int encode(SctpPacket packet, ByteBuffer out) {
        checkBundling(packet);
        return encodeUnchecked(packet, out);
    }

    /** Encodes into a new array. */
    public static byte[] encode(SctpPacket packet) {
        ByteBuffer b = ByteBuffer.allocate(packet.encodedLength());
        encode(packet, b);
        return b.array();
    }

    /**
     * Encodes without enforcing the bundling rules, for tests and experiments that need to send a
     * peer a packet the RFC forbids.
     */
    public static int encodeUnchecked(SctpPacket packet, ByteBuffer out) {
        int length = packet.encodedLength();
        if (out.remaining() < length) {
            throw new java.nio.BufferOverflowException();
        }
        int start = out.position();
        ByteBuffer be = out.duplicate().order(ByteOrder.BIG_ENDIAN);
        be.putShort((short) packet.sourcePort()).putShort((short) packet.destinationPort())
                .putInt(packet.verificationTag()).putInt(0);
        for (Chunk c : packet.chunks()) {
            encodeChunk(c, be);
        }
        Crc32c.fill(out, start, length);
        out.position(start + length);
        return length;
    }

    /** Writes one chunk with its padding at the (big-endian) buffer's position. */
    static void encodeChunk(Chunk c, ByteBuffer be) {
        int length = c.length();
        if (length > 0xffff) {
            throw new IllegalArgumentException(c.typeName() + " chunk too long: " + length + " bytes");
        }
        int start = be.position();
        be.put((byte) c.type()).put((byte) c.flags()).putShort((short) length);
        c.encodeValue(be);
        if (be.position() - start != length) {
            throw new IllegalStateException(c.typeName() + " wrote " + (be.position() - start) + " bytes, announced " + length);
        }
        ParameterCodec.pad(be, c.paddedLength() - length);
    }

    /** RFC 9260 §6.10: INIT, INIT ACK and SHUTDOWN COMPLETE travel alone. */
    public static void checkBundling(SctpPacket packet) {
        if (packet.chunks().size() > 1) {
            for (Chunk c : packet.chunks()) {
                if (c instanceof InitChunk || c instanceof InitAckChunk || c instanceof ShutdownCompleteChunk) {
                    throw new IllegalArgumentException(c.typeName() + " must not be bundled with other chunks");
                }
            }
        }
    }
}
