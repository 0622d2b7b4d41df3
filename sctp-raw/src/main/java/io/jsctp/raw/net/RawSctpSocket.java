package io.jsctp.raw.net;

import java.io.Closeable;
import java.nio.ByteBuffer;
import java.util.Objects;

import jnr.ffi.Pointer;

/**
 * A raw IP socket for protocol 132 (SCTP) in one address family: socket(AF_INET or AF_INET6, SOCK_RAW,
 * IPPROTO_SCTP), non-blocking, sending and receiving SCTP packets in batches.
 *
 * <p>What the kernel does for us and what it does not (raw(7), ipv6(7)): on send it builds the IP header
 * (no IP_HDRINCL) with protocol 132 and the source address we pick per packet; on receive it hands every
 * SCTP packet that reaches the namespace to every raw SCTP socket there, so jsctp opens one per family per
 * namespace and demultiplexes associations in Java. An IPv4 socket receives the IP header too (parsed
 * away by {@link ReceivedBatch}); an IPv6 socket receives only the payload. The SCTP checksum is neither
 * checked nor computed by the kernel: that is the codec's job (RFC 9260 §6.8).
 *
 * <p>The socket lives in the network namespace of the thread that opened it ({@link NetworkNamespace}),
 * and may then be used from any thread. It is safe to call {@link #send} and {@link #receive} from two
 * threads at once (each with its own batch) and to {@link #close()} from any thread; every call after
 * close fails with {@link ErrnoException} EBADF.
 *
 * <p>How an event loop uses it: register the socket with a {@link Poller} for READABLE; when readable,
 * call {@link #receive(ReceivedBatch)} until it returns 0 (EAGAIN), handing each entry to the engine;
 * collect the engine's outgoing packets in an {@link OutgoingBatch} (encoding into its slots) and call
 * {@link #send(OutgoingBatch)} once per loop turn. If a send stops with {@code blockedBy()} ENOBUFS
 * (a full send buffer, as raw sockets report it) or EAGAIN, keep the batch, add WRITABLE to the poller
 * interest and send again when writable.
 */
public final class RawSctpSocket implements Pollable, Closeable {
    private final IpFamily family;
    private final RawSocketOptions options;
    private final NativeFd fd;
    private final int receiveBufferBytes;
    private final int sendBufferBytes;

    private RawSctpSocket(IpFamily family, RawSocketOptions options, int fd, int rcvbuf, int sndbuf) {
        this.family = family;
        this.options = options;
        this.fd = new NativeFd(fd, "raw " + family + " SCTP socket", this);
        this.receiveBufferBytes = rcvbuf;
        this.sendBufferBytes = sndbuf;
    }

    /** Opens a socket with {@link RawSocketOptions#defaults()}. */
    public static RawSctpSocket open(IpFamily family) throws ErrnoException {
        return open(family, RawSocketOptions.defaults());
    }

    /**
     * Opens a socket in the calling thread's network namespace.
     *
     * @throws ErrnoException EPERM without CAP_NET_RAW; EBUSY if the kernel's own SCTP is loaded (see
     *     {@link KernelSctpCheck}) and not allowed; EAFNOSUPPORT if the family is disabled in the kernel;
     *     or the errno of a socket option the kernel refused
     */
    public static RawSctpSocket open(IpFamily family, RawSocketOptions options) throws ErrnoException {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(options, "options");
        KernelSctpCheck.requireNoKernelSctp(options.kernelSctpMarkers(), options.allowKernelSctp());

        int fd = Native.C.socket(family.af, Native.SOCK_RAW | Native.SOCK_NONBLOCK | Native.SOCK_CLOEXEC,
                Native.IPPROTO_SCTP);
        if (fd < 0) {
            throw socketError(family, Native.errno());
        }
        try {
            ByteBuffer scratch = Native.allocate(8);
            Pointer p = Native.pointer(scratch);
            int rcvbuf = setBuffer(fd, Native.SO_RCVBUFFORCE, Native.SO_RCVBUF, options.receiveBufferBytes(), scratch, p, "SO_RCVBUF");
            int sndbuf = setBuffer(fd, Native.SO_SNDBUFFORCE, Native.SO_SNDBUF, options.sendBufferBytes(), scratch, p, "SO_SNDBUF");
            if (family == IpFamily.IPV4) {
                // ip(7): IP_PKTINFO makes every received packet carry an in_pktinfo with the interface.
                setInt(fd, Native.IPPROTO_IP, Native.IP_PKTINFO, 1, scratch, p, "IP_PKTINFO");
                setInt(fd, Native.IPPROTO_IP, Native.IP_MTU_DISCOVER, options.pathMtuDiscovery().value, scratch, p,
                        "IP_MTU_DISCOVER");
            } else {
                // RFC 3542 §6.1: IPV6_RECVPKTINFO gives destination address and interface per packet;
                // §6.5: IPV6_RECVTCLASS gives the traffic class (ECN bits).
                setInt(fd, Native.IPPROTO_IPV6, Native.IPV6_RECVPKTINFO, 1, scratch, p, "IPV6_RECVPKTINFO");
                setInt(fd, Native.IPPROTO_IPV6, Native.IPV6_RECVTCLASS, 1, scratch, p, "IPV6_RECVTCLASS");
                setInt(fd, Native.IPPROTO_IPV6, Native.IPV6_MTU_DISCOVER, options.pathMtuDiscovery().value, scratch, p,
                        "IPV6_MTU_DISCOVER");
            }
            // socket(7): SO_RXQ_OVFL adds the count of packets dropped for lack of buffer space.
            setInt(fd, Native.SOL_SOCKET, Native.SO_RXQ_OVFL, 1, scratch, p, "SO_RXQ_OVFL");
            return new RawSctpSocket(family, options, fd, rcvbuf, sndbuf);
        } catch (ErrnoException | RuntimeException e) {
            Native.C.close(fd);
            throw e;
        }
    }

