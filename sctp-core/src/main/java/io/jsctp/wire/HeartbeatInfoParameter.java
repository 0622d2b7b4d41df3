package io.jsctp.wire;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Heartbeat Info (type 1, RFC 9260 §3.3.5): sender-specific bytes that the peer echoes unchanged
 * in its HEARTBEAT ACK.
 */
public record HeartbeatInfoParameter(Bytes info) implements Parameter {
    public static final int TYPE = 1;

    public HeartbeatInfoParameter {
        Objects.requireNonNull(info, "info");
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public int valueLength() {
        return info.length();
    }

    @Override
    public void encodeValue(ByteBuffer out) {
        info.writeTo(out);
    }
}
