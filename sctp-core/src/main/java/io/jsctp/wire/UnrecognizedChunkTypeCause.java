package io.jsctp.wire;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Unrecognized Chunk Type (cause 6, RFC 9260 §3.3.10.6): reports a chunk whose type the sender did
 * not understand; the value is that whole chunk (type, flags, length, value) as it arrived.
 */
public record UnrecognizedChunkTypeCause(Bytes chunk) implements ErrorCause {
    public static final int CODE = 6;

    public UnrecognizedChunkTypeCause {
        Objects.requireNonNull(chunk, "chunk");
    }

    /** The type of the reported chunk, or -1 when the cause is empty. */
    public int chunkType() {
        return chunk.isEmpty() ? -1 : chunk.get(0) & 0xff;
    }

    @Override
    public int code() {
        return CODE;
    }

    @Override
    public int valueLength() {
        return chunk.length();
    }

    @Override
    public void encodeValue(ByteBuffer out) {
        chunk.writeTo(out);
    }
}
