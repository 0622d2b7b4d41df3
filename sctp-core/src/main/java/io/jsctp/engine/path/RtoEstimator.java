package io.jsctp.engine.path;

/**
 * Retransmission timeout of one destination (RFC 9260 §6.3.1): smoothed round-trip time (SRTT),
 * its variation (RTTVAR) and the RTO derived from them, with the exponential back-off of §6.3.3
 * rule E2.
 */
public final class RtoEstimator {
    /** Clock granularity G of §6.3.1 rule C3: the least RTTVAR. */
    static final long GRANULARITY_NANOS = 1_000_000L;

    private final long rtoMin;
    private final long rtoMax;
    private long rto;
    private long srtt = -1;
    private long rttvar;
    private long lastSample = -1;

    public RtoEstimator(long rtoInitial, long rtoMin, long rtoMax) {
        this.rtoMin = rtoMin;
        this.rtoMax = rtoMax;
        this.rto = clamp(rtoInitial);
    }

    /**
     * Takes a new round-trip measurement R (§6.3.1 C2, C3). The caller follows Karn's rule: never a
     * sample from a retransmitted chunk, and at most one per round trip.
     */
    public void sample(long rttNanos) {
        long r = Math.max(rttNanos, 0);
        lastSample = r;
        if (srtt < 0) {
            // C2: the first measurement.
            srtt = r;
            rttvar = r / 2;
        } else {
            // C3 with RTO.Alpha = 1/8 and RTO.Beta = 1/4; RTTVAR first, using the old SRTT.
            rttvar = rttvar - rttvar / 4 + Math.abs(srtt - r) / 4;
            srtt = srtt - srtt / 8 + r / 8;
        }
        if (rttvar == 0) {
            rttvar = GRANULARITY_NANOS;
        }
        rto = clamp(srtt + 4 * rttvar);
    }

    /** §6.3.3 E2 (and §8.3 for unanswered heartbeats): RTO = min(2 * RTO, RTO.Max). */
    public void backOff() {
        rto = clamp(rto > rtoMax / 2 ? rtoMax : rto * 2);
    }

    private long clamp(long v) {
        return Math.max(rtoMin, Math.min(rtoMax, v)); // §6.3.1 C6, C7
    }

    public long rtoNanos() {
        return rto;
    }

    /** SRTT, or -1 before the first measurement. */
    public long srttNanos() {
        return srtt;
    }

    public long rttvarNanos() {
        return rttvar;
    }

    /** The last measurement, or -1. */
    public long lastSampleNanos() {
        return lastSample;
    }

    public boolean hasMeasurement() {
        return srtt >= 0;
    }
}
