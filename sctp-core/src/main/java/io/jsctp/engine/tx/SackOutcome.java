package io.jsctp.engine.tx;

import io.jsctp.engine.path.Path;

/**
 * What one SACK did, for the association to act on: which destinations had data acknowledged (for
 * congestion control, timers and error counters), which had chunks newly marked for fast
 * retransmission, and whether the SACK was usable at all. One instance is reused for every SACK.
 */
public final class SackOutcome {
    /** The SACK's cumulative TSN is below the Cumulative TSN Ack Point: an old SACK, ignored (§6.2.1 D i). */
    public boolean stale;
    /** The SACK acknowledges a TSN never sent: a protocol violation. */
    public boolean invalid;
    /** The Cumulative TSN Ack Point moved forward. */
    public boolean cumAdvanced;
    /** Payload bytes newly acknowledged, by cumulative ack or gap blocks. */
    public long ackedBytes;
    /** Chunks newly marked for fast retransmission. */
    public int fastRetransmitMarked;
    /** Chunks found reneged (gap-acked before, missing now). */
    public int reneged;

    int paths;
    Path[] path = new Path[4];
    long[] pathAckedBytes = new long[4];
    long[] pathFlightBefore = new long[4];
    boolean[] pathFastRetransmit = new boolean[4];
    boolean[] pathReneged = new boolean[4];

    void reset() {
        stale = false;
        invalid = false;
        cumAdvanced = false;
        ackedBytes = 0;
        fastRetransmitMarked = 0;
        reneged = 0;
        for (int i = 0; i < paths; i++) {
            path[i] = null;
        }
        paths = 0;
    }

    /** Number of destinations the SACK touched. */
    public int pathCount() {
        return paths;
    }

    public Path path(int i) {
        return path[i];
    }

    /** Bytes newly acknowledged that had been sent to destination {@code i}. */
    public long ackedBytes(int i) {
        return pathAckedBytes[i];
    }

    /** The destination's flight size before the SACK was processed. */
    public long flightBefore(int i) {
        return pathFlightBefore[i];
    }

    /** True when chunks last sent to destination {@code i} were newly marked for fast retransmission. */
    public boolean fastRetransmit(int i) {
        return pathFastRetransmit[i];
    }

    /** True when chunks last sent to destination {@code i} were reneged. */
    public boolean reneged(int i) {
        return pathReneged[i];
    }

    int slot(Path p) {
        for (int i = 0; i < paths; i++) {
            if (path[i] == p) {
                return i;
            }
        }
        if (paths == path.length) {
            int n = paths * 2;
            path = java.util.Arrays.copyOf(path, n);
            pathAckedBytes = java.util.Arrays.copyOf(pathAckedBytes, n);
            pathFlightBefore = java.util.Arrays.copyOf(pathFlightBefore, n);
            pathFastRetransmit = java.util.Arrays.copyOf(pathFastRetransmit, n);
            pathReneged = java.util.Arrays.copyOf(pathReneged, n);
        }
        int i = paths++;
        path[i] = p;
        pathAckedBytes[i] = 0;
        pathFlightBefore[i] = p.flightSize();
        pathFastRetransmit[i] = false;
        pathReneged[i] = false;
        return i;
    }
}
