package io.jsctp.wire;

import java.nio.ByteBuffer;

/** COOKIE ACK (type 11, RFC 9260 §3.3.12) acknowledges a COOKIE ECHO; the association is established on both sides. It has no value. */
public record CookieAckChunk(int flags) implements Chunk {
    public static final int TYPE = 11;

    public CookieAckChunk {
        Fields.check8("flags", flags);
    }

    public CookieAckChunk() {
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
