package io.jsctp.engine.path;

/** The reachability of one destination address (RFC 9260 §8.2, RFC 7829 §3). */
public enum PathState {
    /** Usable. */
    ACTIVE("ACTIVE"),
    /** RFC 7829: timeouts suggest trouble; data avoids it while an alternative exists. */
    POTENTIALLY_FAILED("POTENTIALLY-FAILED"),
    /** Path.Max.Retrans exceeded: unreachable until a heartbeat gets through. */
    INACTIVE("INACTIVE");

    private final String rfcName;

    PathState(String rfcName) {
        this.rfcName = rfcName;
    }

    @Override
    public String toString() {
        return rfcName;
    }
}
