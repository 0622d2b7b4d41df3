package io.jsctp.engine;

/**
 * The engine's only source of time: a monotonic count of nanoseconds. The simulator passes its
 * virtual clock, the raw transport {@code System::nanoTime}; the engine never reads a clock itself,
 * so every run in the simulator is exactly reproducible.
 */
@FunctionalInterface
public interface Clock {
    long nanos();
}
