package io.jsctp.wire;

import java.nio.ByteBuffer;

/**
 * Invalid Stream Identifier (cause 1, RFC 9260 §3.3.10.1): DATA arrived for a stream that does not
 * exist. The two reserved bytes are kept as received so that a packet re-encodes unchanged.
 */
public record InvalidStreamIdentifierCause(int streamId, int reserved) implements ErrorCause {
    public static final int CODE = 1;

    public InvalidStreamIdentifierCause {
        Fields.check16("stream identifier", streamId);
        Fields.check16("reserved", reserved);
    }

    public InvalidStreamIdentifierCause(int streamId) {
        this(streamId, 0);
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
        out.putShort((short) streamId).putShort((short) reserved);
    }
}
