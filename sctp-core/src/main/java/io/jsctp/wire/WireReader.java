package io.jsctp.wire;

import io.jsctp.wire.MalformedPacketException.Problem;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Big-endian reads at absolute offsets of one packet, with the packet's start as offset 0 so that
 * every error names the offset a person sees in a hex dump of the SCTP packet.
 */
final class WireReader {
    private final ByteBuffer buf;
    private final int base;
    private final int length;
    final boolean strict;

    WireReader(ByteBuffer packet, int offset, int length, boolean strict) {
        this.buf = packet.duplicate().order(ByteOrder.BIG_ENDIAN);
        this.base = offset;
        this.length = length;
        this.strict = strict;
    }

    int length() {
        return length;
    }

    int u8(int off) {
        return buf.get(base + off) & 0xff;
    }

    int u16(int off) {
        return buf.getShort(base + off) & 0xffff;
    }

    int i32(int off) {
        return buf.getInt(base + off);
    }

    long u32(int off) {
        return buf.getInt(base + off) & 0xffffffffL;
    }

    Bytes bytes(int off, int len) {
        return Bytes.copyOf(buf, base + off, len);
    }

    byte[] array(int off, int len) {
        byte[] a = new byte[len];
        buf.get(base + off, a, 0, len);
        return a;
    }

    /** Checks the padding after a TLV that ends at {@code end}: {@code limit} is where the enclosing region ends. */
    int skipPadding(int end, int limit, String what) throws MalformedPacketException {
        int padded = (end + 3) & ~3;
        if (padded > limit) {
            return limit;
        }
        if (strict) {
            for (int i = end; i < padded; i++) {
                if (u8(i) != 0) {
                    throw new MalformedPacketException(Problem.BAD_PADDING, i,
                            "padding byte of " + what + " is 0x" + Integer.toHexString(u8(i)) + ", not zero");
                }
            }
        }
        return padded;
    }

    static MalformedPacketException error(Problem p, int off, String detail) {
        return new MalformedPacketException(p, off, detail);
    }
}
