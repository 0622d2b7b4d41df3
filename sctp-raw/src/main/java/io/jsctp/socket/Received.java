package io.jsctp.socket;

/**
 * One item from a socket's receive path: a message, or a notification the socket subscribed to.
 * RFC 6458 delivers both through recvmsg, notifications flagged with MSG_NOTIFICATION; here the
 * two are told apart by type.
 */
public sealed interface Received {
    /** The association it came from. */
    int associationId();

    /** A message, or a piece of one ({@link MessageInfo#complete()} false). */
    record Message(MessageInfo info, byte[] data) implements Received {
        @Override
        public int associationId() {
            return info.associationId();
        }

        public int length() {
            return data.length;
        }
    }

    /** A notification. */
    record Event(Notification notification) implements Received {
        @Override
        public int associationId() {
            return notification.associationId();
        }
    }
}
