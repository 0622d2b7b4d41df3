package io.jsctp.socket;

import io.jsctp.raw.net.Errno;
import io.jsctp.raw.net.ErrnoException;

/**
 * EINPROGRESS from a non-blocking connectx: the association exists and has its identifier; its
 * outcome arrives later (SO_ERROR, and the SCTP_ASSOC_CHANGE notification).
 */
public final class ConnectInProgressException extends ErrnoException {
    private static final long serialVersionUID = 1L;
    private final int associationId;

    public ConnectInProgressException(int associationId) {
        super("connectx", Errno.EINPROGRESS, "association " + associationId + " is being set up");
        this.associationId = associationId;
    }

    public int associationId() {
        return associationId;
    }
}
