package io.jsctp.wire;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * INIT ACK (type 2, RFC 9260 §3.3.3) answers an INIT: the responder's tag, window, stream counts, first TSN and addresses, and (mandatory) the State Cookie.
 *
 * <p>Decoding checks structure only (lengths and parameter framing); whether the values are
 * acceptable (a zero tag, zero streams, a missing cookie) is the engine's decision, because the RFC
 * answers each with a specific ABORT.
 */
public record InitAckChunk(int flags, int initiateTag, long advertisedReceiverWindow, int outboundStreams,
                        int inboundStreams, int initialTsn, List<Parameter> parameters)
        implements Chunk, InitFields {
    public static final int TYPE = 2;

    public InitAckChunk {
        Fields.check8("flags", flags);
        Fields.checkU32("a_rwnd", advertisedReceiverWindow);
        Fields.check16("outbound streams", outboundStreams);
        Fields.check16("inbound streams", inboundStreams);
        parameters = List.copyOf(parameters);
    }

    public InitAckChunk(int initiateTag, long advertisedReceiverWindow, int outboundStreams, int inboundStreams,
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
