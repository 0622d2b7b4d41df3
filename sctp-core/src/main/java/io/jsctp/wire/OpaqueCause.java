package io.jsctp.wire;

import java.nio.ByteBuffer;
import java.util.Objects;

/** An error cause with a code outside RFC 9260 (for example from an extension), kept as bytes. */
public record OpaqueCause(int code, Bytes value) implements ErrorCause {
    public OpaqueCause {
        Fields.check16("cause code", code);
        Objects.requireNonNull(value, "value");
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
