package io.jsctp.engine;

import io.jsctp.wire.Bytes;
import java.util.Objects;

/**
 * A message the user asks to send: what RFC 6458's sctp_sendmsg and {@code struct sctp_sndrcvinfo}
 * carry.
 *
 * @param streamId         outbound stream
 * @param ppid             Payload Protocol Identifier, carried unchanged to the peer's user
 * @param unordered        deliver as soon as it arrives, ignoring the stream's order (U bit)
 * @param payload          the message; jsctp never modifies it
 * @param context          an opaque value returned to the user if the message cannot be sent
 * @param timeToLiveMillis if not yet sent this many milliseconds after it was queued, the message is
 *                         dropped and reported as unsent; 0 means no limit (RFC 6458 sinfo_timetolive)
 * @param sackImmediately  ask the peer to acknowledge without delay (I bit, RFC 9260 §3.3.1)
 */
public record OutgoingMessage(int streamId, int ppid, boolean unordered, Bytes payload, long context,
                              long timeToLiveMillis, boolean sackImmediately) {
    public OutgoingMessage {
        if (streamId < 0 || streamId > 0xffff) {
            throw new IllegalArgumentException("stream identifier must be between 0 and 65535, not " + streamId);
        }
        Objects.requireNonNull(payload, "payload");
        if (timeToLiveMillis < 0) {
            throw new IllegalArgumentException("time to live must not be negative: " + timeToLiveMillis);
        }
    }

    /** An ordered message with no context and no time limit. */
    public static OutgoingMessage of(int streamId, int ppid, Bytes payload) {
        return new OutgoingMessage(streamId, ppid, false, payload, 0, 0, false);
    }

    public OutgoingMessage withUnordered(boolean u) {
        return new OutgoingMessage(streamId, ppid, u, payload, context, timeToLiveMillis, sackImmediately);
    }

    public OutgoingMessage withContext(long c) {
        return new OutgoingMessage(streamId, ppid, unordered, payload, c, timeToLiveMillis, sackImmediately);
    }

    public OutgoingMessage withTimeToLive(long millis) {
        return new OutgoingMessage(streamId, ppid, unordered, payload, context, millis, sackImmediately);
    }

    public int length() {
        return payload.length();
    }
}
