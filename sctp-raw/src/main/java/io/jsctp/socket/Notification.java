package io.jsctp.socket;

import io.jsctp.wire.ErrorCause;
import java.net.InetAddress;
import java.util.List;

/** An RFC 6458 §6.1 notification, delivered in the receive path of a socket that subscribed to it. */
public sealed interface Notification {
    /** The association it concerns. */
    int associationId();

    NotificationType type();

    /** SCTP_ASSOC_CHANGE's sac_state values. */
    enum AssociationState { COMM_UP, COMM_LOST, RESTART, SHUTDOWN_COMP, CANT_STR_ASSOC }

    /**
     * SCTP_ASSOC_CHANGE.
     *
     * @param error the errno a C program would see for the change (0 when none), e.g. ECONNREFUSED
     * @param causes the error causes the peer sent, if any
     */
    record AssociationChange(int associationId, AssociationState state, int error, int outboundStreams,
                             int inboundStreams, List<ErrorCause> causes) implements Notification {
        @Override
        public NotificationType type() {
            return NotificationType.ASSOCIATION_CHANGE;
        }
    }

    /** SCTP_PEER_ADDR_CHANGE's spc_state values. */
    enum AddressState {
        ADDR_AVAILABLE, ADDR_UNREACHABLE, ADDR_REMOVED, ADDR_ADDED, ADDR_MADE_PRIM, ADDR_CONFIRMED, ADDR_POTENTIALLY_FAILED
    }

    /** SCTP_PEER_ADDR_CHANGE. */
    record PeerAddressChange(int associationId, InetAddress address, AddressState state, int error)
            implements Notification {
        @Override
        public NotificationType type() {
            return NotificationType.PEER_ADDRESS_CHANGE;
        }
    }

    /**
     * SCTP_SEND_FAILED_EVENT.
     *
     * @param sent true for SCTP_DATA_SENT (transmitted, never acknowledged), false for SCTP_DATA_UNSENT
     */
    record SendFailed(int associationId, boolean sent, MessageInfo info, byte[] data) implements Notification {
        @Override
        public NotificationType type() {
            return NotificationType.SEND_FAILED;
        }
    }

    /** SCTP_REMOTE_ERROR: the peer sent an ERROR chunk. */
    record RemoteError(int associationId, List<ErrorCause> causes) implements Notification {
        @Override
        public NotificationType type() {
            return NotificationType.REMOTE_ERROR;
        }
    }

    /** SCTP_SHUTDOWN_EVENT: the peer will send no more. */
    record Shutdown(int associationId) implements Notification {
        @Override
        public NotificationType type() {
            return NotificationType.SHUTDOWN;
        }
    }

    /** SCTP_SENDER_DRY_EVENT: nothing queued or unacknowledged. */
    record SenderDry(int associationId) implements Notification {
        @Override
        public NotificationType type() {
            return NotificationType.SENDER_DRY;
        }
    }
}
