package io.jsctp.engine.path;

import io.jsctp.engine.Timer;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * One destination transport address of the peer and everything kept per destination (RFC 9260
 * §8, §6.3, §7.2): its state, error counter, RTO, congestion window, bytes in flight, path MTU, its
 * T3-rtx and heartbeat timers, and the local address packets to it are sent from.
 */
public final class Path {
    /** IPv4 header without options. */
    public static final int IPV4_HEADER = 20;
    /** IPv6 fixed header. */
    public static final int IPV6_HEADER = 40;

    private final InetAddress address;
    private InetAddress localAddress;
    private PathState state = PathState.ACTIVE;
    private boolean confirmed;
    private int errorCount;
    private final RtoEstimator rto;
    private final CongestionControl congestion;
    private int mtu;
    private long flightSize;
    private int outstandingChunks;
    private long lastDataSentNanos = Long.MIN_VALUE;
    private long lastHeard;
    private long heartbeatIntervalNanos;
    private int pathMaxRetrans;
    private boolean heartbeatEnabled;
    private boolean icmpRefused;

    // Heartbeat bookkeeping (§8.3, §5.4).
    private long heartbeatNonce;
    private boolean heartbeatOutstanding;
    private long heartbeatSentNanos;

    // The chunk being timed for an RTT measurement (§6.3.1 C4: one per round trip).
    private boolean rttProbeActive;
    private int rttProbeTsn;
    private long rttProbeSentNanos;

    private Timer t3;
    private Timer heartbeatTimer;

    // Counters for research users.
    private long bytesSent;
    private long packetsSent;
    private long dataChunksSent;
    private long retransmissions;
    private long timeouts;
    private long bytesAcked;

    public Path(InetAddress address, InetAddress localAddress, boolean confirmed, int mtu, long rtoInitial, long rtoMin,
                long rtoMax, long initialSsthresh, long heartbeatIntervalNanos, int pathMaxRetrans, boolean heartbeatEnabled) {
        this.address = address;
        this.localAddress = localAddress;
        this.confirmed = confirmed;
        this.mtu = mtu;
        this.rto = new RtoEstimator(rtoInitial, rtoMin, rtoMax);
        this.congestion = new CongestionControl(mtu, initialSsthresh);
        this.heartbeatIntervalNanos = heartbeatIntervalNanos;
        this.pathMaxRetrans = pathMaxRetrans;
        this.heartbeatEnabled = heartbeatEnabled;
    }

    public InetAddress address() {
        return address;
    }

    /** The local address packets to this destination leave from; null lets the transport choose. */
    public InetAddress localAddress() {
        return localAddress;
    }

    public void setLocalAddress(InetAddress a) {
        localAddress = a;
    }

    public PathState state() {
        return state;
    }

    public void setState(PathState s) {
        state = s;
    }

    public boolean isActive() {
        return state == PathState.ACTIVE;
    }

    /** Usable for data: confirmed and not INACTIVE (RFC 9260 §5.4: never send data to unconfirmed). */
    public boolean usableForData() {
        return confirmed && state != PathState.INACTIVE;
    }

    public boolean confirmed() {
        return confirmed;
    }

    public void setConfirmed(boolean c) {
        confirmed = c;
    }

    public int errorCount() {
        return errorCount;
    }

    /** Adds one to the error counter and returns the new value. */
    public int incrementErrors() {
        return ++errorCount;
    }

    public void clearErrors() {
        errorCount = 0;
    }

    public RtoEstimator rto() {
        return rto;
    }

    public CongestionControl congestion() {
        return congestion;
    }

    public int mtu() {
        return mtu;
    }

    public void setMtu(int mtu) {
        this.mtu = mtu;
        congestion.setMtu(mtu);
    }

    /** Bytes available for the SCTP packet: the path MTU less the IP header. */
    public int maxPacketSize() {
        return mtu - (address instanceof Inet6Address ? IPV6_HEADER : IPV4_HEADER);
    }

