package io.jsctp.wire;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A chunk jsctp carries without decoding its value: an extension chunk (FORWARD TSN, I-DATA,
 * RE-CONFIG, ASCONF, AUTH, PAD..., named by {@link #knownType()}) or a type nobody has defined.
 * {@link #action()} is what RFC 9260 §3.2 asks of a receiver that does not process this type.
 */
public record OpaqueChunk(int type, int flags, Bytes value) implements Chunk {
    public OpaqueChunk {
        Fields.check8("chunk type", type);
        Fields.check8("flags", flags);
        Objects.requireNonNull(value, "value");
        ChunkType known = ChunkType.of(type);
        if (known != null && known.isCore()) {
            throw new IllegalArgumentException(known.displayName() + " has its own record, not OpaqueChunk");
        }
    }

    /** The RFC 9260 §3.2 action for this type. */
    public UnrecognizedAction action() {
        return UnrecognizedAction.forChunkType(type);
    }

    /** The named extension type, or null for a type with no name. */
    public ChunkType knownType() {
        return ChunkType.of(type);
    }

    @Override
    public int valueLength() {
        return value.length();
    }

    @Override
    public void encodeValue(ByteBuffer out) {
        value.writeTo(out);
    }
}
