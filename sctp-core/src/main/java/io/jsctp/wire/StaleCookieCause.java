package io.jsctp.wire;

import java.nio.ByteBuffer;

/**
 * Stale Cookie Error (cause 3, RFC 9260 §3.3.10.3): a COOKIE ECHO came back after the cookie's life
 * ended; the value says by how many microseconds.
 */
public record StaleCookieCause(long stalenessMicros) implements ErrorCause {
    public static final int CODE = 3;

    public StaleCookieCause {
        Fields.checkU32("measure of staleness", stalenessMicros);
    }

    @Override
    public int code() {
        return CODE;
    }

    @Override
    public int valueLength() {
        return 4;
    }

    @Override
    public void encodeValue(ByteBuffer out) {
        out.putInt((int) stalenessMicros);
    }
}
