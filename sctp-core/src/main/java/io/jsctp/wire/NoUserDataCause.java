package io.jsctp.wire;

import java.nio.ByteBuffer;

/** No User Data (cause 9, RFC 9260 §3.3.10.9): a DATA chunk with this TSN carried no user data. */
public record NoUserDataCause(int tsn) implements ErrorCause {
    public static final int CODE = 9;

    @Override
    public int code() {
        return CODE;
    }

    @Override
    public int valueLength() {
        return 4;
    }

    @Override
    public void encodeValue(ByteBuffer out) {
        out.putInt(tsn);
    }
}
