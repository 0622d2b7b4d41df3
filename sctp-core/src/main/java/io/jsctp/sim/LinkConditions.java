package io.jsctp.sim;

/**
 * How one direction of a simulated link treats packets. Mutable so that an experiment can change
 * a link while it runs; every random choice comes from the simulator's seeded source.
 */
public final class LinkConditions {
    long delayNanos = 1_000_000L;
    long jitterNanos;
    long bitsPerSecond;       // 0: unlimited
    long queueBytes = 1 << 20;
    double loss;
    double duplicate;
    double reorder;
    int mtu = 1500;

    public LinkConditions copy() {
        LinkConditions c = new LinkConditions();
        c.delayNanos = delayNanos;
        c.jitterNanos = jitterNanos;
        c.bitsPerSecond = bitsPerSecond;
        c.queueBytes = queueBytes;
        c.loss = loss;
        c.duplicate = duplicate;
        c.reorder = reorder;
        c.mtu = mtu;
        return c;
    }

    /** One-way propagation delay. */
    public LinkConditions delayMillis(double ms) {
        if (ms < 0) {
            throw new IllegalArgumentException("delay must not be negative: " + ms);
        }
        delayNanos = (long) (ms * 1_000_000);
        return this;
    }

    /** Each packet's delay varies uniformly within ± this much. */
    public LinkConditions jitterMillis(double ms) {
        if (ms < 0) {
            throw new IllegalArgumentException("jitter must not be negative: " + ms);
        }
        jitterNanos = (long) (ms * 1_000_000);
        return this;
    }

    /** Serialization rate; 0 means infinitely fast. */
    public LinkConditions bandwidthMbit(double mbit) {
        if (mbit < 0) {
            throw new IllegalArgumentException("bandwidth must not be negative: " + mbit);
        }
        bitsPerSecond = (long) (mbit * 1_000_000);
        return this;
    }

    /** Bytes that may wait for the link before further packets are dropped (drop-tail). */
    public LinkConditions queueBytes(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("queue must hold at least one byte: " + bytes);
        }
        queueBytes = bytes;
        return this;
    }

    /** Probability that a packet is lost. */
    public LinkConditions loss(double p) {
        loss = probability("loss", p);
        return this;
    }

    /** Probability that a packet arrives twice. */
    public LinkConditions duplicate(double p) {
        duplicate = probability("duplication", p);
        return this;
    }

    /** Probability that a packet is held back long enough to arrive after later ones. */
    public LinkConditions reorder(double p) {
        reorder = probability("reordering", p);
        return this;
    }

    /** Largest IP packet the link carries; larger ones are dropped and reported "too big". */
    public LinkConditions mtu(int bytes) {
        if (bytes < 576 || bytes > 65535) {
            throw new IllegalArgumentException("MTU must be between 576 and 65535: " + bytes);
        }
        mtu = bytes;
        return this;
    }

    public int mtu() {
        return mtu;
    }

    private static double probability(String what, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(what + " probability must be between 0 and 1: " + p);
        }
        return p;
    }
}
