package io.jsctp.engine;

/** The timers of an association (RFC 9260 §14 lists the protocol's). */
public enum TimerKind {
    /** T1-init: INIT retransmission (RFC 9260 §5.1). */
    T1_INIT("T1-init"),
    /** T1-cookie: COOKIE ECHO retransmission (RFC 9260 §5.1). */
    T1_COOKIE("T1-cookie"),
    /** T2-shutdown: SHUTDOWN or SHUTDOWN ACK retransmission (RFC 9260 §9.2). */
    T2_SHUTDOWN("T2-shutdown"),
    /** T3-rtx: DATA retransmission, one per destination (RFC 9260 §6.3.2). */
    T3_RTX("T3-rtx"),
    /** HEARTBEAT, one per destination (RFC 9260 §8.3). */
    HEARTBEAT("HB"),
    /** Delayed SACK (RFC 9260 §6.2). */
    DELAYED_SACK("delayed-SACK"),
    /** T5-shutdown-guard: bounds the whole shutdown (RFC 9260 §9.2). */
    T5_SHUTDOWN_GUARD("T5-shutdown-guard"),
    /** RFC 6458 SCTP_AUTOCLOSE: closes an association that has been idle for the configured time. */
    AUTOCLOSE("autoclose");

    private final String displayName;

    TimerKind(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }
}
