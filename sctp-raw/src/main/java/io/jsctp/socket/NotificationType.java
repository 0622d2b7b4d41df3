package io.jsctp.socket;

/** The notifications a socket can subscribe to (RFC 6458 §6.2.1, SCTP_EVENT). */
public enum NotificationType {
    /** SCTP_ASSOC_CHANGE */
    ASSOCIATION_CHANGE,
    /** SCTP_PEER_ADDR_CHANGE */
    PEER_ADDRESS_CHANGE,
    /** SCTP_SEND_FAILED_EVENT */
    SEND_FAILED,
    /** SCTP_REMOTE_ERROR */
    REMOTE_ERROR,
    /** SCTP_SHUTDOWN_EVENT */
    SHUTDOWN,
    /** SCTP_SENDER_DRY_EVENT */
    SENDER_DRY
}
