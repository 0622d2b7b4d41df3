package io.jsctp.engine;

import java.net.InetAddress;

/**
 * One named timer of an association, possibly tied to a destination address. It only knows its
 * deadline; the {@link TimerQueue} it belongs to decides when it fires.
 */
public final class Timer {
    /** Called when a timer fires. */
    @FunctionalInterface
    public interface Action {
        void expired(Timer timer);
    }

    private final TimerQueue queue;
    private final TimerKind kind;
    private final InetAddress path;
    private final Action action;

    boolean running;
    long deadline;
    long queuedSeq = -1;
    long queuedAt;
    private long duration;
    private int expirations;

    public Timer(TimerQueue queue, TimerKind kind, InetAddress path, Action action) {
        this.queue = queue;
        this.kind = kind;
        this.path = path;
        this.action = action;
    }

    /** Starts, or restarts, the timer to fire {@code durationNanos} after {@code now}. */
    public void start(long now, long durationNanos) {
        running = true;
        duration = durationNanos;
        deadline = now + durationNanos;
        queue.schedule(this);
    }

    /** Starts the timer unless it is already running (RFC 9260 §6.3.2 rule R1 for T3-rtx). */
    public void startIfStopped(long now, long durationNanos) {
        if (!running) {
            start(now, durationNanos);
        }
    }

    public void stop() {
        running = false;
    }

    public boolean isRunning() {
        return running;
    }

    /** Absolute deadline in nanoseconds; meaningful while running. */
    public long deadline() {
        return deadline;
    }

    /** The duration of the last start. */
    public long duration() {
        return duration;
    }

    public TimerKind kind() {
        return kind;
    }

    /** The destination the timer belongs to, or null for association-wide timers. */
    public InetAddress path() {
        return path;
    }

    /** How many times the timer has fired since {@link #resetExpirations()}. */
    public int expirations() {
        return expirations;
    }

    public void resetExpirations() {
        expirations = 0;
    }

    void fire() {
        expirations++;
        action.expired(this);
    }
}
