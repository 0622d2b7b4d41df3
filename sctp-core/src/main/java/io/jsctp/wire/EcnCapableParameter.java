package io.jsctp.wire;

import java.nio.ByteBuffer;

/**
 * ECN Capable (type 0x8000): RFC 9260 §3.3.2.1.6 reserves it for Explicit Congestion Notification.
 * jsctp does not implement ECN; the parameter is recognised so that it can be named, and its type's
 * high bits (10: skip, do not report) tell a receiver that does not support ECN to ignore it.
 */
public record EcnCapableParameter() implements Parameter {
    public static final int TYPE = 0x8000;

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
