package io.jsctp.wire;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Missing Mandatory Parameter (cause 2, RFC 9260 §3.3.10.2): the types of the mandatory parameters
 * an INIT or INIT ACK lacked.
 */
public record MissingMandatoryParameterCause(List<Integer> missingTypes) implements ErrorCause {
    public static final int CODE = 2;

    public MissingMandatoryParameterCause {
        missingTypes = List.copyOf(missingTypes);
        for (int t : missingTypes) {
            Fields.check16("parameter type", t);
        }
    }

    @Override
    public int code() {
        return CODE;
    }

    @Override
    public int valueLength() {
        return 4 + 2 * missingTypes.size();
    }

    @Override
    public void encodeValue(ByteBuffer out) {
        out.putInt(missingTypes.size());
        for (int t : missingTypes) {
            out.putShort((short) t);
        }
    }
}
