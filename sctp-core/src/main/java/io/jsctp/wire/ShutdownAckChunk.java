package io.jsctp.wire;

import java.nio.ByteBuffer;

/** SHUTDOWN ACK (type 8, RFC 9260 §3.3.9) acknowledges a SHUTDOWN once all outstanding data has been acknowledged. It has no value. */
public record ShutdownAckChunk(int flags) implements Chunk {
    public static final int TYPE = 8;

    public ShutdownAckChunk {
        Fields.check8("flags", flags);
    }

    public ShutdownAckChunk() {
        this(0);
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
