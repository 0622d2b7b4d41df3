package io.jsctp.wire;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * State Cookie (type 7, RFC 9260 §3.3.3.1): the opaque state the responder hands to the initiator
 * in its INIT ACK, to be returned in a COOKIE ECHO.
 */
public record StateCookieParameter(Bytes cookie) implements Parameter {
    public static final int TYPE = 7;

    public StateCookieParameter {
        Objects.requireNonNull(cookie, "cookie");
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
