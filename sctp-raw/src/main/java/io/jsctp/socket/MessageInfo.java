package io.jsctp.socket;

import java.net.InetSocketAddress;

/**
 * What travels with a message, as RFC 6458's {@code struct sctp_sndrcvinfo} carries it (and the JDK's
 * {@code com.sun.nio.sctp.MessageInfo} names it). On sending, the association or address says where
 * to; on receiving, every field is filled in.
 *
 * @param associationId    the association (0 on a one-to-one socket or to set up a new association
 *                         from {@code address})
 * @param address          the peer address to send to on a one-to-many socket with no association
 *                         yet (implicit setup, RFC 6458 §3.1.5); on receipt, the primary address
 * @param streamId         stream number
 * @param ppid             Payload Protocol Identifier
 * @param unordered        SCTP_UNORDERED
 * @param complete         on receipt: the message ends here (MSG_EOR); a message larger than the
 *                         partial delivery point arrives in pieces
 * @param context          SCTP's sinfo_context: returned with a send failure
 * @param timeToLiveMillis SCTP's sinfo_timetolive: unsent after this long, the message is dropped
 * @param eof              SCTP_EOF: shut the association down gracefully after this message
 * @param abort            SCTP_ABORT: abort the association, this message being the reason
 * @param sendAll          SCTP_SENDALL: send to every association of a one-to-many socket
 * @param ssn              on receipt: the stream sequence number
 * @param tsn              on receipt: TSN of the first fragment
 */
public record MessageInfo(int associationId, InetSocketAddress address, int streamId, int ppid, boolean unordered,
                          boolean complete, long context, long timeToLiveMillis, boolean eof, boolean abort,
                          boolean sendAll, int ssn, int tsn) {

    /** An ordered message on {@code streamId} with PPID 0. */
    public static MessageInfo onStream(int streamId) {
        return new MessageInfo(0, null, streamId, 0, false, true, 0, 0, false, false, false, 0, 0);
    }

    public MessageInfo association(int id) {
        return new MessageInfo(id, address, streamId, ppid, unordered, complete, context, timeToLiveMillis, eof, abort,
                sendAll, ssn, tsn);
    }

    public MessageInfo address(InetSocketAddress a) {
        return new MessageInfo(associationId, a, streamId, ppid, unordered, complete, context, timeToLiveMillis, eof,
                abort, sendAll, ssn, tsn);
    }

    public MessageInfo stream(int s) {
        return new MessageInfo(associationId, address, s, ppid, unordered, complete, context, timeToLiveMillis, eof,
                abort, sendAll, ssn, tsn);
    }

    public MessageInfo payloadProtocolId(int p) {
        return new MessageInfo(associationId, address, streamId, p, unordered, complete, context, timeToLiveMillis, eof,
                abort, sendAll, ssn, tsn);
    }

    public MessageInfo unordered(boolean u) {
        return new MessageInfo(associationId, address, streamId, ppid, u, complete, context, timeToLiveMillis, eof, abort,
                sendAll, ssn, tsn);
    }

    public MessageInfo context(long c) {
        return new MessageInfo(associationId, address, streamId, ppid, unordered, complete, c, timeToLiveMillis, eof,
                abort, sendAll, ssn, tsn);
    }

    public MessageInfo timeToLive(long millis) {
        return new MessageInfo(associationId, address, streamId, ppid, unordered, complete, context, millis, eof, abort,
                sendAll, ssn, tsn);
    }

    public MessageInfo eof(boolean e) {
        return new MessageInfo(associationId, address, streamId, ppid, unordered, complete, context, timeToLiveMillis, e,
                abort, sendAll, ssn, tsn);
    }

    public MessageInfo abort(boolean a) {
        return new MessageInfo(associationId, address, streamId, ppid, unordered, complete, context, timeToLiveMillis, eof,
                a, sendAll, ssn, tsn);
    }

    public MessageInfo sendAll(boolean s) {
        return new MessageInfo(associationId, address, streamId, ppid, unordered, complete, context, timeToLiveMillis, eof,
                abort, s, ssn, tsn);
    }
}
