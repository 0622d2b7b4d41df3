package io.jsctp.engine;

/** One SCTP association: the Transmission Control Block of RFC 9260 §14 and its state machine. */
public final class Association {
    private final int id;
    private AssociationState state = AssociationState.CLOSED;

    Association(int id) {
        this.id = id;
    }

    /** The association identifier: non-zero, unique within its endpoint while it exists. */
    public int id() {
        return id;
    }

    public AssociationState state() {
        return state;
    }
}
