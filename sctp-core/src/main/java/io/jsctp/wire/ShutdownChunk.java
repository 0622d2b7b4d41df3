package io.jsctp.wire;

import java.nio.ByteBuffer;

/**
 * SHUTDOWN (type 7, RFC 9260 §3.3.8): starts a graceful close and acknowledges DATA up to the
 * cumulative TSN.
 */
public record ShutdownChunk(int flags, int cumulativeTsnAck) implements Chunk {
    public static final int TYPE = 7;

    public ShutdownChunk {
        Fields.check8("flags", flags);
    }

    public ShutdownChunk(int cumulativeTsnAck) {
        this(0, cumulativeTsnAck);
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public int valueLength() {
        return 4;
    }

    @Override
    public void encodeValue(ByteBuffer out) {
        out.putInt(cumulativeTsnAck);
    }
}
