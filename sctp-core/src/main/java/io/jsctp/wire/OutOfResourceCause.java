package io.jsctp.wire;

import java.nio.ByteBuffer;

/** Out of Resource (cause 4, RFC 9260 §3.3.10.4): the sender ran out of resources. */
public record OutOfResourceCause() implements ErrorCause {
    public static final int CODE = 4;

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
