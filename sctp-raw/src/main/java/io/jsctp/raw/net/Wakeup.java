package io.jsctp.raw.net;

import java.io.Closeable;
import java.nio.ByteBuffer;

import jnr.ffi.Pointer;

/**
 * An eventfd(2) that other threads {@link #signal()} to wake a loop blocked in {@link Poller#poll(int)}
 * (for example, to hand it a user's send or close request). Signals coalesce: many signals before a
 * {@link #drain()} wake the loop once.
 */
public final class Wakeup implements Pollable, Closeable {
    /** The 8-byte value 1 that every signal writes; shared read-only by all writers. */
    private static final ByteBuffer ONE = Native.allocate(8).putLong(0, 1L);
    private static final Pointer ONE_POINTER = Native.pointer(ONE);

    private final NativeFd fd;
    private final ByteBuffer drainBuffer = Native.allocate(8);
    private final Pointer drainPointer = Native.pointer(drainBuffer);

    private Wakeup(int fd) {
        this.fd = new NativeFd(fd, "wakeup eventfd", this);
    }

    /** A new non-blocking, close-on-exec eventfd. */
    public static Wakeup open() throws ErrnoException {
        int fd = Native.C.eventfd(0, Native.EFD_NONBLOCK | Native.EFD_CLOEXEC);
        if (fd < 0) {
            throw Native.lastError("eventfd");
        }
        return new Wakeup(fd);
    }

    /** Makes the descriptor readable until drained. Safe from any thread. */
    public void signal() throws ErrnoException {
        int f = fd.acquire("write(eventfd)");
        try {
            long n = Native.C.write(f, ONE_POINTER, 8);
            // eventfd(2): EAGAIN only when the counter would overflow, i.e. a wake-up is already pending.
            if (n < 0 && Native.errno() != Errno.EAGAIN.number()) {
                throw Native.lastError("write(eventfd)");
            }
        } finally {
            fd.release();
        }
    }

    /** Resets the descriptor; returns true if there was a signal to consume. For the loop thread. */
    public boolean drain() throws ErrnoException {
        int f = fd.acquire("read(eventfd)");
        try {
            long n = Native.C.read(f, drainPointer, 8);
            if (n < 0) {
                if (Native.errno() == Errno.EAGAIN.number()) {
                    return false;
                }
                throw Native.lastError("read(eventfd)");
            }
            return true;
        } finally {
            fd.release();
        }
    }

    @Override
    public boolean isOpen() {
        return !fd.isClosed();
    }

    /** Idempotent. */
    @Override
    public void close() {
        fd.close();
    }

    NativeFd nativeFd() {
        return fd;
    }
}
