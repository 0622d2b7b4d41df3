package io.jsctp.engine;

/**
 * Where an endpoint puts what it produces. The engine calls these synchronously from inside
 * {@code receive}, API calls and {@code runTimers}; an implementation must not call back into the
 * engine from them (queue what it gets, act after the call returns).
 */
public interface EngineOutput {
    /** A packet to send on the path the engine chose. */
    void transmit(OutboundPacket packet);

    /** Data or a notification for the user of {@code association}. */
    void deliver(Association association, AssociationEvent event);

    /** True when trace events are wanted; when false the engine does not even build them. */
    default boolean tracing() {
        return false;
    }

    /** An observation for traces, diagrams and plots. */
    default void trace(TraceEvent event) {}
}