    static ErrnoException socketError(IpFamily family, int err) {
        String detail = null;
        if (err == Errno.EPERM.number() || err == Errno.EACCES.number()) {
            detail = "raw sockets need CAP_NET_RAW (or root); run as root, or grant the capability"
                    + " (e.g. setcap cap_net_raw+ep on the java binary, or --cap-add NET_RAW for a container)";
        } else if (err == Errno.EAFNOSUPPORT.number()) {
            detail = family + " is not available in this kernel or network namespace";
        }
        return new ErrnoException("socket(" + (family == IpFamily.IPV4 ? "AF_INET" : "AF_INET6")
                + ", SOCK_RAW, IPPROTO_SCTP)", err, detail);
    }

    /**
     * SO_RCVBUFFORCE/SO_SNDBUFFORCE (socket(7)) go past net.core.rmem_max/wmem_max but need CAP_NET_ADMIN;
     * without it they fail with EPERM and the plain option, capped by the sysctl, is used instead.
     * Returns what the kernel granted (it doubles the request for its own bookkeeping).
     */
    private static int setBuffer(int fd, int force, int plain, int bytes, ByteBuffer scratch, Pointer p, String what)
            throws ErrnoException {
        if (Native.setIntOption(fd, Native.SOL_SOCKET, force, bytes, scratch, p) != 0) {
            setInt(fd, Native.SOL_SOCKET, plain, bytes, scratch, p, what);
        }
        return Native.getIntOption(fd, Native.SOL_SOCKET, plain, what);
    }

    private static void setInt(int fd, int level, int name, int value, ByteBuffer scratch, Pointer p, String what)
            throws ErrnoException {
        if (Native.setIntOption(fd, level, name, value, scratch, p) != 0) {
            throw Native.lastError("setsockopt(" + what + ")");
        }
    }

    public IpFamily family() {
        return family;
    }

    public RawSocketOptions options() {
        return options;
    }

    /** The receive buffer the kernel granted (SO_RCVBUF as read back, i.e. doubled). */
    public int receiveBufferBytes() {
        return receiveBufferBytes;
    }

    /** The send buffer the kernel granted (SO_SNDBUF as read back). */
    public int sendBufferBytes() {
        return sendBufferBytes;
    }

    /** A batch sized by this socket's options ({@link RawSocketOptions#batchSize()} x slotBytes). */
    public OutgoingBatch newOutgoingBatch() {
        return new OutgoingBatch(family, options.batchSize(), options.slotBytes());
    }

    /** A batch sized by this socket's options. */
    public ReceivedBatch newReceivedBatch() {
        return new ReceivedBatch(family, options.batchSize(), options.slotBytes());
    }

