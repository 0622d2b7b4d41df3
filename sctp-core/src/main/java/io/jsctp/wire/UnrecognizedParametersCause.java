package io.jsctp.wire;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Unrecognized Parameters (cause 8, RFC 9260 §3.3.10.8): reports parameters of an INIT ACK that the
 * initiator did not understand; the value is those whole parameters, one after another.
 */
public record UnrecognizedParametersCause(Bytes parameters) implements ErrorCause {
    public static final int CODE = 8;

    public UnrecognizedParametersCause {
        Objects.requireNonNull(parameters, "parameters");
    }

    @Override
    public int code() {
        return CODE;
    }

    @Override
    public int valueLength() {
        return parameters.length();
    }

    @Override
    public void encodeValue(ByteBuffer out) {
        parameters.writeTo(out);
    }
}
