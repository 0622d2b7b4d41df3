package io.jsctp.wire;

import java.nio.ByteBuffer;
import java.util.List;

/** ERROR (type 9, RFC 9260 §3.3.10) reports error conditions that do not end the association. */
public record ErrorChunk(int flags, List<ErrorCause> causes) implements Chunk {
    public static final int TYPE = 9;

    public ErrorChunk {
        Fields.check8("flags", flags);
        causes = List.copyOf(causes);
    }

    public ErrorChunk(List<ErrorCause> causes) {
        this(0, causes);
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