    /**
     * Sends the batch's pending packets with as few sendmmsg(2) calls as possible, without blocking.
     *
     * <p>sendmmsg stops at the first message the kernel refuses and reports only how many went before it;
     * the refused one's errno comes from calling again with it first. So each refused packet is marked
     * with its errno ({@link OutgoingBatch#error(int)}) and the rest are sent: EPERM (a firewall
     * {@code output} rule dropped it), ENETUNREACH/EHOSTUNREACH (no route), EMSGSIZE (larger than the
     * interface MTU or, with {@link PathMtuDiscovery#DO}, the cached path MTU), EINVAL or EADDRNOTAVAIL (a
     * source address that is not ours), and so on.
     *
     * <p>Flow control stops the batch instead: on ENOBUFS (the send buffer is full: raw sockets say
     * ENOBUFS, not EAGAIN), EAGAIN or ENOMEM the remaining packets stay {@link OutgoingBatch#PENDING}
     * and {@link OutgoingBatch#blockedBy()} says why; calling send again once the socket is writable
     * resumes with them.
     *
     * @return the number of packets that got an outcome (sent or failed) in this call
     * @throws ErrnoException EBADF if the socket is closed; other errors of the socket itself (not of one
     *     packet) such as ENOTSOCK or EFAULT
     * @throws IllegalArgumentException if the batch is of the other family
     */
    public int send(OutgoingBatch batch) throws ErrnoException {
        Objects.requireNonNull(batch, "batch");
        if (batch.family() != family) {
            throw new IllegalArgumentException("an " + batch.family() + " batch cannot go through an " + family + " socket");
        }
        int f = fd.acquire("sendmmsg");
        try {
            batch.setBlockedBy(null);
            int done = 0;
            while (batch.firstPending() < batch.size()) {
                int start = batch.firstPending();
                int end = batch.prepareRun();
                if (end == start) {
                    batch.markFailed(Errno.EINVAL.number()); // an empty slot: nothing was written into it
                    done++;
                    continue;
                }
                int n = Native.C.sendmmsg(f, batch.mmsghdr(start), end - start, Native.MSG_DONTWAIT);
                if (n > 0) {
                    batch.markSent(n);
                    done += n;
                    continue;
                }
                int err = n == 0 ? Errno.EAGAIN.number() : Native.errno();
                Errno e = Errno.fromNumber(err);
                switch (e) {
                    case EINTR:
                        continue;
                    case EAGAIN:
                    case ENOBUFS:
                    case ENOMEM:
                        batch.setBlockedBy(e);
                        return done;
                    case EBADF:
                    case ENOTSOCK:
                    case EFAULT:
                        throw new ErrnoException("sendmmsg", err);
                    default:
                        batch.markFailed(err);
                        done++;
                }
            }
            return done;
        } finally {
            fd.release();
        }
    }

    /**
     * Receives up to {@link ReceivedBatch#capacity()} packets with one recvmmsg(2), without blocking.
     * The previous contents of the batch are discarded first.
     *
     * @return the number of packets now in the batch; 0 if none was waiting (EAGAIN)
     * @throws ErrnoException EBADF if the socket is closed, or another error of recvmmsg
     * @throws IllegalArgumentException if the batch is of the other family
     */
    public int receive(ReceivedBatch batch) throws ErrnoException {
        Objects.requireNonNull(batch, "batch");
        if (batch.family() != family) {
            throw new IllegalArgumentException("an " + batch.family() + " batch cannot receive from an " + family + " socket");
        }
        int f = fd.acquire("recvmmsg");
        try {
            batch.prepare();
            while (true) {
                int n = Native.C.recvmmsg(f, batch.vector(), batch.capacity(), Native.MSG_DONTWAIT, null);
                if (n >= 0) {
                    return batch.fill(n);
                }
                int err = Native.errno();
                if (err == Errno.EAGAIN.number()) {
                    return 0;
                }
                if (err != Errno.EINTR.number()) {
                    throw new ErrnoException("recvmmsg", err);
                }
            }
        } finally {
            fd.release();
        }
    }

    /**
     * Waits up to {@code timeoutMillis} (-1: for ever) until the socket is readable; for simple users
     * and tests (an event loop uses a {@link Poller}).
     */
    public boolean awaitReadable(int timeoutMillis) throws ErrnoException {
        return (Poller.pollOne(fd, Poller.READABLE, timeoutMillis) & (Poller.READABLE | Poller.ERROR)) != 0;
    }

    /** Waits up to {@code timeoutMillis} until the send buffer has room again. */
    public boolean awaitWritable(int timeoutMillis) throws ErrnoException {
        return (Poller.pollOne(fd, Poller.WRITABLE, timeoutMillis) & (Poller.WRITABLE | Poller.ERROR)) != 0;
    }

    /** The kernel's view of the descriptor's file status flags (fcntl F_GETFL); O_NONBLOCK is 0x800. */
    int fileStatusFlags() throws ErrnoException {
        int f = fd.acquire("fcntl");
        try {
            int flags = Native.C.fcntl(f, Native.F_GETFL, 0);
            if (flags < 0) {
                throw Native.lastError("fcntl(F_GETFL)");
            }
            return flags;
        } finally {
            fd.release();
        }
    }

    @Override
    public boolean isOpen() {
        return !fd.isClosed();
    }

    /**
     * Closes the socket. Idempotent and safe from any thread; a call running in another thread finishes
     * first (the descriptor is released when it returns), later calls fail with EBADF.
     */
    @Override
    public void close() {
        fd.close();
    }

    NativeFd nativeFd() {
        return fd;
    }

    @Override
    public String toString() {
        return "RawSctpSocket[" + family + (isOpen() ? ", fd " + fd.numberOrMinusOne() : ", closed") + "]";
    }
}
