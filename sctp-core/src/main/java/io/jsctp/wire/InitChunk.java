package io.jsctp.wire;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * INIT (type 1, RFC 9260 §3.3.2) starts an association: the sender's tag, window, stream counts, first TSN and addresses.
 *
 * <p>Decoding checks structure only (lengths and parameter framing); whether the values are
 * acceptable (a zero tag, zero streams, a missing cookie) is the engine's decision, because the RFC
 * answers each with a specific ABORT.
 */
public record InitChunk(int flags, int initiateTag, long advertisedReceiverWindow, int outboundStreams,
                        int inboundStreams, int initialTsn, List<Parameter> parameters)
        implements Chunk, InitFields {
    public static final int TYPE = 1;

    public InitChunk {
        Fields.check8("flags", flags);
        Fields.checkU32("a_rwnd", advertisedReceiverWindow);
        Fields.check16("outbound streams", outboundStreams);
        Fields.check16("inbound streams", inboundStreams);
        parameters = List.copyOf(parameters);
    }

    public InitChunk(int initiateTag, long advertisedReceiverWindow, int outboundStreams, int inboundStreams,
                     int initialTsn, List<Parameter> parameters) {
        this(0, initiateTag, advertisedReceiverWindow, outboundStreams, inboundStreams, initialTsn, parameters);
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public int valueLength() {
        return FIXED_VALUE_LENGTH + ParameterCodec.listLength(parameters);
    }

    @Override
    public void encodeValue(ByteBuffer out) {
        out.putInt(initiateTag).putInt((int) advertisedReceiverWindow)
                .putShort((short) outboundStreams).putShort((short) inboundStreams).putInt(initialTsn);
        ParameterCodec.encodeList(parameters, out);
    }
}
