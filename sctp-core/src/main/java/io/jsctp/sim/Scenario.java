package io.jsctp.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * A standard experiment: two hosts, {@code paths} links between them, an association from host A
 * to host B, a transfer of {@code bytes} in messages of {@code messageSize} over {@code streams}
 * streams, then a graceful shutdown; with loss, duplication, reordering, delay, bandwidth and MTU
 * on every link, and paths cut and restored at given times. {@link ScenarioRun} carries it out;
 * the {@code jsctp sim} command and many tests are built on it.
 */
public final class Scenario {
    /** Cutting or restoring path {@code path} at virtual time {@code atNanos}. */
    public record PathEvent(int path, long atNanos) {}

    long seed = 1;
    long bytes = 1 << 20;
    int messageSize = 1200;
    int streams = 1;
    double unorderedFraction;
    double loss;
    double duplicate;
    double reorder;
    double delayMillis = 10;
    double jitterMillis;
    double bandwidthMbit;
    int mtu = 1500;
    int paths = 1;
    int connectDead;
    int pfMaxRetrans = -1; // -1: the default
    long rtoMinMillis = -1;
    long rtoInitialMillis = -1;
    long heartbeatIntervalMillis = -1;
    int receiveBuffer = -1;
    int sendBuffer = -1;
    boolean noDelay;
    boolean ipv6;
    long timeLimitNanos = 3_600_000_000_000L;
    final List<PathEvent> cuts = new ArrayList<>();
    final List<PathEvent> restores = new ArrayList<>();

    public Scenario seed(long v) {
        seed = v;
        return this;
    }

    public Scenario bytes(long v) {
        if (v < 0) {
            throw new IllegalArgumentException("bytes must not be negative: " + v);
        }
        bytes = v;
        return this;
    }

    public Scenario messageSize(int v) {
        if (v < 1) {
            throw new IllegalArgumentException("message size must be at least 1: " + v);
        }
        messageSize = v;
        return this;
    }

    public Scenario streams(int v) {
        if (v < 1 || v > 65535) {
            throw new IllegalArgumentException("streams must be between 1 and 65535: " + v);
        }
        streams = v;
        return this;
    }

    /** Share of messages sent unordered (0 to 1). */
    public Scenario unordered(double fraction) {
        unorderedFraction = probability("unordered fraction", fraction);
        return this;
    }

    public Scenario loss(double p) {
        loss = probability("loss", p);
        return this;
    }

    public Scenario duplicate(double p) {
        duplicate = probability("duplication", p);
        return this;
    }

    public Scenario reorder(double p) {
        reorder = probability("reordering", p);
        return this;
    }

    public Scenario delayMillis(double ms) {
        if (ms < 0) {
            throw new IllegalArgumentException("delay must not be negative: " + ms);
        }
        delayMillis = ms;
        return this;
    }

    public Scenario jitterMillis(double ms) {
        if (ms < 0) {
            throw new IllegalArgumentException("jitter must not be negative: " + ms);
        }
        jitterMillis = ms;
        return this;
    }

    /** Link rate; 0 for unlimited. */
    public Scenario bandwidthMbit(double v) {
        if (v < 0) {
            throw new IllegalArgumentException("bandwidth must not be negative: " + v);
        }
        bandwidthMbit = v;
        return this;
    }

    public Scenario mtu(int v) {
        if (v < 576 || v > 65535) {
            throw new IllegalArgumentException("MTU must be between 576 and 65535: " + v);
        }
        mtu = v;
        return this;
    }

    /** Addresses per host, one link per pair; path 0 is the primary. */
    public Scenario paths(int v) {
        if (v < 1 || v > 16) {
            throw new IllegalArgumentException("paths must be between 1 and 16: " + v);
        }
        paths = v;
        return this;
    }

    /** The first {@code k} addresses given to connectx belong to host B but are unreachable. */
    public Scenario connectDead(int k) {
        if (k < 0 || k > 16) {
            throw new IllegalArgumentException("dead connect addresses must be between 0 and 16: " + k);
        }
        connectDead = k;
        return this;
    }

    public Scenario cut(int path, long atNanos) {
        cuts.add(new PathEvent(path, atNanos));
        return this;
    }

    public Scenario restore(int path, long atNanos) {
        restores.add(new PathEvent(path, atNanos));
        return this;
    }

    public Scenario pfMaxRetrans(int v) {
        if (v < 0) {
            throw new IllegalArgumentException("PotentiallyFailed.Max.Retrans must not be negative: " + v);
        }
        pfMaxRetrans = v;
        return this;
    }

    public Scenario rtoMinMillis(long v) {
        rtoMinMillis = v;
        return this;
    }

    public Scenario rtoInitialMillis(long v) {
        rtoInitialMillis = v;
        return this;
    }

    public Scenario heartbeatIntervalMillis(long v) {
        heartbeatIntervalMillis = v;
        return this;
    }

    public Scenario receiveBuffer(int v) {
        receiveBuffer = v;
        return this;
    }

    public Scenario sendBuffer(int v) {
        sendBuffer = v;
        return this;
    }

    public Scenario noDelay(boolean v) {
        noDelay = v;
        return this;
    }

    /** Use IPv6 addresses (fd00::) instead of IPv4 (10.0.0.0/8). */
    public Scenario ipv6(boolean v) {
        ipv6 = v;
        return this;
    }

    /** Virtual time after which the run gives up. */
    public Scenario timeLimitNanos(long v) {
        timeLimitNanos = v;
        return this;
    }

    public int pathCount() {
        return paths;
    }

    private static double probability(String what, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(what + " must be between 0 and 1: " + p);
        }
        return p;
    }
}
