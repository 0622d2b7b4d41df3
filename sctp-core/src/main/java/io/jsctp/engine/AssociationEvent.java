package io.jsctp.engine;

import io.jsctp.wire.ErrorCause;
import java.net.InetAddress;
import java.util.List;

/**
 * What an association tells its user: received data and the notifications of RFC 6458 §6.1. The
 * socket layer turns these into RFC 6458 notifications on the receive path; tests and the
 * simulator read them directly.
 */
public sealed interface AssociationEvent {

    /** A message, or a piece of one, has arrived. */
    record DataArrival(ReceivedMessage message) implements AssociationEvent {}

    /** SCTP_ASSOC_CHANGE / SCTP_COMM_UP: the association is established. */
    record CommunicationUp(int outboundStreams, int inboundStreams) implements AssociationEvent {}

    /** SCTP_ASSOC_CHANGE / SCTP_RESTART: the peer restarted (RFC 9260 §5.2.4). */
    record Restart(int outboundStreams, int inboundStreams) implements AssociationEvent {}

    /** Why an association that was up went down. */
    enum LossReason {
        /** The peer sent ABORT. */
        PEER_ABORTED,
        /** Association.Max.Retrans exceeded: the peer is unreachable (RFC 9260 §8.1). */
        PEER_UNREACHABLE,
        /** The local user aborted. */
        LOCAL_ABORT,
        /** The peer broke the protocol and jsctp aborted (the causes say how). */
        PROTOCOL_ERROR,
        /** T5-shutdown-guard expired, or T2-shutdown retransmissions were exhausted. */
        SHUTDOWN_TIMEOUT
    }

    /** SCTP_ASSOC_CHANGE / SCTP_COMM_LOST: the association ended abnormally. */
    record CommunicationLost(LossReason reason, List<ErrorCause> causes) implements AssociationEvent {
        public CommunicationLost {
            causes = List.copyOf(causes);
        }
    }

    /** Why an association attempt failed. */
    enum StartFailure {
        /** INIT or COOKIE ECHO retransmissions exhausted: ETIMEDOUT. */
        TIMED_OUT,
        /** The peer answered with ABORT (for example nobody listens on the port): ECONNREFUSED. */
        REFUSED,
        /** Every address answered with ICMP unreachable: ECONNREFUSED (RFC 9260 Appendix C). */
        UNREACHABLE,
        /** The local user aborted the attempt. */
        LOCAL_ABORT,
        /** The peer's INIT ACK broke the protocol (the causes say how). */
        PROTOCOL_ERROR
    }

    /** SCTP_ASSOC_CHANGE / SCTP_CANT_STR_ASSOC: the association could not be established. */
    record CannotStart(StartFailure reason, List<ErrorCause> causes) implements AssociationEvent {
        public CannotStart {
            causes = List.copyOf(causes);
        }
    }

    /** SCTP_ASSOC_CHANGE / SCTP_SHUTDOWN_COMP: the graceful shutdown finished. */
    record ShutdownComplete() implements AssociationEvent {}

    /** SCTP_SHUTDOWN_EVENT: the peer sent SHUTDOWN; no new data may be sent. */
    record ShutdownReceived() implements AssociationEvent {}

    /** The changes SCTP_PEER_ADDR_CHANGE reports (RFC 6458 §6.1.2). */
    enum AddressChange {
        ADDR_AVAILABLE, ADDR_UNREACHABLE, ADDR_REMOVED, ADDR_ADDED, ADDR_MADE_PRIM, ADDR_CONFIRMED,
        ADDR_POTENTIALLY_FAILED
    }

    /** SCTP_PEER_ADDR_CHANGE: a destination address changed state. */
    record PeerAddressChange(InetAddress address, AddressChange change, int error) implements AssociationEvent {}

    /** SCTP_REMOTE_ERROR: the peer sent an ERROR chunk. */
    record RemoteError(List<ErrorCause> causes) implements AssociationEvent {
        public RemoteError {
            causes = List.copyOf(causes);
        }
    }

    /**
     * SCTP_SEND_FAILED_EVENT: a message will not be delivered.
     *
     * @param wasSent true when some of it was transmitted but not acknowledged (SCTP_DATA_SENT),
     *                false when it never left the send queue (SCTP_DATA_UNSENT)
     */
    record SendFailed(OutgoingMessage message, boolean wasSent, int error) implements AssociationEvent {}

    /** SCTP_SENDER_DRY_EVENT: nothing is queued or unacknowledged any more. */
    record SenderDry() implements AssociationEvent {}

    /** Room has become free in the send buffer: a writer that found it full may try again. */
    record SendSpaceAvailable() implements AssociationEvent {}
}
