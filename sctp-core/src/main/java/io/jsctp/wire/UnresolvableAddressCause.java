package io.jsctp.wire;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Unresolvable Address (cause 5, RFC 9260 §3.3.10.5): an address parameter (for example a Host Name
 * Address) the sender could not use; the value is that whole parameter.
 */
public record UnresolvableAddressCause(Bytes addressParameter) implements ErrorCause {
    public static final int CODE = 5;

    public UnresolvableAddressCause {
        Objects.requireNonNull(addressParameter, "addressParameter");
    }

    @Override
    public int code() {
        return CODE;
    }

    @Override
    public int valueLength() {
        return addressParameter.length();
    }

    @Override
    public void encodeValue(ByteBuffer out) {
        addressParameter.writeTo(out);
    }
}
