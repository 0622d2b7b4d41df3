package io.jsctp.engine;

import io.jsctp.engine.path.PathState;
import java.net.InetAddress;

/**
 * What the engine does, as it does it: the material of `--trace` output, ladder diagrams and plots.
 * Unlike {@link AssociationEvent}s, nothing here is meant for the application; an engine emits them
 * only when its output asks for them ({@link EngineOutput#tracing()}).
 */
public sealed interface TraceEvent {
    /** Virtual or real time of the event, in nanoseconds of the engine's clock. */
    long time();

    /** An association moved from one RFC 9260 §4 state to another. */
    record StateChanged(long time, int associationId, AssociationState from, AssociationState to, String cause)
            implements TraceEvent {}

    /** A timer was started from stopped, or restarted with a new duration after expiring. */
    record TimerStarted(long time, int associationId, TimerKind timer, InetAddress path, long durationNanos)
            implements TraceEvent {}

    /** A timer fired. */
    record TimerExpired(long time, int associationId, TimerKind timer, InetAddress path, int expirations)
            implements TraceEvent {}

    /** A destination changed state (RFC 9260 §8.2, RFC 7829). */
    record PathStateChanged(long time, int associationId, InetAddress path, PathState from, PathState to, String cause)
            implements TraceEvent {}

    /** A packet was dropped without being processed, and why. */
    record PacketDiscarded(long time, InetAddress source, InetAddress destination, String reason)
            implements TraceEvent {}

    /** A DATA chunk was retransmitted. */
    record Retransmitted(long time, int associationId, InetAddress path, int tsn, boolean fast)
            implements TraceEvent {}

    /** The congestion state of a destination changed (RFC 9260 §7.2). */
    record CongestionChanged(long time, int associationId, InetAddress path, long cwnd, long ssthresh,
                             long flightSize, long rtoNanos, String cause) implements TraceEvent {}
}