    /** Payload bytes of DATA chunks outstanding (sent, not yet acknowledged) to this destination. */
    public long flightSize() {
        return flightSize;
    }

    public int outstandingChunks() {
        return outstandingChunks;
    }

    public void addFlight(int bytes) {
        flightSize += bytes;
        outstandingChunks++;
    }

    public void removeFlight(int bytes) {
        flightSize -= bytes;
        outstandingChunks--;
        if (flightSize < 0 || outstandingChunks < 0) {
            throw new IllegalStateException("flight size of " + address.getHostAddress() + " went negative");
        }
    }

    public long lastDataSentNanos() {
        return lastDataSentNanos;
    }

    public void onDataSent(long now, int bytes, boolean retransmission) {
        lastDataSentNanos = now;
        bytesSent += bytes;
        dataChunksSent++;
        if (retransmission) {
            retransmissions++;
        }
    }

    public void onPacketSent() {
        packetsSent++;
    }

    public void onTimeoutCounted() {
        timeouts++;
    }

    public void onBytesAcked(long n) {
        bytesAcked += n;
    }

    public long heartbeatIntervalNanos() {
        return heartbeatIntervalNanos;
    }

    public void setHeartbeatIntervalNanos(long v) {
        heartbeatIntervalNanos = v;
    }

    public boolean heartbeatEnabled() {
        return heartbeatEnabled;
    }

    public void setHeartbeatEnabled(boolean on) {
        heartbeatEnabled = on;
    }

    public int pathMaxRetrans() {
        return pathMaxRetrans;
    }

    public void setPathMaxRetrans(int v) {
        pathMaxRetrans = v;
    }

    /** True when this address answered the association's INIT with an ICMP unreachable. */
    public boolean icmpRefused() {
        return icmpRefused;
    }

    public void setIcmpRefused(boolean v) {
        icmpRefused = v;
    }

    public long lastHeard() {
        return lastHeard;
    }

    public void heard(long now) {
        lastHeard = now;
    }

    // ---- heartbeats ----

    public boolean heartbeatOutstanding() {
        return heartbeatOutstanding;
    }

    public long heartbeatNonce() {
        return heartbeatNonce;
    }

    public long heartbeatSentNanos() {
        return heartbeatSentNanos;
    }

    public void onHeartbeatSent(long nonce, long now) {
        heartbeatNonce = nonce;
        heartbeatOutstanding = true;
        heartbeatSentNanos = now;
    }

    public void onHeartbeatAcked() {
        heartbeatOutstanding = false;
    }

    // ---- RTT probe (Karn's rule and one sample per round trip) ----

    public boolean rttProbeActive() {
        return rttProbeActive;
    }

    public int rttProbeTsn() {
        return rttProbeTsn;
    }

    public long rttProbeSentNanos() {
        return rttProbeSentNanos;
    }

    public void startRttProbe(int tsn, long now) {
        rttProbeActive = true;
        rttProbeTsn = tsn;
        rttProbeSentNanos = now;
    }

    public void cancelRttProbe() {
        rttProbeActive = false;
    }

    // ---- timers ----

    public Timer t3() {
        return t3;
    }

    public Timer heartbeatTimer() {
        return heartbeatTimer;
    }

    public void setTimers(Timer t3, Timer heartbeat) {
        this.t3 = t3;
        this.heartbeatTimer = heartbeat;
    }

    // ---- counters ----

    public long bytesSent() {
        return bytesSent;
    }

    public long packetsSent() {
        return packetsSent;
    }

    public long dataChunksSent() {
        return dataChunksSent;
    }

    public long retransmissions() {
        return retransmissions;
    }

    public long timeouts() {
        return timeouts;
    }

    public long bytesAcked() {
        return bytesAcked;
    }

    @Override
    public String toString() {
        return address.getHostAddress() + "[" + state + (confirmed ? "" : ",UNCONFIRMED") + "]";
    }
}
