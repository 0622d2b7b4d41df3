package io.jsctp.wire;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Unrecognized Parameter (type 8, RFC 9260 §3.3.3.1): in an INIT ACK, wraps a parameter of the INIT
 * that the responder did not understand and whose type asked to be reported. The value is that
 * whole parameter (type, length, value) as it arrived.
 */
public record UnrecognizedParameter(Bytes parameter) implements Parameter {
    public static final int TYPE = 8;

    public UnrecognizedParameter {
        Objects.requireNonNull(parameter, "parameter");
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public int valueLength() {
        return parameter.length();
    }

    @Override
    public void encodeValue(ByteBuffer out) {
        parameter.writeTo(out);
    }

    /** The type of the wrapped parameter, or -1 when fewer than two bytes are wrapped. */
    public int wrappedType() {
        return parameter.length() >= 2 ? (parameter.get(0) & 0xff) << 8 | (parameter.get(1) & 0xff) : -1;
    }
}
