package io.jsctp.raw.net;

/**
 * Something a {@link Poller} can wait on: the sockets of this package and a {@link Wakeup}. Sealed so
 * that the poller can reach their descriptors without publishing file-descriptor numbers in the API.
 */
public sealed interface Pollable permits RawSctpSocket, IcmpSocket, Wakeup {
    /** False once closed. */
    boolean isOpen();
}
