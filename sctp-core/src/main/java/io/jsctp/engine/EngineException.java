package io.jsctp.engine;

/** A user call the engine refused, with the reason as an {@link SctpError}. */
public final class EngineException extends Exception {
    private static final long serialVersionUID = 1L;
    private final SctpError error;

    public EngineException(SctpError error, String message) {
        super(message);
        this.error = error;
    }

    public SctpError error() {
        return error;
    }
}
