package io.jsctp.wire;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * HEARTBEAT (type 4, RFC 9260 §3.3.5) probes a destination address; the peer echoes the Heartbeat Info in a HEARTBEAT ACK.
 *
 * <p>The value is exactly one Heartbeat Info parameter; {@link #info()} is that parameter's value
 * (the sender-specific bytes).
 */
public record HeartbeatChunk(int flags, Bytes info) implements Chunk {
    public static final int TYPE = 4;

    public HeartbeatChunk {
        Fields.check8("flags", flags);
        Objects.requireNonNull(info, "info");
        if (info.length() > 0xffff - 8) {
            throw new IllegalArgumentException("heartbeat info too long: " + info.length());
        }
    }

    public HeartbeatChunk(Bytes info) {
        this(0, info);
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public int valueLength() {
        // One parameter, which is the last (and only) one of the chunk: its padding is the chunk's.
        return Parameter.HEADER_LENGTH + info.length();
    }

    @Override
    public void encodeValue(ByteBuffer out) {
        out.putShort((short) HeartbeatInfoParameter.TYPE).putShort((short) (Parameter.HEADER_LENGTH + info.length()));
        info.writeTo(out);
    }
}
