package io.jsctp.wire;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A parameter jsctp does not decode: an extension's (named by {@link ParameterType} when known) or a
 * type nobody has defined. Its value travels as bytes, and {@link #action()} says what RFC 9260
 * §3.2.1 asks a receiver that does not understand it to do.
 */
public record OpaqueParameter(int type, Bytes value) implements Parameter {
    public OpaqueParameter {
        if (type < 0 || type > 0xffff) {
            throw new IllegalArgumentException("parameter type must fit 16 bits: " + type);
        }
        Objects.requireNonNull(value, "value");
    }

    /** The RFC 9260 §3.2.1 action for this type. */
    public UnrecognizedAction action() {
        return UnrecognizedAction.forParameterType(type);
    }

    /** The named type, or null for a type with no name here. */
    public ParameterType knownType() {
        return ParameterType.of(type);
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
