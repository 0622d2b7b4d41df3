package io.jsctp.wire;

import java.nio.ByteBuffer;

/**
 * SHUTDOWN COMPLETE (type 14, RFC 9260 §3.3.13): ends a graceful close. With the T bit set it
 * carries the tag the sender received rather than the one it expects (answering an out-of-the-blue
 * SHUTDOWN ACK, RFC 9260 §8.4 item 5).
 */
public record ShutdownCompleteChunk(int flags) implements Chunk {
    public static final int TYPE = 14;
    /** T bit: the verification tag is reflected. */
    public static final int FLAG_T = 0x01;

    public ShutdownCompleteChunk {
        Fields.check8("flags", flags);
    }

    public ShutdownCompleteChunk(boolean tBit) {
        this(tBit ? FLAG_T : 0);
    }

    public boolean tBit() {
        return (flags & FLAG_T) != 0;
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public int valueLength() {
        return 0;
    }

    @Override
    public void encodeValue(ByteBuffer out) {}
}
