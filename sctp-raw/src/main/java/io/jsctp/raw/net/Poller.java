package io.jsctp.raw.net;

import java.nio.ByteBuffer;
import java.util.Objects;

import jnr.ffi.Pointer;

/**
 * Waits on several {@link Pollable}s at once with poll(2): the loop that drives a stack registers its
 * raw sockets, ICMP sockets and a {@link Wakeup}, then alternates {@link #poll(int)} (with the time to
 * its next timer as timeout) and non-blocking batch calls on whatever is ready.
 *
 * <p>The pollfd array is allocated once; a poll allocates nothing. Members cannot be removed: a closed
 * member is skipped and reports {@link #INVALID}. Not thread-safe: one loop thread owns it; other threads
 * wake it through a {@link Wakeup}.
 */
public final class Poller {
    /** Data to read (POLLIN). */
    public static final int READABLE = Native.POLLIN;
    /** Room to write (POLLOUT). */
    public static final int WRITABLE = Native.POLLOUT;
    /** An error is pending (POLLERR); always reported, never needs asking for. */
    public static final int ERROR = Native.POLLERR;
    /** Hang-up (POLLHUP); always reported. */
    public static final int HANGUP = Native.POLLHUP;
    /** The member is closed (POLLNVAL, or closed before the poll). */
    public static final int INVALID = Native.POLLNVAL;

    private final ByteBuffer fds;
    private final Pointer fdsPointer;
    private final Pollable[] members;
    private final NativeFd[] natives;
    private final boolean[] acquired;
    private final int[] interest;
    private final int[] ready;
    private int count;

    public Poller(int capacity) {
        if (capacity < 1 || capacity > 4096) {
            throw new IllegalArgumentException("capacity must be 1..4096, not " + capacity);
        }
        fds = Native.allocate(capacity * Native.POLLFD_SIZE);
        fdsPointer = Native.pointer(fds);
        members = new Pollable[capacity];
        natives = new NativeFd[capacity];
        acquired = new boolean[capacity];
        interest = new int[capacity];
        ready = new int[capacity];
    }

    /**
     * Adds a member waiting for {@code events} ({@link #READABLE} and/or {@link #WRITABLE}); returns its
     * key, the index to use with {@link #readyOps(int)} and {@link #setInterest(int, int)}.
     */
    public int add(Pollable member, int events) {
        Objects.requireNonNull(member, "member");
        if (count == members.length) {
            throw new IllegalStateException("poller is full (" + members.length + ")");
        }
        members[count] = member;
        natives[count] = nativeFdOf(member);
        interest[count] = events & (READABLE | WRITABLE);
        return count++;
    }

    /** Changes what member {@code key} waits for, e.g. adds WRITABLE while a send is blocked by EAGAIN. */
    public void setInterest(int key, int events) {
        checkKey(key);
        interest[key] = events & (READABLE | WRITABLE);
    }

    public int size() {
        return count;
    }

    public Pollable member(int key) {
        checkKey(key);
        return members[key];
    }

    /**
     * Waits until a member is ready or {@code timeoutMillis} passes (-1 waits for ever, 0 only looks).
     * Returns how many members have events; a signal interrupting the wait (EINTR) counts as a timeout.
     */
    public int poll(int timeoutMillis) throws ErrnoException {
        int closedReady = 0;
        for (int i = 0; i < count; i++) {
            int at = i * Native.POLLFD_SIZE;
            ready[i] = 0;
            acquired[i] = false;
            int fd;
            try {
                fd = natives[i].acquire("poll");
                acquired[i] = true;
            } catch (ErrnoException closed) {
                // poll(2) ignores negative descriptors; report the member as invalid ourselves.
                fd = -1;
                ready[i] = INVALID;
                closedReady++;
            }
            fds.putInt(at, fd);
            fds.putShort(at + 4, (short) interest[i]);
            fds.putShort(at + 6, (short) 0);
        }
        int n;
        try {
            // Closed members are ready at once; do not sleep past them.
            n = Native.C.poll(fdsPointer, count, closedReady > 0 ? 0 : timeoutMillis);
            if (n < 0) {
                int err = Native.errno();
                if (err == Errno.EINTR.number()) {
                    return closedReady;
                }
                throw new ErrnoException("poll", err);
            }
        } finally {
            for (int i = 0; i < count; i++) {
                if (acquired[i]) {
                    natives[i].release();
                }
            }
        }
        int readyMembers = 0;
        for (int i = 0; i < count; i++) {
            if (ready[i] == 0) {
                ready[i] = fds.getShort(i * Native.POLLFD_SIZE + 6) & 0xffff;
            }
            if (ready[i] != 0) {
                readyMembers++;
            }
        }
        return readyMembers;
    }

    /** The events member {@code key} reported in the last {@link #poll(int)}. */
    public int readyOps(int key) {
        checkKey(key);
        return ready[key];
    }

    public boolean isReadable(int key) {
        return (readyOps(key) & (READABLE | ERROR | HANGUP)) != 0;
    }

    public boolean isWritable(int key) {
        return (readyOps(key) & (WRITABLE | ERROR | HANGUP)) != 0;
    }

    private void checkKey(int key) {
        if (key < 0 || key >= count) {
            throw new IndexOutOfBoundsException("no member " + key + " (poller holds " + count + ")");
        }
    }

    static NativeFd nativeFdOf(Pollable p) {
        if (p instanceof RawSctpSocket) {
            return ((RawSctpSocket) p).nativeFd();
        }
        if (p instanceof IcmpSocket) {
            return ((IcmpSocket) p).nativeFd();
        }
        return ((Wakeup) p).nativeFd();
    }

    /** A per-thread pollfd for waiting on one descriptor, so that {@link #pollOne} allocates nothing. */
    private static final ThreadLocal<ByteBuffer> ONE = ThreadLocal.withInitial(() -> Native.allocate(Native.POLLFD_SIZE));
    private static final ThreadLocal<Pointer> ONE_POINTER = ThreadLocal.withInitial(() -> Native.pointer(ONE.get()));

    /** poll(2) on one descriptor; returns the ready events, 0 on timeout or EINTR. */
    static int pollOne(NativeFd nativeFd, int events, int timeoutMillis) throws ErrnoException {
        ByteBuffer one = ONE.get();
        Pointer p = ONE_POINTER.get();
        int fd = nativeFd.acquire("poll");
        try {
            one.putInt(0, fd);
            one.putShort(4, (short) events);
            one.putShort(6, (short) 0);
            int n = Native.C.poll(p, 1, timeoutMillis);
            if (n < 0) {
                int err = Native.errno();
                if (err == Errno.EINTR.number()) {
                    return 0;
                }
                throw new ErrnoException("poll", err);
            }
            return n == 0 ? 0 : one.getShort(6) & 0xffff;
        } finally {
            nativeFd.release();
        }
    }
}
