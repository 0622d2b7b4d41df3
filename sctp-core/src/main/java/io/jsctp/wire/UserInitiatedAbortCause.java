package io.jsctp.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * User-Initiated Abort (cause 12, RFC 9260 §3.3.10.12): the peer's user aborted; the value is the
 * reason that user gave, possibly empty.
 */
public record UserInitiatedAbortCause(Bytes reason) implements ErrorCause {
    public static final int CODE = 12;

    public UserInitiatedAbortCause {
        Objects.requireNonNull(reason, "reason");
    }

    public static UserInitiatedAbortCause of(String reason) {
        return new UserInitiatedAbortCause(Bytes.wrap(reason.getBytes(StandardCharsets.UTF_8)));
    }

    /** The reason as text (UTF-8), for display. */
    public String reasonText() {
        return new String(reason.toArray(), StandardCharsets.UTF_8);
    }

    @Override
    public int code() {
        return CODE;
    }

    @Override
    public int valueLength() {
        return reason.length();
    }

    @Override
    public void encodeValue(ByteBuffer out) {
        reason.writeTo(out);
    }
}
