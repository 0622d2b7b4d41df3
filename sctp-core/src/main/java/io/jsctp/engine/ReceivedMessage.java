package io.jsctp.engine;

import io.jsctp.wire.Bytes;

/**
 * A message, or a piece of one, delivered to the user: what RFC 6458's sctp_recvmsg returns with
 * {@code struct sctp_sndrcvinfo}.
 *
 * @param streamId  the stream it arrived on
 * @param ssn       its stream sequence number (meaningless when unordered)
 * @param ppid      Payload Protocol Identifier as the sender gave it
 * @param unordered sent unordered (U bit)
 * @param payload   the bytes
 * @param tsn       TSN of its first fragment
 * @param complete  true when this piece ends the message (MSG_EOR). A message larger than the
 *                  partial delivery point comes in several pieces, all but the last incomplete.
 */
public record ReceivedMessage(int streamId, int ssn, int ppid, boolean unordered, Bytes payload, int tsn,
                              boolean complete) {
    public int length() {
        return payload.length();
    }
}
