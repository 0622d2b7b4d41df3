package io.jsctp.raw.net;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A file descriptor that can be closed from any thread while another thread is inside a system call
 * on it, without the classic race: if close(2) ran at once, the kernel could hand the same number to a
 * file opened meanwhile, and the in-flight caller's next call would read or write someone else's file.
 *
 * <p>Each call brackets its use with {@link #acquire(String)} and {@link #release()}; {@link #close()}
 * marks the descriptor closed at once (new calls fail with EBADF) and the real close(2) runs when the
 * last user releases it. The counters are volatile/atomic, so the "closed, then count" and "count,
 * then closed" checks of the two sides cannot both miss each other.
 *
 * <p>A descriptor whose owner is dropped without {@code close()} is closed when the owner is collected
 * (a {@link Cleaner}), so a forgotten socket does not leak a descriptor for the life of the JVM.
 */
final class NativeFd {
    private static final Cleaner CLEANER = Cleaner.create();

    private final int fd;
    private final String what;
    private final AtomicInteger users = new AtomicInteger();
    private final AtomicBoolean nativelyClosed = new AtomicBoolean();
    private volatile boolean closed;

    /**
     * @param owner the object whose collection closes the descriptor if nobody closed it; the cleaning
     *     action refers to this NativeFd only, never to the owner
     */
    NativeFd(int fd, String what, Object owner) {
        this.fd = fd;
        this.what = what;
        CLEANER.register(owner, this::close);
    }

    /**
     * Returns the descriptor for one call and counts the caller as a user.
     *
     * @throws ErrnoException EBADF once {@link #close()} has been called
     */
    int acquire(String operation) throws ErrnoException {
        users.incrementAndGet();
        if (closed) {
            release();
            throw closedError(operation);
        }
        return fd;
    }

    /** Ends the use begun by a successful {@link #acquire(String)}. */
    void release() {
        if (users.decrementAndGet() == 0 && closed) {
            closeNativeOnce();
        }
    }

    /** Idempotent; safe from any thread. */
    void close() {
        closed = true;
        if (users.get() == 0) {
            closeNativeOnce();
        }
    }

    boolean isClosed() {
        return closed;
    }

    /** The number, for poll(2) and diagnostics; -1 once closed. */
    int numberOrMinusOne() {
        return closed ? -1 : fd;
    }

    ErrnoException closedError(String operation) {
        return new ErrnoException(operation, Errno.EBADF, what + " is closed");
    }

    private void closeNativeOnce() {
        if (nativelyClosed.compareAndSet(false, true)) {
            // close(2): the descriptor is released even when close reports an error (EINTR included on
            // Linux), so there is nothing to retry and nothing useful to report.
            Native.C.close(fd);
        }
    }
}
