package io.jsctp.wire;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * COOKIE ECHO (type 10, RFC 9260 §3.3.11): returns the State Cookie of the INIT ACK, unchanged, to
 * the responder.
 */
public record CookieEchoChunk(int flags, Bytes cookie) implements Chunk {
    public static final int TYPE = 10;

    public CookieEchoChunk {
        Fields.check8("flags", flags);
        Objects.requireNonNull(cookie, "cookie");
    }

    public CookieEchoChunk(Bytes cookie) {
        this(0, cookie);
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public int valueLength() {
        return cookie.length();
    }

    @Override
    public void encodeValue(ByteBuffer out) {
        cookie.writeTo(out);
    }
}
