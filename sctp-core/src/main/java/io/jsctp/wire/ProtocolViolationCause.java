package io.jsctp.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Protocol Violation (cause 13, RFC 9260 §3.3.10.13): the peer broke a rule of the protocol; the
 * value is whatever additional information the sender chose to give, often text.
 */
public record ProtocolViolationCause(Bytes information) implements ErrorCause {
    public static final int CODE = 13;

    public ProtocolViolationCause {
        Objects.requireNonNull(information, "information");
    }

    public static ProtocolViolationCause of(String text) {
        return new ProtocolViolationCause(Bytes.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    public String informationText() {
        return new String(information.toArray(), StandardCharsets.UTF_8);
    }

    @Override
    public int code() {
        return CODE;
    }

    @Override
    public int valueLength() {
        return information.length();
    }

    @Override
    public void encodeValue(ByteBuffer out) {
        information.writeTo(out);
    }
}
