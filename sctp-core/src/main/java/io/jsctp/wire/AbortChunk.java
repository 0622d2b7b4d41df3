package io.jsctp.wire;

import java.nio.ByteBuffer;
import java.util.List;

/** ABORT (type 6, RFC 9260 §3.3.7) closes the association at once. With the T bit set, the packet carries the verification tag the sender received rather than the one it expects (RFC 9260 §8.4, §8.5.1). */
public record AbortChunk(int flags, List<ErrorCause> causes) implements Chunk {
    public static final int TYPE = 6;
    /** T bit: the verification tag is reflected (the receiver's own tag), not the peer's. */
    public static final int FLAG_T = 0x01;

    public AbortChunk {
        Fields.check8("flags", flags);
        causes = List.copyOf(causes);
    }

    public AbortChunk(boolean tBit, List<ErrorCause> causes) {
        this(tBit ? FLAG_T : 0, causes);
    }

    public boolean tBit() {
        return (flags & FLAG_T) != 0;
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public int valueLength() {
        return CauseCodec.listLength(causes);
    }

    @Override
    public void encodeValue(ByteBuffer out) {
        CauseCodec.encodeList(causes, out);
    }
}
