package io.jsctp.wire;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Restart of an Association with New Addresses (cause 11, RFC 9260 §3.3.10.11): a restarting peer
 * listed addresses the association did not have; the value is those address parameters.
 */
public record RestartWithNewAddressesCause(Bytes addressParameters) implements ErrorCause {
    public static final int CODE = 11;

    public RestartWithNewAddressesCause {
        Objects.requireNonNull(addressParameters, "addressParameters");
    }

    @Override
    public int code() {
        return CODE;
    }

    @Override
    public int valueLength() {
        return addressParameters.length();
    }

    @Override
    public void encodeValue(ByteBuffer out) {
        addressParameters.writeTo(out);
    }
}
