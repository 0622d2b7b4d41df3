package io.jsctp.wire;

import java.nio.ByteBuffer;

/**
 * The SCTP common header (RFC 9260 §3.1), read straight from a buffer without decoding the rest
 * of the packet: the transport uses these to find the association a packet belongs to before it
 * pays for a full decode.
 */
public final class CommonHeader {
    /** Length of the common header in bytes. */
    public static final int LENGTH = 12;

    private CommonHeader() {}

    // Byte-wise reads so that the caller's buffer byte order does not matter.

    public static int sourcePort(ByteBuffer packet, int offset) {
        return u16(packet, offset);
    }

    public static int destinationPort(ByteBuffer packet, int offset) {
        return u16(packet, offset + 2);
    }

    public static int verificationTag(ByteBuffer packet, int offset) {
        return u16(packet, offset + 4) << 16 | u16(packet, offset + 6);
    }

    private static int u16(ByteBuffer b, int i) {
        return (b.get(i) & 0xff) << 8 | (b.get(i + 1) & 0xff);
    }

    /** Type of the first chunk, or -1 when the packet has none. */
    public static int firstChunkType(ByteBuffer packet, int offset, int length) {
        return length > LENGTH ? packet.get(offset + LENGTH) & 0xff : -1;
    }
}
