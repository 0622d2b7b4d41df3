package io.jsctp.engine;

import java.util.PriorityQueue;

/**
 * All timers of one endpoint, ordered by deadline. The driver asks {@link #nextDeadline()} how long
 * it may sleep (that is the engine's "timer request") and calls {@link #runExpired(long)} when the
 * time has come.
 *
 * <p>Timers are restarted far more often than they expire (T3-rtx is restarted by nearly every
 * SACK), so a restart to a later deadline does not touch the heap: the existing entry stays, and
 * when it comes due the timer is simply re-queued at its real deadline. Only a restart to an earlier
 * deadline adds an entry; each timer remembers which of its entries is current, and stale ones are
 * dropped as they surface. The heap therefore holds about one entry per running timer.
 */
public final class TimerQueue {
    private record Entry(long when, long seq, Timer timer) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry o) {
            int c = Long.compare(when, o.when);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final PriorityQueue<Entry> heap = new PriorityQueue<>();
    private long seq;

    /** Earliest deadline of a running timer, or {@link Long#MAX_VALUE} when none runs. */
    public long nextDeadline() {
        while (!heap.isEmpty()) {
            Entry e = heap.peek();
            if (e.seq == e.timer.queuedSeq) {
                if (e.timer.running) {
                    // The entry may be early (the timer was pushed back); waking early is harmless.
                    return e.when;
                }
                e.timer.queuedSeq = -1; // the timer was stopped: its next start must queue afresh
            }
            heap.poll();
        }
        return Long.MAX_VALUE;
    }

    /** Fires, in deadline order, every timer whose deadline is at or before {@code now}. */
    public void runExpired(long now) {
        while (!heap.isEmpty() && heap.peek().when <= now) {
            Entry e = heap.poll();
            Timer t = e.timer;
            if (e.seq != t.queuedSeq) {
                continue; // superseded by an earlier entry
            }
            t.queuedSeq = -1;
            if (!t.running) {
                continue;
            }
            if (t.deadline > now) {
                enqueue(t, t.deadline); // pushed back since this entry was made
                continue;
            }
            t.running = false;
            t.fire();
        }
    }

    /** Number of heap entries, for tests and memory measurements. */
    public int size() {
        return heap.size();
    }

    void schedule(Timer t) {
        if (t.queuedSeq < 0 || t.deadline < t.queuedAt) {
            enqueue(t, t.deadline);
        }
    }

    private void enqueue(Timer t, long when) {
        long s = seq++;
        t.queuedSeq = s;
        t.queuedAt = when;
        heap.add(new Entry(when, s, t));
    }
}
