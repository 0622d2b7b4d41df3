package io.jsctp.engine;

import java.time.Duration;

/**
 * The tunable values of the protocol (RFC 9260 §16 and RFC 7829), with the defaults the RFCs
 * recommend. An endpoint has one set; each association starts with a copy that the user may change
 * afterwards (as RFC 6458's SCTP_RTOINFO, SCTP_INITMSG, SCTP_PEER_ADDR_PARAMS... allow per
 * association). Setters check their argument and throw {@link IllegalArgumentException} naming the
 * rule it breaks; the socket layer turns that into EINVAL.
 */
public final class ProtocolParameters {
    private static final long MS = 1_000_000L;

    // RFC 9260 §16
    private long rtoInitialNanos = 1000 * MS;
    private long rtoMinNanos = 1000 * MS;
    private long rtoMaxNanos = 60_000 * MS;
    private int maxBurst = 4;
    private long validCookieLifeNanos = 60_000 * MS;
    private int associationMaxRetrans = 10;
    private int pathMaxRetrans = 5;
    private int maxInitRetransmits = 8;
    private long heartbeatIntervalNanos = 30_000 * MS;
    private boolean heartbeatEnabled = true;
    private long delayedSackNanos = 200 * MS;
    private int sackFrequency = 2;
    // RFC 7829: a path moves to POTENTIALLY-FAILED after this many consecutive timeouts;
    // a value above pathMaxRetrans disables the PF state.
    private int potentiallyFailedMaxRetrans = 0;
    // RFC 6458 SCTP_INITMSG
    private int outboundStreams = 10;
    private int maxInboundStreams = 65535;
    // Buffers and sizes
    private int receiveBuffer = 1 << 20;
    private int sendBuffer = 1 << 20;
    private int maxMessageSize = 64 << 20;
    private int defaultPathMtu = 1500;
    private boolean noDelay = false;
    private long shutdownGuardNanos = -1; // -1: 5 x RTO.Max, as RFC 9260 §9.2 suggests
    private long autocloseNanos = 0;
    private int maxAssociationsPerEndpoint = 65535;

    public ProtocolParameters() {}

    /** An independent copy: changing it does not change this one. */
    public ProtocolParameters copy() {
        ProtocolParameters c = new ProtocolParameters();
        c.rtoInitialNanos = rtoInitialNanos;
        c.rtoMinNanos = rtoMinNanos;
        c.rtoMaxNanos = rtoMaxNanos;
        c.maxBurst = maxBurst;
        c.validCookieLifeNanos = validCookieLifeNanos;
        c.associationMaxRetrans = associationMaxRetrans;
        c.pathMaxRetrans = pathMaxRetrans;
        c.maxInitRetransmits = maxInitRetransmits;
        c.heartbeatIntervalNanos = heartbeatIntervalNanos;
        c.heartbeatEnabled = heartbeatEnabled;
        c.delayedSackNanos = delayedSackNanos;
        c.sackFrequency = sackFrequency;
        c.potentiallyFailedMaxRetrans = potentiallyFailedMaxRetrans;
        c.outboundStreams = outboundStreams;
        c.maxInboundStreams = maxInboundStreams;
        c.receiveBuffer = receiveBuffer;
        c.sendBuffer = sendBuffer;
        c.maxMessageSize = maxMessageSize;
        c.defaultPathMtu = defaultPathMtu;
        c.noDelay = noDelay;
        c.shutdownGuardNanos = shutdownGuardNanos;
        c.autocloseNanos = autocloseNanos;
        c.maxAssociationsPerEndpoint = maxAssociationsPerEndpoint;
        return c;
    }

