package io.jsctp.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The SCTP checksum (RFC 9260 §6.8 and Appendix A).
 *
 * <p>The checksum is CRC32c (Castagnoli) over the whole packet with the checksum field taken as
 * zero. Appendix A describes the bit order in terms of reflected CRCs; in practice the result of the
 * standard CRC-32C (as {@link CRC32C} computes it, final XOR included) is stored in the header in
 * little-endian byte order. The golden-packet tests check this against bytes made by independent
 * implementations.
 */
public final class Crc32c {
    /** Offset of the checksum field in the common header. */
    public static final int CHECKSUM_OFFSET = 8;

    private static final ByteBuffer FOUR_ZEROS = ByteBuffer.allocate(4).asReadOnlyBuffer();

    private Crc32c() {}

    /**
     * The checksum of the packet at {@code [offset, offset + length)} of {@code packet}, computed
     * as if its checksum field were zero. Does not change the buffer's position or limit.
     */
    public static int compute(ByteBuffer packet, int offset, int length) {
        if (length < CommonHeader.LENGTH) {
            throw new IllegalArgumentException("an SCTP packet has at least 12 bytes, not " + length);
        }
        CRC32C crc = new CRC32C();
        ByteBuffer view = packet.duplicate();
        view.limit(offset + CHECKSUM_OFFSET).position(offset);
        crc.update(view);
        crc.update(FOUR_ZEROS.duplicate());
        view.limit(offset + length).position(offset + CHECKSUM_OFFSET + 4);
        crc.update(view);
        return (int) crc.getValue();
    }

    /** The checksum field as it stands in the packet, read in its little-endian wire order. */
    public static int stored(ByteBuffer packet, int offset) {
        return packet.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt(offset + CHECKSUM_OFFSET);
    }

    /** Computes the checksum and writes it into the packet's checksum field. */
    public static void fill(ByteBuffer packet, int offset, int length) {
        int crc = compute(packet, offset, length);
        ByteBuffer view = packet.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        view.putInt(offset + CHECKSUM_OFFSET, crc);
    }

    /** True when the checksum field matches the packet's contents. */
    public static boolean verify(ByteBuffer packet, int offset, int length) {
        return stored(packet, offset) == compute(packet, offset, length);
    }
}
