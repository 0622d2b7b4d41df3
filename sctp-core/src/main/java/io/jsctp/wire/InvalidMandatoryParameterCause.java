package io.jsctp.wire;

import java.nio.ByteBuffer;

/**
 * Invalid Mandatory Parameter (cause 7, RFC 9260 §3.3.10.7): a mandatory field of INIT or INIT ACK
 * had an invalid value (for example zero streams).
 */
public record InvalidMandatoryParameterCause() implements ErrorCause {
    public static final int CODE = 7;

    @Override
    public int code() {
        return CODE;
    }

    @Override
    public int valueLength() {
        return 0;
    }

    @Override
    public void encodeValue(ByteBuffer out) {}
}
