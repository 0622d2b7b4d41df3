package io.jsctp.engine;

/** The states of an association (RFC 9260 §4), named as the RFC's diagram names them. */
public enum AssociationState {
    CLOSED("CLOSED"),
    COOKIE_WAIT("COOKIE-WAIT"),
    COOKIE_ECHOED("COOKIE-ECHOED"),
    ESTABLISHED("ESTABLISHED"),
    SHUTDOWN_PENDING("SHUTDOWN-PENDING"),
    SHUTDOWN_SENT("SHUTDOWN-SENT"),
    SHUTDOWN_RECEIVED("SHUTDOWN-RECEIVED"),
    SHUTDOWN_ACK_SENT("SHUTDOWN-ACK-SENT");

    private final String rfcName;

    AssociationState(String rfcName) {
        this.rfcName = rfcName;
    }

    /** The name as RFC 9260 §4 spells it, e.g. "COOKIE-WAIT". */
    public String rfcName() {
        return rfcName;
    }

    /** True in the states where the user may still send new data (RFC 9260 §9.2). */
    public boolean acceptsNewData() {
        return this == COOKIE_WAIT || this == COOKIE_ECHOED || this == ESTABLISHED;
    }

    /** True once the shutdown sequence has begun, in any of its four states. */
    public boolean isShuttingDown() {
        return this == SHUTDOWN_PENDING || this == SHUTDOWN_SENT || this == SHUTDOWN_RECEIVED
                || this == SHUTDOWN_ACK_SENT;
    }

    @Override
    public String toString() {
        return rfcName;
    }
}
