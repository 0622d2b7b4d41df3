package io.jsctp.engine.path;

/**
 * Congestion control of one destination (RFC 9260 §7.2): slow start, congestion avoidance with
 * partial_bytes_acked, the reactions to loss (fast retransmit) and to timeouts, fast recovery, and
 * the cwnd decay of an idle destination.
 */
public final class CongestionControl {
    private int mtu;
    private long cwnd;
    private long ssthresh;
    private long partialBytesAcked;
    private boolean inFastRecovery;
    private int fastRecoveryExit;

    /**
     * @param mtu             path MTU in bytes (the "MTU" of §7.2's formulas)
     * @param initialSsthresh §7.2.1: may be arbitrarily high; the peer's a_rwnd is customary
     */
    public CongestionControl(int mtu, long initialSsthresh) {
        this.mtu = mtu;
        this.cwnd = initialCwnd(mtu);
        this.ssthresh = initialSsthresh;
    }

    /** §7.2.1: initial cwnd = min(4*MTU, max(2*MTU, 4404)). */
    public static long initialCwnd(int mtu) {
        return Math.min(4L * mtu, Math.max(2L * mtu, 4404));
    }

    public long cwnd() {
        return cwnd;
    }

    public long ssthresh() {
        return ssthresh;
    }

    public long partialBytesAcked() {
        return partialBytesAcked;
    }

    public boolean inFastRecovery() {
        return inFastRecovery;
    }

    public int fastRecoveryExit() {
        return fastRecoveryExit;
    }

    public boolean inSlowStart() {
        return cwnd <= ssthresh;
    }

    public void setMtu(int mtu) {
        this.mtu = mtu;
    }

    /**
     * A SACK acknowledged {@code bytesAcked} bytes that were outstanding to this destination.
     *
     * @param flightBeforeAck  bytes outstanding to this destination before the SACK
     * @param cumAckAdvanced   the SACK moved the Cumulative TSN Ack Point
     */
    public void onAcked(long bytesAcked, long flightBeforeAck, boolean cumAckAdvanced, long flightAfterAck) {
        if (bytesAcked <= 0) {
            return;
        }
        // "Fully utilized": the data in flight filled the window (less than one MTU of room left).
        boolean fullyUtilized = flightBeforeAck + mtu > cwnd;
        if (cwnd <= ssthresh) {
            // §7.2.1 slow start: only when cwnd is fully used, the cumulative ack advances and we
            // are not in fast recovery; by at most min(bytes acked, L * MTU) with L = 1.
            if (fullyUtilized && cumAckAdvanced && !inFastRecovery) {
                cwnd += Math.min(bytesAcked, mtu);
            }
        } else {
            // §7.2.2 congestion avoidance.
            partialBytesAcked += bytesAcked;
            if (partialBytesAcked >= cwnd && fullyUtilized && cumAckAdvanced) {
                partialBytesAcked -= cwnd;
                cwnd += mtu;
            }
        }
        if (flightAfterAck == 0) {
            partialBytesAcked = 0; // §7.2.2: reset when all data sent to this address is acknowledged
        }
    }

    /** §7.2.3 and §7.2.4: loss detected by miss indications; enters fast recovery. */
    public void onFastRetransmit(int highestOutstandingTsn) {
        if (inFastRecovery) {
            return; // §7.2.4 (2): no further cwnd reduction until fast recovery ends
        }
        ssthresh = Math.max(cwnd / 2, 4L * mtu);
        cwnd = ssthresh;
        partialBytesAcked = 0;
        inFastRecovery = true;
        fastRecoveryExit = highestOutstandingTsn;
    }

    /** §6.2.1 D iv: the cumulative ack reached the exit point; fast recovery ends. */
    public void exitFastRecovery() {
        inFastRecovery = false;
    }

    /** §7.2.3: a T3-rtx timeout; cwnd back to one MTU. */
    public void onTimeout() {
        ssthresh = Math.max(cwnd / 2, 4L * mtu);
        cwnd = mtu;
        partialBytesAcked = 0;
        inFastRecovery = false;
    }

    /**
     * §7.2.1: a destination that has not been sent data for a while has its cwnd halved per RTO of
     * idleness, but not below 4 * MTU.
     */
    public void onIdle(long idleNanos, long rtoNanos) {
        if (rtoNanos <= 0) {
            return;
        }
        long periods = idleNanos / rtoNanos;
        long floor = 4L * mtu;
        for (long i = 0; i < periods && cwnd > floor; i++) {
            cwnd = Math.max(cwnd / 2, floor);
        }
    }

    /** §5.2.4 A: a restart resets the congestion parameters. */
    public void reset(long initialSsthresh) {
        cwnd = initialCwnd(mtu);
        ssthresh = initialSsthresh;
        partialBytesAcked = 0;
        inFastRecovery = false;
    }
}