    private static long positive(String what, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be a positive duration, not " + d);
        }
        return d.toNanos();
    }

    private static int atLeast(String what, int v, int min) {
        if (v < min) {
            throw new IllegalArgumentException(what + " must be at least " + min + ", not " + v);
        }
        return v;
    }

    // ---- RTO (RFC 9260 §6.3.1, §16; RFC 6458 SCTP_RTOINFO) ----

    public long rtoInitialNanos() {
        return rtoInitialNanos;
    }

    public long rtoMinNanos() {
        return rtoMinNanos;
    }

    public long rtoMaxNanos() {
        return rtoMaxNanos;
    }

    /** Sets RTO.Initial, RTO.Min and RTO.Max together, so that their order can be checked. */
    public ProtocolParameters rto(Duration initial, Duration min, Duration max) {
        long i = positive("RTO.Initial", initial);
        long lo = positive("RTO.Min", min);
        long hi = positive("RTO.Max", max);
        if (lo > hi) {
            throw new IllegalArgumentException("RTO.Min (" + min.toMillis() + " ms) exceeds RTO.Max (" + max.toMillis() + " ms)");
        }
        if (i < lo || i > hi) {
            throw new IllegalArgumentException("RTO.Initial (" + initial.toMillis() + " ms) must lie between RTO.Min and RTO.Max");
        }
        rtoInitialNanos = i;
        rtoMinNanos = lo;
        rtoMaxNanos = hi;
        return this;
    }

    // ---- Retransmission limits (RFC 9260 §8.1, §8.2, §5.1; RFC 7829) ----

    public int maxBurst() {
        return maxBurst;
    }

    public ProtocolParameters maxBurst(int v) {
        maxBurst = atLeast("Max.Burst", v, 1);
        return this;
    }

    public int associationMaxRetrans() {
        return associationMaxRetrans;
    }

    public ProtocolParameters associationMaxRetrans(int v) {
        associationMaxRetrans = atLeast("Association.Max.Retrans", v, 1);
        return this;
    }

    public int pathMaxRetrans() {
        return pathMaxRetrans;
    }

    public ProtocolParameters pathMaxRetrans(int v) {
        pathMaxRetrans = atLeast("Path.Max.Retrans", v, 0);
        return this;
    }

    public int maxInitRetransmits() {
        return maxInitRetransmits;
    }

    public ProtocolParameters maxInitRetransmits(int v) {
        maxInitRetransmits = atLeast("Max.Init.Retransmits", v, 0);
        return this;
    }

    public int potentiallyFailedMaxRetrans() {
        return potentiallyFailedMaxRetrans;
    }

    /** RFC 7829 PotentiallyFailed.Max.Retrans; a value above Path.Max.Retrans turns the PF state off. */
    public ProtocolParameters potentiallyFailedMaxRetrans(int v) {
        potentiallyFailedMaxRetrans = atLeast("PotentiallyFailed.Max.Retrans", v, 0);
        return this;
    }

    /** True when the RFC 7829 potentially-failed state is in use. */
    public boolean potentiallyFailedEnabled() {
        return potentiallyFailedMaxRetrans <= pathMaxRetrans;
    }

    // ---- Cookie (RFC 9260 §5.1.3) ----

    public long validCookieLifeNanos() {
        return validCookieLifeNanos;
    }

    public ProtocolParameters validCookieLife(Duration d) {
        validCookieLifeNanos = positive("Valid.Cookie.Life", d);
        return this;
    }

    // ---- Heartbeat (RFC 9260 §8.3) ----

    public long heartbeatIntervalNanos() {
        return heartbeatIntervalNanos;
    }

    public ProtocolParameters heartbeatInterval(Duration d) {
        heartbeatIntervalNanos = positive("HB.interval", d);
        return this;
    }

    public boolean heartbeatEnabled() {
        return heartbeatEnabled;
    }

    public ProtocolParameters heartbeatEnabled(boolean on) {
        heartbeatEnabled = on;
        return this;
    }

    // ---- SACK (RFC 9260 §6.2; RFC 6458 SCTP_DELAYED_SACK) ----

    public long delayedSackNanos() {
        return delayedSackNanos;
    }

    /** Zero turns delayed SACK off (every packet with DATA is acknowledged at once). */
    public ProtocolParameters delayedSack(Duration d) {
        if (d == null || d.isNegative() || d.toMillis() > 500) {
            // RFC 9260 §6.2: the delay MUST NOT exceed 500 ms.
            throw new IllegalArgumentException("SACK delay must be between 0 and 500 ms, not " + d);
        }
        delayedSackNanos = d.toNanos();
        return this;
    }

    public int sackFrequency() {
        return sackFrequency;
    }

    public ProtocolParameters sackFrequency(int v) {
        sackFrequency = atLeast("SACK frequency", v, 1);
        return this;
    }

    // ---- Streams (RFC 6458 SCTP_INITMSG) ----

    public int outboundStreams() {
        return outboundStreams;
    }

    public ProtocolParameters outboundStreams(int v) {
        if (v < 1 || v > 65535) {
            throw new IllegalArgumentException("outbound streams must be between 1 and 65535, not " + v);
        }
        outboundStreams = v;
        return this;
    }

    public int maxInboundStreams() {
        return maxInboundStreams;
    }

    public ProtocolParameters maxInboundStreams(int v) {
        if (v < 1 || v > 65535) {
            throw new IllegalArgumentException("inbound streams must be between 1 and 65535, not " + v);
        }
        maxInboundStreams = v;
        return this;
    }

    // ---- Buffers (RFC 6458 SO_RCVBUF/SO_SNDBUF, SCTP_MAXSEG) ----

    public int receiveBuffer() {
        return receiveBuffer;
    }

    /** RFC 9260 §6: the initial a_rwnd must be at least 1500 bytes. */
    public ProtocolParameters receiveBuffer(int bytes) {
        receiveBuffer = atLeast("receive buffer", bytes, 1500);
        return this;
    }

    public int sendBuffer() {
        return sendBuffer;
    }

    public ProtocolParameters sendBuffer(int bytes) {
        sendBuffer = atLeast("send buffer", bytes, 1500);
        return this;
    }

    public int maxMessageSize() {
        return maxMessageSize;
    }

    public ProtocolParameters maxMessageSize(int bytes) {
        maxMessageSize = atLeast("maximum message size", bytes, 1);
        return this;
    }

    public int defaultPathMtu() {
        return defaultPathMtu;
    }

    /** The path MTU assumed until the transport or ICMP says otherwise. */
    public ProtocolParameters defaultPathMtu(int bytes) {
        if (bytes < 576 || bytes > 65535) {
            throw new IllegalArgumentException("path MTU must be between 576 and 65535, not " + bytes);
        }
        defaultPathMtu = bytes;
        return this;
    }

    public boolean noDelay() {
        return noDelay;
    }

    /** RFC 6458 SCTP_NODELAY: send small messages at once instead of waiting to bundle them. */
    public ProtocolParameters noDelay(boolean on) {
        noDelay = on;
        return this;
    }

    public long shutdownGuardNanos() {
        return shutdownGuardNanos > 0 ? shutdownGuardNanos : 5 * rtoMaxNanos;
    }

    public ProtocolParameters shutdownGuard(Duration d) {
        shutdownGuardNanos = positive("T5-shutdown-guard", d);
        return this;
    }

    public long autocloseNanos() {
        return autocloseNanos;
    }

    /** RFC 6458 SCTP_AUTOCLOSE; zero turns it off. */
    public ProtocolParameters autoclose(Duration d) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException("autoclose must not be negative: " + d);
        }
        autocloseNanos = d.toNanos();
        return this;
    }

    public int maxAssociationsPerEndpoint() {
        return maxAssociationsPerEndpoint;
    }

    public ProtocolParameters maxAssociationsPerEndpoint(int v) {
        maxAssociationsPerEndpoint = atLeast("maximum associations", v, 1);
        return this;
    }
}
