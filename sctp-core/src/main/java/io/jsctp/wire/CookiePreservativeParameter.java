package io.jsctp.wire;

import java.nio.ByteBuffer;

/**
 * Cookie Preservative (type 9, RFC 9260 §3.3.2.1.3): the initiator, having seen its cookie go stale,
 * asks the responder for this many more milliseconds of cookie life.
 */
public record CookiePreservativeParameter(long suggestedIncrementMillis) implements Parameter {
    public static final int TYPE = 9;

    public CookiePreservativeParameter {
        if (suggestedIncrementMillis < 0 || suggestedIncrementMillis > 0xffffffffL) {
            throw new IllegalArgumentException("increment must fit 32 bits unsigned: " + suggestedIncrementMillis);
        }
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
        out.putInt((int) suggestedIncrementMillis);
    }
}
