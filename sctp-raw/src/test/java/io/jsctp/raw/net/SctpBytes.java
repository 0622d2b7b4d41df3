package io.jsctp.raw.net;

import java.nio.ByteBuffer;

/**
 * Hand-made SCTP packets for tests: a 12-byte common header (RFC 9260 §3.1) and one chunk. The checksum
 * is left 0: the kernel does not look at it, and these tests are about the raw layer, not the codec.
 */
final class SctpBytes {
    private SctpBytes() {}

    /** An INIT (RFC 9260 §3.3.2): verification tag 0, then the chunk with the initiate tag. */
    static ByteBuffer init(int sourcePort, int destinationPort, int initiateTag) {
        ByteBuffer b = ByteBuffer.allocate(12 + 20);
        b.putShort((short) sourcePort).putShort((short) destinationPort).putInt(0).putInt(0);
        b.put((byte) 1).put((byte) 0).putShort((short) 20);       // type INIT, flags, length
        b.putInt(initiateTag).putInt(65536)                        // initiate tag, a_rwnd
                .putShort((short) 10).putShort((short) 10)         // outbound streams, inbound streams
                .putInt(initiateTag ^ 0x5a5a5a5a);                 // initial TSN
        return b.flip();
    }

    /**
     * A DATA-like packet of exactly {@code length} bytes (at least 28): the common header with
     * {@code tag}, a chunk of type 0 whose first payload word is {@code sequence}, and a byte pattern
     * derived from it so that any corruption or mix-up shows.
     */
    static ByteBuffer data(int sourcePort, int destinationPort, int tag, int sequence, int length) {
        if (length < 28) {
            throw new IllegalArgumentException("length " + length);
        }
        ByteBuffer b = ByteBuffer.allocate(length);
        writeData(b, sourcePort, destinationPort, tag, sequence, length);
        return b.flip();
    }

    /** Writes {@link #data} with relative puts into {@code b} (e.g. a batch slot). */
    static void writeData(ByteBuffer b, int sourcePort, int destinationPort, int tag, int sequence, int length) {
        b.putShort((short) sourcePort).putShort((short) destinationPort).putInt(tag).putInt(0);
        int chunkLength = length - 12;
        b.put((byte) 0).put((byte) 3).putShort((short) chunkLength);
        b.putInt(sequence);
        for (int i = 12 + 8; i < length; i++) {
            b.put((byte) (sequence * 31 + i));
        }
    }

    /** Checks a packet made by {@link #data}; returns its sequence number or throws. */
    static int checkData(ByteBuffer p, int expectedLength) {
        if (p.remaining() != expectedLength) {
            throw new AssertionError("length " + p.remaining() + ", expected " + expectedLength);
        }
        int base = p.position();
        int sequence = p.getInt(base + 16);
        for (int i = 12 + 8; i < expectedLength; i++) {
            if (p.get(base + i) != (byte) (sequence * 31 + i)) {
                throw new AssertionError("byte " + i + " of packet " + sequence + " differs");
            }
        }
        return sequence;
    }

    static byte[] bytes(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return a;
    }
}
