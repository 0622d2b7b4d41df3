package io.jsctp.sim;

import io.jsctp.engine.Clock;

/** Simulated time: it moves only when the simulator moves it, straight to the next thing due. */
public final class VirtualClock implements Clock {
    private long now;

    @Override
    public long nanos() {
        return now;
    }

    void advanceTo(long t) {
        if (t < now) {
            throw new IllegalStateException("time cannot go back from " + now + " to " + t);
        }
        now = t;
    }
}
