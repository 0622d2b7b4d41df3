package io.jsctp.wire;

import java.nio.ByteBuffer;

/**
 * Cookie Received While Shutting Down (cause 10, RFC 9260 §3.3.10.10): a COOKIE ECHO arrived while
 * the receiver was in SHUTDOWN-ACK-SENT.
 */
public record CookieWhileShuttingDownCause() implements ErrorCause {
    public static final int CODE = 10;

    @Override
    public int code() {
        return CODE;
    }

    @Override
    public int valueLength() {
        return 0;
    }

    @Override
    public void encodeValue(ByteBuffer out) {}
}
