package io.jsctp.socket;

import io.jsctp.engine.Association;
import io.jsctp.engine.AssociationEvent;
import io.jsctp.engine.AssociationState;
import io.jsctp.engine.Endpoint;
import io.jsctp.engine.EngineException;
import io.jsctp.engine.EngineOutput;
import io.jsctp.engine.OutboundPacket;
import io.jsctp.engine.OutgoingMessage;
import io.jsctp.engine.ProtocolParameters;
import io.jsctp.engine.TraceEvent;
import io.jsctp.raw.net.Errno;
import io.jsctp.raw.net.ErrnoException;
import io.jsctp.raw.net.Interfaces;
import io.jsctp.raw.net.IpFamily;
import io.jsctp.raw.net.LocalAddress;
import io.jsctp.wire.Bytes;
import java.io.Closeable;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An SCTP socket, in either style of RFC 6458: one-to-one (like SOCK_STREAM: {@link #listen},
 * {@link #accept}, one association) or one-to-many (like SOCK_SEQPACKET: many associations on one
 * socket, {@link #peeloff} to take one out).
 *
 * <p>Thread safe. Calls that wait (connect, accept, send with a full buffer, receive) honour the
 * socket's timeouts and its blocking mode; in non-blocking mode they fail with EAGAIN or EINPROGRESS
 * instead, and {@link #readyOps()} tells what would not block. Every failure is an
 * {@link ErrnoException} carrying the errno the equivalent C call sets.
 */
public final class SctpSocket implements Closeable {
    /** The two socket styles of RFC 6458. */
    public enum Style {
        /** SOCK_STREAM: one association per socket (RFC 6458 §4). */
        ONE_TO_ONE,
        /** SOCK_SEQPACKET: any number of associations per socket (RFC 6458 §3). */
        ONE_TO_MANY
    }

    /** Readiness bits of {@link #readyOps()}. */
    public static final int READABLE = 1;
    public static final int WRITABLE = 2;
    public static final int ACCEPTABLE = 4;
    public static final int ERROR = 8;

    private enum Phase { OPEN, BOUND, LISTENING, CONNECTING, CONNECTED, CLOSED }

    /** What the socket knows of one association; shared between the user's threads and the loop. */
    private static final class Assoc {
        final int id;
        final Association engine;      // loop thread only
        boolean up;
        boolean ended;
        int failure;                   // errno when the association failed or ended abnormally
        boolean peerShutdown;
        int outboundStreams;
        int inboundStreams;
        List<InetAddress> peers = List.of();
        InetAddress primary;
        final ArrayDeque<OutgoingMessage> pipe = new ArrayDeque<>();
        long pipeBytes;
        long engineUsed;               // the engine's send buffer use, as of the last loop turn
        long consumedPending;          // bytes read by the user, not yet told to the engine
        boolean drainScheduled;
        boolean shutdownAfterPipe;

        Assoc(int id, Association engine) {
            this.id = id;
            this.engine = engine;
        }
    }

    private final SctpStack stack;
    private final IpFamily family;
    private final Style style;
    /*
     * Two locks. `lock` guards the fields both the user's threads and the loop thread touch; the loop
     * takes it, so no thread may hold it while waiting for the loop (that would deadlock).
     * `setupLock` serialises bind, listen and connect, which must wait for the loop; the loop never
     * takes it.
     */
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ReentrantLock setupLock = new ReentrantLock();

    // Guarded by lock.
    private Phase phase = Phase.OPEN;
    private int localPort;
    private final List<InetAddress> boundAddresses = new ArrayList<>(); // empty: the wildcard
    private final Map<Integer, Assoc> associations = new LinkedHashMap<>();
    private final ArrayDeque<Received> receiveQueue = new ArrayDeque<>();
    private final ArrayDeque<SctpSocket> acceptQueue = new ArrayDeque<>();
    private int backlog;
    private int soError;
    private boolean blocking = true;
    private long receiveTimeoutNanos;  // 0: wait for ever
    private long sendTimeoutNanos;
    private boolean broadcast;
    private int lingerSeconds = -1;    // -1: SO_LINGER off
    private final Set<NotificationType> subscribed = EnumSet.noneOf(NotificationType.class);
    private final ProtocolParameters params;
    private int pendingConnect;        // association id of a non-blocking connect in progress, or 0

    // Loop thread only.
    private Endpoint endpoint;
    private SctpSocket owner;          // for accepted and peeled-off sockets: the socket whose endpoint it is
    private final Map<Association, SctpSocket> routes = new IdentityHashMap<>(); // on the endpoint's owner

    private SctpSocket(SctpStack stack, IpFamily family, Style style, ProtocolParameters params) {
        this.stack = stack;
        this.family = family;
        this.style = style;
        this.params = params;
    }

    /** A socket on the process's default stack (RFC 6458 socket(AF_INET|AF_INET6, style, IPPROTO_SCTP)). */
    public static SctpSocket open(IpFamily family, Style style) throws ErrnoException {
        return open(SctpStack.defaultStack(), family, style);
    }

    /** A socket on a given stack, for example one living in another network namespace. */
    public static SctpSocket open(SctpStack stack, IpFamily family, Style style) throws ErrnoException {
        if (stack == null || family == null || style == null) {
            throw new ErrnoException("socket", Errno.EINVAL, "stack, family and style must not be null");
        }
        if (!stack.isOpen()) {
            throw new ErrnoException("socket", Errno.EBADF, "the SCTP stack is closed");
        }
        if (family == IpFamily.IPV6 && !stack.call(stack::hasIpv6)) {
            throw new ErrnoException("socket", Errno.EAFNOSUPPORT, "this host has no IPv6");
        }
        return new SctpSocket(stack, family, style, stack.options().defaults.copy());
    }

    public IpFamily family() {
        return family;
    }

    public Style style() {
        return style;
    }

    public SctpStack stack() {
        return stack;
    }

    // ===================================================================================
    // Binding
    // ===================================================================================

    /**
     * Binds to a local address and port (bind(2)); a wildcard address means every address of the
     * socket's family, port 0 an ephemeral port.
     */
    public void bind(InetSocketAddress local) throws ErrnoException {
        if (local == null) {
            throw new ErrnoException("bind", Errno.EFAULT, "address is null");
        }
        bindx(List.of(local), true, "bind");
    }

    /**
     * Adds or removes addresses of the socket before it has associations (RFC 6458 sctp_bindx with
     * SCTP_BINDX_ADD_ADDR or SCTP_BINDX_REM_ADDR). All addresses share one port.
     */
    public void bindx(List<InetSocketAddress> addresses, boolean add) throws ErrnoException {
        bindx(addresses, add, "sctp_bindx");
    }

    private void bindx(List<InetSocketAddress> addresses, boolean add, String op) throws ErrnoException {
        if (addresses == null) {
            throw new ErrnoException(op, Errno.EFAULT, "address list is null");
        }
        if (addresses.isEmpty()) {
            throw new ErrnoException(op, Errno.EINVAL, "no address given");
        }
        int port = -1;
        List<InetAddress> addrs = new ArrayList<>();
        for (InetSocketAddress a : addresses) {
            if (a == null || a.getAddress() == null) {
                throw new ErrnoException(op, Errno.EINVAL, "address is null or unresolved: " + a);
            }
            checkFamily(op, a.getAddress());
            if (port >= 0 && a.getPort() != port && a.getPort() != 0) {
                throw new ErrnoException(op, Errno.EINVAL, "all addresses must have the same port");
            }
            port = Math.max(port, a.getPort());
            if (a.getAddress().isMulticastAddress()) {
                throw new ErrnoException(op, Errno.EINVAL, a.getAddress().getHostAddress() + " is a multicast address");
            }
            addrs.add(a.getAddress());
        }
        setupLock.lock();
        try {
            Phase current;
            List<InetAddress> newSet;
            int bindPort;
            lock.lock();
            try {
                checkOpen(op);
                current = phase;
                bindPort = localPort;
                newSet = new ArrayList<>(boundAddresses);
                if (!add) {
                    if (phase != Phase.BOUND || !associations.isEmpty()) {
                        throw new ErrnoException(op, Errno.EINVAL,
                                "only addresses of a bound socket without associations can be removed");
                    }
                    newSet.removeAll(addrs);
                    if (newSet.isEmpty()) {
                        throw new ErrnoException(op, Errno.EINVAL, "cannot remove the last address");
                    }
                } else {
                    if (phase != Phase.OPEN && phase != Phase.BOUND) {
                        throw new ErrnoException(op, Errno.EINVAL, "the socket is already " + phase.name().toLowerCase());
                    }
                    if (phase == Phase.BOUND && port != 0 && port != localPort) {
                        throw new ErrnoException(op, Errno.EINVAL, "the socket is bound to port " + localPort);
                    }
                    boolean wildcard = false;
                    for (InetAddress x : addrs) {
                        wildcard |= x.isAnyLocalAddress();
                    }
                    if (wildcard) {
                        newSet.clear();
                    } else {
                        for (InetAddress x : addrs) {
                            if (!newSet.contains(x)) {
                                newSet.add(x);
                            }
                        }
                    }
                }
            } finally {
                lock.unlock();
            }
            if (add) {
                List<InetAddress> local = localAddressesOf(op);
                for (InetAddress x : addrs) {
                    // 127.0.0.0/8 is local as a whole (Linux routes it to lo), not just 127.0.0.1.
                    if (!x.isAnyLocalAddress() && !local.contains(x) && !(x instanceof Inet4Address && x.isLoopbackAddress())) {
                        throw new ErrnoException(op, Errno.EADDRNOTAVAIL, x.getHostAddress() + " is not an address of this host");
                    }
                }
                if (port > 0 && port < privilegedPortLimit() && !Capabilities.canBindPrivilegedPorts()) {
                    throw new ErrnoException(op, Errno.EACCES, "port " + port + " is below " + privilegedPortLimit()
                            + " and the process lacks CAP_NET_BIND_SERVICE");
                }
            }
            boolean claimed = false;
            if (current == Phase.OPEN) {
                bindPort = claimPort(op, Math.max(port, 0));
                claimed = true;
            }
            try {
                rebindEndpoint(op, newSet, bindPort, false);
            } catch (ErrnoException e) {
                if (claimed) {
                    int p = bindPort;
                    stack.execute(() -> stack.ports().release(p));
                }
                throw e;
            }
            lock.lock();
            try {
                localPort = bindPort;
                boundAddresses.clear();
                boundAddresses.addAll(newSet);
                phase = Phase.BOUND;
            } finally {
                lock.unlock();
            }
        } finally {
            setupLock.unlock();
        }
    }

    private void checkFamily(String op, InetAddress a) throws ErrnoException {
        if (family == IpFamily.IPV4 && a instanceof Inet6Address) {
            throw new ErrnoException(op, Errno.EAFNOSUPPORT,
                    "an IPv4 socket cannot use the IPv6 address " + a.getHostAddress());
        }
    }

    private static int privilegedPortLimit() {
        try {
            String s = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/net/ipv4/ip_unprivileged_port_start")).trim();
            return Integer.parseInt(s);
        } catch (Exception e) {
            return 1024;
        }
    }

    private int claimPort(String op, int port) throws ErrnoException {
        return stack.call(() -> {
            if (port != 0) {
                if (stack.host().portInUse(port) || !stack.ports().claim(port)) {
                    throw new ErrnoException(op, Errno.EADDRINUSE, "port " + port + " is in use");
                }
                return port;
            }
            int lo = stack.options().ephemeralLow;
            int hi = stack.options().ephemeralHigh;
            int n = hi - lo + 1;
            int start = lo + (int) (Math.abs(System.nanoTime()) % n);
            for (int i = 0; i < n; i++) {
                int p = lo + (start - lo + i) % n;
                if (!stack.host().portInUse(p) && stack.ports().claim(p)) {
                    return p;
                }
            }
            throw new ErrnoException(op, Errno.EAGAIN, "no free local port in the ephemeral range " + lo + "-" + hi);
        });
    }

    private List<InetAddress> localAddressesOf(String op) throws ErrnoException {
        return stack.call(() -> {
            List<InetAddress> out = new ArrayList<>();
            for (LocalAddress a : Interfaces.addresses()) {
                InetAddress x = a.address();
                if (family == IpFamily.IPV4 && x instanceof Inet6Address) {
                    continue;
                }
                if (x instanceof Inet6Address v6 && (v6.isLinkLocalAddress() || v6.getScopeId() != 0)) {
                    continue; // link-local addresses need a scope SCTP cannot carry
                }
                out.add(x);
            }
            return out;
        });
    }

    /**
     * (Re)creates the engine endpoint for a set of bound addresses (empty: every address of the
     * family) on a port. Called with the setup lock held and the main lock free.
     */
    private void rebindEndpoint(String op, List<InetAddress> bound, int port, boolean listening) throws ErrnoException {
        List<InetAddress> addrs = bound.isEmpty() ? localAddressesOf(op) : List.copyOf(bound);
        if (addrs.isEmpty()) {
            throw new ErrnoException(op, Errno.EADDRNOTAVAIL, "this host has no " + family + " address");
        }
        ProtocolParameters snapshot;
        synchronized (params) {
            snapshot = params.copy();
        }
        stack.call(() -> {
            if (endpoint != null) {
                if (!endpoint.associations().isEmpty()) {
                    throw new ErrnoException(op, Errno.EINVAL, "the socket already has associations");
                }
                endpoint.close();
                endpoint = null;
            }
            try {
                endpoint = stack.host().bind(port, addrs, family == IpFamily.IPV6, snapshot, new Output(), stack.routes());
            } catch (EngineException e) {
                throw new ErrnoException(op, Errno.EADDRINUSE, e.getMessage());
            }
            endpoint.setPathMtuProvider(stack.routes());
            endpoint.listen(listening);
            stack.register(this);
            return null;
        });
    }

    /** The socket's local addresses and port (sctp_getladdrs with association 0). */
    public List<InetSocketAddress> getLocalAddresses() throws ErrnoException {
        lock.lock();
        try {
            checkOpen("sctp_getladdrs");
            if (phase == Phase.OPEN) {
                return List.of();
            }
        } finally {
            lock.unlock();
        }
        return stack.call(() -> {
            List<InetSocketAddress> out = new ArrayList<>();
            if (endpoint != null) {
                for (InetAddress a : endpoint.localAddresses()) {
                    out.add(new InetSocketAddress(a, endpoint.port()));
                }
            }
            return out;
        });
    }

    public int localPort() {
        lock.lock();
        try {
            return localPort;
        } finally {
            lock.unlock();
        }
    }

    // ===================================================================================
    // Listening and accepting
    // ===================================================================================

    /** Accepts associations from peers (listen(2)); binds to an ephemeral port if unbound. */
    public void listen(int backlog) throws ErrnoException {
        setupLock.lock();
        try {
            Phase current;
            lock.lock();
            try {
                checkOpen("listen");
                if (phase == Phase.CONNECTING || phase == Phase.CONNECTED) {
                    throw new ErrnoException("listen", Errno.EINVAL, "a connected socket cannot listen");
                }
                current = phase;
            } finally {
                lock.unlock();
            }
            if (current == Phase.OPEN) {
                int p = claimPort("listen", 0);
                rebindEndpoint("listen", List.of(), p, false);
                lock.lock();
                try {
                    localPort = p;
                    phase = Phase.BOUND;
                } finally {
                    lock.unlock();
                }
            }
            lock.lock();
            try {
                this.backlog = Math.max(1, backlog);
                if (style == Style.ONE_TO_ONE) {
                    phase = Phase.LISTENING;
                }
            } finally {
                lock.unlock();
            }
            stack.call(() -> {
                endpoint.listen(true);
                return null;
            });
        } finally {
            setupLock.unlock();
        }
    }

    /** Waits for and returns the next association a peer started (accept(2); one-to-one only). */
    public SctpSocket accept() throws ErrnoException {
        return accept(receiveTimeoutNanos > 0 ? Duration.ofNanos(receiveTimeoutNanos) : null);
    }

    /** Like {@link #accept()} with a time limit (null: none); EAGAIN when it passes. */
    public SctpSocket accept(Duration timeout) throws ErrnoException {
        if (style != Style.ONE_TO_ONE) {
            throw new ErrnoException("accept", Errno.EOPNOTSUPP, "accept is for one-to-one sockets; use peeloff");
        }
        lock.lock();
        try {
            long deadline = deadline(timeout);
            while (true) {
                checkOpen("accept");
                if (phase != Phase.LISTENING) {
                    throw new ErrnoException("accept", Errno.EINVAL, "the socket is not listening");
                }
                SctpSocket s = acceptQueue.poll();
                if (s != null) {
                    return s;
                }
                await("accept", deadline, !blocking);
            }
        } finally {
            lock.unlock();
        }
    }

    // ===================================================================================
    // Connecting (sctp_connectx)
    // ===================================================================================

    /**
     * Starts an association with a peer reachable at any of {@code peers} (RFC 6458 sctp_connectx):
     * the addresses share one port; an IPv4 socket takes IPv4 addresses only, an IPv6 socket both.
     * An unbound socket is first bound to an ephemeral port.
     *
     * @return the association identifier, once the association is up (blocking mode)
     * @throws ConnectInProgressException in non-blocking mode: EINPROGRESS, with the identifier
     * @throws ErrnoException EINVAL, EAFNOSUPPORT, EACCES, EISCONN, EALREADY, EAGAIN, ECONNREFUSED,
     *                        ETIMEDOUT, EPERM... exactly as sctp_connectx(3) and connect(2) describe
     */
    public int connectx(List<InetSocketAddress> peers) throws ErrnoException {
        String op = "connectx";
        if (peers == null) {
            throw new ErrnoException(op, Errno.EFAULT, "address list is null");
        }
        if (peers.isEmpty()) {
            throw new ErrnoException(op, Errno.EINVAL, "addrcnt must be at least 1");
        }
        int port = -1;
        List<InetAddress> addrs = new ArrayList<>(peers.size());
        for (InetSocketAddress a : peers) {
            if (a == null) {
                throw new ErrnoException(op, Errno.EFAULT, "address is null");
            }
            if (a.getAddress() == null) {
                throw new ErrnoException(op, Errno.EINVAL, "address " + a.getHostString() + " is unresolved");
            }
            InetAddress ip = a.getAddress();
            checkFamily(op, ip);
            if (a.getPort() == 0) {
                throw new ErrnoException(op, Errno.EINVAL, "port 0 is not a valid peer port");
            }
            if (port >= 0 && a.getPort() != port) {
                throw new ErrnoException(op, Errno.EINVAL, "all addresses must have the same port ("
                        + port + " and " + a.getPort() + ")");
            }
            port = a.getPort();
            if (ip.isAnyLocalAddress()) {
                throw new ErrnoException(op, Errno.EINVAL, ip.getHostAddress() + " is the wildcard address");
            }
            if (ip.isMulticastAddress()) {
                throw new ErrnoException(op, Errno.EINVAL, ip.getHostAddress() + " is a multicast address");
            }
            if (isBroadcast(ip) && !broadcastAllowed()) {
                throw new ErrnoException(op, Errno.EACCES, ip.getHostAddress()
                        + " is a broadcast address and SO_BROADCAST is not set");
            }
            addrs.add(ip);
        }
        Assoc a;
        setupLock.lock();
        try {
            Phase current;
            lock.lock();
            try {
                checkOpen(op);
                if (style == Style.ONE_TO_ONE) {
                    if (phase == Phase.CONNECTED) {
                        throw new ErrnoException(op, Errno.EISCONN, "the socket is already connected");
                    }
                    if (phase == Phase.CONNECTING) {
                        throw new ErrnoException(op, Errno.EALREADY, "a connection attempt is already in progress");
                    }
                    if (phase == Phase.LISTENING) {
                        throw new ErrnoException(op, Errno.EISCONN, "a listening socket cannot connect");
                    }
                }
                current = phase;
            } finally {
                lock.unlock();
            }
            if (current == Phase.OPEN) {
                int p = claimPort(op, 0);
                rebindEndpoint(op, List.of(), p, false);
                lock.lock();
                try {
                    localPort = p;
                    phase = Phase.BOUND;
                } finally {
                    lock.unlock();
                }
            }
            int peerPort = port;
            a = stack.call(() -> {
                Association existing = findExisting(addrs, peerPort);
                if (existing != null) {
                    throw new ErrnoException(op, existing.state() == AssociationState.COOKIE_WAIT
                            || existing.state() == AssociationState.COOKIE_ECHOED ? Errno.EALREADY : Errno.EISCONN,
                            "an association with that peer already exists");
                }
                Association x;
                try {
                    x = endpoint.connect(addrs, peerPort);
                } catch (EngineException e) {
                    throw toErrno(op, e);
                }
                // Registered before the loop can deliver any of its events.
                Assoc created = new Assoc(x.id(), x);
                created.peers = List.copyOf(addrs);
                created.primary = addrs.get(0);
                routes.put(x, this);
                lock.lock();
                try {
                    associations.put(created.id, created);
                    if (style == Style.ONE_TO_ONE) {
                        phase = Phase.CONNECTING;
                    }
                } finally {
                    lock.unlock();
                }
                return created;
            });
        } finally {
            setupLock.unlock();
        }
        lock.lock();
        try {
            if (!blocking) {
                pendingConnect = a.id;
                throw new ConnectInProgressException(a.id);
            }
            long deadline = deadline(sendTimeoutNanos > 0 ? Duration.ofNanos(sendTimeoutNanos) : null);
            while (!a.up && !a.ended) {
                try {
                    await(op, deadline, false);
                } catch (ErrnoException e) {
                    if (e.errno() == Errno.EAGAIN) {
                        pendingConnect = a.id; // SO_SNDTIMEO passed: like connect(2), the attempt goes on
                        throw new ConnectInProgressException(a.id);
                    }
                    throw e;
                }
            }
            if (!a.up) {
                int err = a.failure != 0 ? a.failure : Errno.ECONNREFUSED.number();
                associations.remove(a.id);
                if (style == Style.ONE_TO_ONE) {
                    phase = Phase.BOUND;
                }
                throw new ErrnoException(op, Errno.fromNumber(err), describeFailure(err, addrs));
            }
            return a.id;
        } finally {
            lock.unlock();
        }
    }

    private static String describeFailure(int err, List<InetAddress> addrs) {
        StringBuilder sb = new StringBuilder();
        for (InetAddress x : addrs) {
            sb.append(sb.length() == 0 ? "" : ", ").append(x.getHostAddress());
        }
        if (err == Errno.ETIMEDOUT.number()) {
            return "no answer from " + sb + " after the INIT retransmissions";
        }
        if (err == Errno.ECONNREFUSED.number()) {
            return "refused by " + sb;
        }
        return "could not associate with " + sb;
    }

    private Association findExisting(List<InetAddress> addrs, int peerPort) {
        for (InetAddress x : addrs) {
            Association e = endpoint.associationWith(x, peerPort);
            if (e != null) {
                return e;
            }
        }
        return null;
    }

    private boolean broadcastAllowed() {
        lock.lock();
        try {
            return broadcast;
        } finally {
            lock.unlock();
        }
    }

    private boolean isBroadcast(InetAddress ip) {
        if (!(ip instanceof Inet4Address)) {
            return false;
        }
        byte[] b = ip.getAddress();
        if ((b[0] & b[1] & b[2] & b[3]) == (byte) 0xff) {
            return true;
        }
        try {
            // A directed broadcast: the all-ones host part of one of our IPv4 subnets.
            for (LocalAddress la : stack.call(() -> Interfaces.addresses(IpFamily.IPV4))) {
                int prefix = la.prefixLength();
                if (prefix <= 0 || prefix >= 31) {
                    continue;
                }
                int net = toInt(la.address().getAddress());
                int x = toInt(b);
                int mask = -1 << (32 - prefix);
                if ((net & mask) == (x & mask) && (x | mask) == -1) {
                    return true;
                }
            }
        } catch (ErrnoException e) {
            return false;
        }
        return false;
    }

    private static int toInt(byte[] b) {
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    /**
     * SO_ERROR: the errno of the last asynchronous failure (a non-blocking connect that failed), and
     * clears it; 0 when there was none.
     */
    public int takeError() {
        lock.lock();
        try {
            if (pendingConnect != 0) {
                Assoc a = associations.get(pendingConnect);
                if (a == null || a.up || a.ended) {
                    if (a != null && !a.up) {
                        soError = a.failure != 0 ? a.failure : Errno.ECONNREFUSED.number();
                        associations.remove(a.id);
                        if (style == Style.ONE_TO_ONE) {
                            phase = Phase.BOUND;
                        }
                    }
                    pendingConnect = 0;
                }
            }
            int e = soError;
            soError = 0;
            return e;
        } finally {
            lock.unlock();
        }
    }

    /** True while a non-blocking connect is still in progress. */
    public boolean connectPending() {
        lock.lock();
        try {
            Assoc a = pendingConnect == 0 ? null : associations.get(pendingConnect);
            return a != null && !a.up && !a.ended;
        } finally {
            lock.unlock();
        }
    }

    // ===================================================================================
    // Sending (sctp_sendmsg / sctp_send)
    // ===================================================================================

    /** Sends a message (RFC 6458 sctp_sendmsg). Waits for buffer space unless non-blocking. */
    public void send(byte[] data, MessageInfo info) throws ErrnoException {
        if (data == null) {
            throw new ErrnoException("sctp_sendmsg", Errno.EFAULT, "data is null");
        }
        sendBytes(Bytes.copyOf(data), info);
    }

    /** Sends the buffer's remaining bytes as one message; the buffer's position moves to its limit. */
    public void send(ByteBuffer data, MessageInfo info) throws ErrnoException {
        if (data == null) {
            throw new ErrnoException("sctp_sendmsg", Errno.EFAULT, "data is null");
        }
        byte[] copy = new byte[data.remaining()];
        data.duplicate().get(copy);
        sendBytes(Bytes.wrap(copy), info);
        data.position(data.limit());
    }

    private void sendBytes(Bytes data, MessageInfo info) throws ErrnoException {
        String op = "sctp_sendmsg";
        if (info == null) {
            throw new ErrnoException(op, Errno.EFAULT, "message info is null");
        }
        if (info.sendAll()) {
            if (style != Style.ONE_TO_MANY) {
                throw new ErrnoException(op, Errno.EINVAL, "SCTP_SENDALL is for one-to-many sockets");
            }
            List<Integer> ids;
            lock.lock();
            try {
                ids = new ArrayList<>(associations.keySet());
            } finally {
                lock.unlock();
            }
            for (int id : ids) {
                sendBytes(data, info.sendAll(false).association(id));
            }
            return;
        }
        Assoc a = targetFor(op, info);
        if (info.abort()) {
            abortAssociation(a, data);
            return;
        }
        if (data.isEmpty()) {
            if (info.eof()) {
                shutdownAssociation(a);
                return;
            }
            throw new ErrnoException(op, Errno.EINVAL, "SCTP cannot send an empty message");
        }
        if (info.streamId() < 0 || info.streamId() > 0xffff) {
            throw new ErrnoException(op, Errno.EINVAL, "stream " + info.streamId() + " is out of range");
        }
        if (info.timeToLiveMillis() < 0) {
            throw new ErrnoException(op, Errno.EINVAL, "time to live must not be negative");
        }
        OutgoingMessage m = new OutgoingMessage(info.streamId(), info.ppid(), info.unordered(), data, info.context(),
                info.timeToLiveMillis(), false);
        lock.lock();
        try {
            long deadline = deadline(sendTimeoutNanos > 0 ? Duration.ofNanos(sendTimeoutNanos) : null);
            while (true) {
                checkOpen(op);
                if (a.ended) {
                    throw new ErrnoException(op, a.failure == Errno.ECONNRESET.number() ? Errno.ECONNRESET : Errno.EPIPE,
                            "association " + a.id + " has ended");
                }
                if (a.peerShutdown || a.shutdownAfterPipe) {
                    throw new ErrnoException(op, Errno.EPIPE, "association " + a.id + " is shutting down");
                }
                if (a.up && info.streamId() >= a.outboundStreams) {
                    throw new ErrnoException(op, Errno.EINVAL, "stream " + info.streamId() + " does not exist ("
                            + a.outboundStreams + " outbound streams)");
                }
                if (!a.up && info.streamId() >= params.outboundStreams()) {
                    throw new ErrnoException(op, Errno.EINVAL, "stream " + info.streamId() + " is beyond the "
                            + params.outboundStreams() + " outbound streams asked for");
                }
                if (data.length() > params.maxMessageSize()) {
                    throw new ErrnoException(op, Errno.EMSGSIZE, "message of " + data.length()
                            + " bytes exceeds the maximum of " + params.maxMessageSize());
                }
                long used = a.pipeBytes + a.engineUsed;
                if (used == 0 || used + data.length() <= params.sendBuffer()) {
                    a.pipe.add(m);
                    a.pipeBytes += data.length();
                    if (info.eof()) {
                        a.shutdownAfterPipe = true;
                    }
                    scheduleDrain(a);
                    return;
                }
                await(op, deadline, !blocking);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The association a send goes to; sets one up for a one-to-many send to a new address. */
    private Assoc targetFor(String op, MessageInfo info) throws ErrnoException {
        lock.lock();
        try {
            checkOpen(op);
            if (style == Style.ONE_TO_ONE) {
                if (phase != Phase.CONNECTED && phase != Phase.CONNECTING) {
                    throw new ErrnoException(op, phase == Phase.LISTENING ? Errno.ENOTCONN : Errno.ENOTCONN,
                            "the socket is not connected");
                }
                return associations.values().iterator().next();
            }
            if (info.associationId() != 0) {
                Assoc a = associations.get(info.associationId());
                if (a == null) {
                    throw new ErrnoException(op, Errno.EINVAL, "no association " + info.associationId() + " on this socket");
                }
                return a;
            }
            if (info.address() == null) {
                throw new ErrnoException(op, Errno.EDESTADDRREQ, "a one-to-many send needs an association id or an address");
            }
            for (Assoc a : associations.values()) {
                if (a.peers.contains(info.address().getAddress()) && !a.ended) {
                    return a;
                }
            }
        } finally {
            lock.unlock();
        }
        // RFC 6458 §3.1.5: implicit association setup; the message waits in the pipe for the handshake.
        boolean wasBlocking;
        lock.lock();
        try {
            wasBlocking = blocking;
            blocking = false;
        } finally {
            lock.unlock();
        }
        int id;
        try {
            id = connectx(List.of(info.address()));
        } catch (ConnectInProgressException e) {
            id = e.associationId();
        } finally {
            lock.lock();
            try {
                blocking = wasBlocking;
                pendingConnect = 0;
            } finally {
                lock.unlock();
            }
        }
        lock.lock();
        try {
            return associations.get(id);
        } finally {
            lock.unlock();
        }
    }

    private void scheduleDrain(Assoc a) {
        if (!a.drainScheduled) {
            a.drainScheduled = true;
            stack.execute(() -> drain(a));
        }
    }

    /** Loop thread: moves queued messages into the engine while its buffer takes them. */
    private void drain(Assoc a) {
        List<OutgoingMessage> batch = new ArrayList<>();
        boolean shutdown;
        lock.lock();
        try {
            a.drainScheduled = false;
            batch.addAll(a.pipe);
            shutdown = a.shutdownAfterPipe;
        } finally {
            lock.unlock();
        }
        int taken = 0;
        long takenBytes = 0;
        int failure = 0;
        for (OutgoingMessage m : batch) {
            try {
                if (!a.engine.send(m)) {
                    break; // the engine's buffer is full; SendSpaceAvailable brings us back
                }
            } catch (EngineException e) {
                failure = toErrno("sctp_sendmsg", e).number();
            }
            taken++;
            takenBytes += m.length();
            if (failure != 0) {
                break;
            }
        }
        boolean allTaken;
        lock.lock();
        try {
            for (int i = 0; i < taken; i++) {
                a.pipe.poll();
            }
            a.pipeBytes -= takenBytes;
            a.engineUsed = a.engine.sendBufferUsed();
            allTaken = a.pipe.isEmpty();
            if (failure != 0) {
                soError = failure;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (allTaken && shutdown && !a.engine.state().isShuttingDown() && a.engine.state() != AssociationState.CLOSED) {
            try {
                a.engine.shutdown();
            } catch (EngineException e) {
                // already closed: nothing left to shut down
            }
        }
    }

    // ===================================================================================
    // Receiving (sctp_recvmsg)
    // ===================================================================================

    /**
     * The next message or subscribed notification; waits unless non-blocking (EAGAIN). Returns null at
     * the end of a one-to-one association (the peer shut down and everything was read).
     */
    public Received receive() throws ErrnoException {
        return receive(receiveTimeoutNanos > 0 ? Duration.ofNanos(receiveTimeoutNanos) : null);
    }

    /** Like {@link #receive()} with a time limit (null: none); EAGAIN when it passes. */
    public Received receive(Duration timeout) throws ErrnoException {
        String op = "sctp_recvmsg";
        lock.lock();
        try {
            long deadline = deadline(timeout);
            while (true) {
                checkOpen(op);
                Received r = receiveQueue.poll();
                if (r != null) {
                    if (r instanceof Received.Message m) {
                        Assoc a = associations.get(m.associationId());
                        if (a != null) {
                            a.consumedPending += m.length();
                            boolean more = false;
                            for (Received x : receiveQueue) {
                                if (x.associationId() == a.id && x instanceof Received.Message) {
                                    more = true;
                                    break;
                                }
                            }
                            if (!more || a.consumedPending >= 64 * 1024) {
                                long n = a.consumedPending;
                                a.consumedPending = 0;
                                stack.execute(() -> {
                                    if (a.engine.state() != AssociationState.CLOSED && a.engine.unreadBytes() >= n) {
                                        a.engine.consumed(n);
                                    }
                                });
                            }
                        }
                    }
                    return r;
                }
                if (style == Style.ONE_TO_ONE && (phase == Phase.CONNECTED || phase == Phase.BOUND)) {
                    Assoc a = associations.isEmpty() ? null : associations.values().iterator().next();
                    if (a == null || a.peerShutdown || a.ended) {
                        if (a != null && a.ended && a.failure == Errno.ECONNRESET.number() && soError != 0) {
                            int e = soError;
                            soError = 0;
                            throw new ErrnoException(op, Errno.fromNumber(e), "the peer aborted the association");
                        }
                        return null; // end of the association's data
                    }
                }
                if (style == Style.ONE_TO_ONE && phase == Phase.LISTENING) {
                    throw new ErrnoException(op, Errno.ENOTCONN, "a listening socket has no association to read from");
                }
                await(op, deadline, !blocking);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Subscribes to notifications (RFC 6458 SCTP_EVENT); they then arrive through {@link #receive}. */
    public void subscribe(NotificationType... types) throws ErrnoException {
        lock.lock();
        try {
            checkOpen("setsockopt");
            for (NotificationType t : types) {
                if (t == null) {
                    throw new ErrnoException("setsockopt", Errno.EINVAL, "notification type is null");
                }
                subscribed.add(t);
            }
        } finally {
            lock.unlock();
        }
    }

    public void unsubscribe(NotificationType... types) {
        lock.lock();
        try {
            for (NotificationType t : types) {
                subscribed.remove(t);
            }
        } finally {
            lock.unlock();
        }
    }

    public Set<NotificationType> subscriptions() {
        lock.lock();
        try {
            return Set.copyOf(subscribed);
        } finally {
            lock.unlock();
        }
    }

    // ===================================================================================
    // Associations: addresses, status
    // ===================================================================================

    /** Identifiers of the socket's associations that are up or being set up. */
    public List<Integer> associationIds() {
        lock.lock();
        try {
            List<Integer> out = new ArrayList<>();
            for (Assoc a : associations.values()) {
                if (!a.ended) {
                    out.add(a.id);
                }
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** The peer's addresses, primary first (RFC 6458 sctp_getpaddrs). 0 names the one association of a one-to-one socket. */
    public List<InetSocketAddress> getPeerAddresses(int associationId) throws ErrnoException {
        Assoc a = association("sctp_getpaddrs", associationId);
        return stack.call(() -> {
            List<InetSocketAddress> out = new ArrayList<>();
            for (InetAddress x : a.engine.peerAddresses()) {
                out.add(new InetSocketAddress(x, a.engine.peerPort()));
            }
            return out;
        });
    }

    /** The local addresses an association uses (RFC 6458 sctp_getladdrs); 0 gives the socket's own. */
    public List<InetSocketAddress> getLocalAddresses(int associationId) throws ErrnoException {
        if (associationId == 0 && style == Style.ONE_TO_MANY) {
            return getLocalAddresses();
        }
        Assoc a = association("sctp_getladdrs", associationId);
        return stack.call(() -> {
            List<InetSocketAddress> out = new ArrayList<>();
            for (InetAddress x : a.engine.localAddresses()) {
                out.add(new InetSocketAddress(x, a.engine.localPort()));
            }
            return out;
        });
    }

    /** SCTP_STATUS and the paths of an association. */
    public AssociationStatus status(int associationId) throws ErrnoException {
        Assoc a = association("getsockopt", associationId);
        return stack.call(() -> {
            Association e = a.engine;
            long unacked = e.sendBufferUsed();
            return new AssociationStatus(e.id(), e.state().rfcName(), e.receiveWindow(), e.peerReceiveWindow(), unacked,
                    0, e.inboundStreams(), e.outboundStreams(), e.primaryAddress(), e.pathStatus(),
                    e.counters().snapshot());
        });
    }

    private Assoc association(String op, int id) throws ErrnoException {
        lock.lock();
        try {
            checkOpen(op);
            if (id == 0 && style == Style.ONE_TO_ONE) {
                if (associations.isEmpty()) {
                    throw new ErrnoException(op, Errno.ENOTCONN, "the socket has no association");
                }
                return associations.values().iterator().next();
            }
            Assoc a = associations.get(id);
            if (a == null) {
                throw new ErrnoException(op, Errno.EINVAL, "no association " + id + " on this socket");
            }
            return a;
        } finally {
            lock.unlock();
        }
    }

    /** The associations an option applies to: RFC 6458's assoc_id rules (0: future only, 1: current, 2: all). */
    private List<Assoc> optionTargets(String op, int associationId) throws ErrnoException {
        lock.lock();
        try {
            checkOpen(op);
            if (style == Style.ONE_TO_ONE || associationId == 1 || associationId == 2) {
                return new ArrayList<>(associations.values());
            }
            if (associationId == 0) {
                return List.of();
            }
            Assoc a = associations.get(associationId);
            if (a == null) {
                throw new ErrnoException(op, Errno.EINVAL, "no association " + associationId + " on this socket");
            }
            return List.of(a);
        } finally {
            lock.unlock();
        }
    }

    private boolean appliesToFuture(int associationId) {
        return style == Style.ONE_TO_ONE || associationId == 0 || associationId == 2;
    }

    // ===================================================================================
    // Options
    // ===================================================================================

    /** SCTP_RTOINFO: RTO.Initial, RTO.Min and RTO.Max (RFC 9260 §6.3.1). */
    public void setRtoInfo(int associationId, Duration initial, Duration min, Duration max) throws ErrnoException {
        String op = "setsockopt(SCTP_RTOINFO)";
        if (initial == null || min == null || max == null) {
            throw new ErrnoException(op, Errno.EINVAL, "RTO values must not be null");
        }
        try {
            new ProtocolParameters().rto(initial, min, max); // validates
        } catch (IllegalArgumentException e) {
            throw new ErrnoException(op, Errno.EINVAL, e.getMessage());
        }
        List<Assoc> targets = optionTargets(op, associationId);
        if (appliesToFuture(associationId)) {
            synchronized (params) {
                params.rto(initial, min, max);
            }
        }
        for (Assoc a : targets) {
            stack.call(() -> a.engine.parameters().rto(initial, min, max));
        }
    }

    /** SCTP_INITMSG: outbound streams, maximum inbound streams, INIT retransmissions, T1 ceiling. */
    public void setInitMessage(int outboundStreams, int maxInboundStreams, int maxAttempts, Duration maxInitTimeout)
            throws ErrnoException {
        String op = "setsockopt(SCTP_INITMSG)";
        lock.lock();
        try {
            checkOpen(op);
            synchronized (params) {
                if (outboundStreams > 0) {
                    params.outboundStreams(outboundStreams);
                }
                if (maxInboundStreams > 0) {
                    params.maxInboundStreams(maxInboundStreams);
                }
                if (maxAttempts > 0) {
                    params.maxInitRetransmits(maxAttempts - 1); // attempts include the first INIT
                }
                if (maxInitTimeout != null && !maxInitTimeout.isZero()) {
                    params.rto(Duration.ofNanos(Math.min(params.rtoInitialNanos(), maxInitTimeout.toNanos())),
                            Duration.ofNanos(Math.min(params.rtoMinNanos(), maxInitTimeout.toNanos())), maxInitTimeout);
                }
            }
        } catch (IllegalArgumentException e) {
            throw new ErrnoException(op, Errno.EINVAL, e.getMessage());
        } finally {
            lock.unlock();
        }
        reapplyEndpointParameters();
    }

    /** Changes parameters of associations created from now on, and optionally of current ones. */
    public void configure(java.util.function.Consumer<ProtocolParameters> change) throws ErrnoException {
        try {
            synchronized (params) {
                change.accept(params);
            }
        } catch (IllegalArgumentException e) {
            throw new ErrnoException("setsockopt", Errno.EINVAL, e.getMessage());
        }
        reapplyEndpointParameters();
    }

    private void reapplyEndpointParameters() throws ErrnoException {
        stack.call(() -> {
            if (endpoint != null) {
                // The endpoint copies its parameters at creation; refresh them for future associations.
                ProtocolParameters p;
                synchronized (params) {
                    p = params.copy();
                }
                copyInto(p, endpoint.parameters());
            }
            return null;
        });
    }

    private static void copyInto(ProtocolParameters from, ProtocolParameters to) {
        to.rto(Duration.ofNanos(from.rtoInitialNanos()), Duration.ofNanos(from.rtoMinNanos()),
                Duration.ofNanos(from.rtoMaxNanos()));
        to.maxInitRetransmits(from.maxInitRetransmits()).associationMaxRetrans(from.associationMaxRetrans())
                .pathMaxRetrans(from.pathMaxRetrans()).potentiallyFailedMaxRetrans(from.potentiallyFailedMaxRetrans())
                .outboundStreams(from.outboundStreams()).maxInboundStreams(from.maxInboundStreams())
                .receiveBuffer(from.receiveBuffer()).sendBuffer(from.sendBuffer()).maxMessageSize(from.maxMessageSize())
                .noDelay(from.noDelay()).heartbeatEnabled(from.heartbeatEnabled())
                .heartbeatInterval(Duration.ofNanos(from.heartbeatIntervalNanos())).maxBurst(from.maxBurst())
                .sackFrequency(from.sackFrequency()).delayedSack(Duration.ofNanos(from.delayedSackNanos()))
                .validCookieLife(Duration.ofNanos(from.validCookieLifeNanos()))
                .defaultPathMtu(from.defaultPathMtu()).autoclose(Duration.ofNanos(from.autocloseNanos()));
    }

    /** A copy of the parameters new associations of this socket start with. */
    public ProtocolParameters parameters() {
        synchronized (params) {
            return params.copy();
        }
    }

    /** SCTP_NODELAY (RFC 6458 §8.1.5): send small messages at once. */
    public void setNoDelay(boolean on) throws ErrnoException {
        configure(p -> p.noDelay(on));
        for (Assoc a : optionTargets("setsockopt(SCTP_NODELAY)", 2)) {
            stack.call(() -> a.engine.parameters().noDelay(on));
        }
    }

    /** SO_SNDBUF. */
    public void setSendBufferSize(int bytes) throws ErrnoException {
        configure(p -> p.sendBuffer(bytes));
        for (Assoc a : optionTargets("setsockopt(SO_SNDBUF)", 2)) {
            stack.call(() -> a.engine.parameters().sendBuffer(bytes));
        }
    }

    /** SO_RCVBUF (applies to associations created afterwards, as the initial a_rwnd says). */
    public void setReceiveBufferSize(int bytes) throws ErrnoException {
        configure(p -> p.receiveBuffer(bytes));
    }

    /** SCTP_PRIMARY_ADDR: which peer address new data goes to. */
    public void setPrimaryAddress(int associationId, InetAddress address) throws ErrnoException {
        Assoc a = association("setsockopt(SCTP_PRIMARY_ADDR)", associationId);
        stack.call(() -> {
            try {
                a.engine.setPrimary(address);
            } catch (EngineException e) {
                throw toErrno("setsockopt(SCTP_PRIMARY_ADDR)", e);
            }
            return null;
        });
    }

    /** SCTP_SET_PEER_PRIMARY_ADDR: needs ASCONF (RFC 5061), which jsctp does not implement: EOPNOTSUPP. */
    public void setPeerPrimaryAddress(int associationId, InetAddress address) throws ErrnoException {
        Assoc a = association("setsockopt(SCTP_SET_PEER_PRIMARY_ADDR)", associationId);
        stack.call(() -> {
            try {
                a.engine.requestPeerPrimary(address);
            } catch (EngineException e) {
                throw toErrno("setsockopt(SCTP_SET_PEER_PRIMARY_ADDR)", e);
            }
            return null;
        });
    }

    /**
     * SCTP_PEER_ADDR_PARAMS: heartbeat interval and on/off, Path.Max.Retrans, path MTU, for one peer
     * address or (address null) all of them. Null values stay as they are.
     */
    public void setPeerAddressParameters(int associationId, InetAddress address, Duration heartbeatInterval,
                                         Boolean heartbeatEnabled, Integer pathMaxRetrans, Integer pathMtu)
            throws ErrnoException {
        String op = "setsockopt(SCTP_PEER_ADDR_PARAMS)";
        if (address == null && appliesToFuture(associationId)) {
            configure(p -> {
                if (heartbeatInterval != null) {
                    p.heartbeatInterval(heartbeatInterval);
                }
                if (heartbeatEnabled != null) {
                    p.heartbeatEnabled(heartbeatEnabled);
                }
                if (pathMaxRetrans != null) {
                    p.pathMaxRetrans(pathMaxRetrans);
                }
                if (pathMtu != null) {
                    p.defaultPathMtu(pathMtu);
                }
            });
        }
        for (Assoc a : optionTargets(op, associationId)) {
            stack.call(() -> {
                try {
                    a.engine.setPathParameters(address, heartbeatInterval == null ? null : heartbeatInterval.toMillis(),
                            heartbeatEnabled, pathMaxRetrans, pathMtu);
                } catch (EngineException e) {
                    throw toErrno(op, e);
                }
                return null;
            });
        }
    }

    /** Blocking (the default) or non-blocking mode (O_NONBLOCK). */
    public void setBlocking(boolean on) {
        lock.lock();
        try {
            blocking = on;
        } finally {
            lock.unlock();
        }
    }

    public boolean isBlocking() {
        lock.lock();
        try {
            return blocking;
        } finally {
            lock.unlock();
        }
    }

    /** SO_RCVTIMEO and SO_SNDTIMEO together; null or zero waits for ever. */
    public void setTimeout(Duration timeout) {
        lock.lock();
        try {
            long n = timeout == null ? 0 : Math.max(0, timeout.toNanos());
            receiveTimeoutNanos = n;
            sendTimeoutNanos = n;
        } finally {
            lock.unlock();
        }
    }

    /** SO_BROADCAST: without it, connecting to a broadcast address fails with EACCES. */
    public void setBroadcast(boolean on) {
        lock.lock();
        try {
            broadcast = on;
        } finally {
            lock.unlock();
        }
    }

    /** SO_LINGER: with 0 seconds, close aborts the associations instead of shutting them down. */
    public void setLinger(int seconds) {
        lock.lock();
        try {
            lingerSeconds = seconds;
        } finally {
            lock.unlock();
        }
    }

    // ===================================================================================
    // Ending: shutdown, abort, close, peeloff
    // ===================================================================================

    /** Graceful shutdown of the association (shutdown(SHUT_WR) on a one-to-one socket; 0 names it). */
    public void shutdown(int associationId) throws ErrnoException {
        shutdownAssociation(association("shutdown", associationId));
    }

    /** One-to-one: graceful shutdown of the socket's association (shutdown(2) with SHUT_WR). */
    public void shutdown() throws ErrnoException {
        shutdown(0);
    }

    private void shutdownAssociation(Assoc a) throws ErrnoException {
        lock.lock();
        try {
            if (a.ended) {
                throw new ErrnoException("shutdown", Errno.ENOTCONN, "association " + a.id + " has ended");
            }
            a.shutdownAfterPipe = true; // queued messages still go out first (RFC 9260 §9.2)
        } finally {
            lock.unlock();
        }
        scheduleDrainAlways(a);
    }

    private void scheduleDrainAlways(Assoc a) {
        lock.lock();
        try {
            a.drainScheduled = true;
        } finally {
            lock.unlock();
        }
        stack.execute(() -> drain(a));
    }

    /** Aborts an association (RFC 6458 SCTP_ABORT), the reason going to the peer as a User-Initiated Abort. */
    public void abort(int associationId, String reason) throws ErrnoException {
        abortAssociation(association("sctp_sendmsg(SCTP_ABORT)", associationId),
                reason == null ? Bytes.EMPTY : Bytes.wrap(reason.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private void abortAssociation(Assoc a, Bytes reason) throws ErrnoException {
        stack.call(() -> {
            a.engine.abort(reason);
            return null;
        });
    }

    /**
     * Takes an association of a one-to-many socket out into a one-to-one socket of its own (RFC 6458
     * sctp_peeloff); data not yet read stays with the new socket.
     */
    public SctpSocket peeloff(int associationId) throws ErrnoException {
        String op = "sctp_peeloff";
        if (style != Style.ONE_TO_MANY) {
            throw new ErrnoException(op, Errno.EINVAL, "peeloff is for one-to-many sockets");
        }
        SctpSocket child = new SctpSocket(stack, family, Style.ONE_TO_ONE, parameters());
        lock.lock();
        try {
            checkOpen(op);
            Assoc a = associations.get(associationId);
            if (a == null || a.ended) {
                throw new ErrnoException(op, Errno.EINVAL, "no association " + associationId + " on this socket");
            }
            if (!a.up) {
                throw new ErrnoException(op, Errno.EINVAL, "association " + associationId + " is not established yet");
            }
            associations.remove(associationId);
            child.associations.put(a.id, a);
            child.phase = Phase.CONNECTED;
            child.localPort = localPort;
            child.subscribed.addAll(subscribed);
            for (var it = receiveQueue.iterator(); it.hasNext(); ) {
                Received r = it.next();
                if (r.associationId() == associationId) {
                    child.receiveQueue.add(r);
                    it.remove();
                }
            }
        } finally {
            lock.unlock();
        }
        Association engine = child.associations.values().iterator().next().engine;
        stack.call(() -> {
            child.owner = owner != null ? owner : this;
            child.owner.routes.put(engine, child);
            stack.register(child);
            return null;
        });
        return child;
    }

    /**
     * Closes the socket: its associations shut down gracefully in the background (or are aborted with
     * SO_LINGER 0), and the port is released when the last one is gone.
     */
    @Override
    public void close() {
        List<Assoc> toEnd;
        boolean abort;
        lock.lock();
        try {
            if (phase == Phase.CLOSED) {
                return;
            }
            phase = Phase.CLOSED;
            toEnd = new ArrayList<>(associations.values());
            abort = lingerSeconds == 0;
            for (SctpSocket pending : acceptQueue) {
                pending.close();
            }
            acceptQueue.clear();
            receiveQueue.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (!stack.isOpen()) {
            return;
        }
        stack.execute(() -> {
            for (Assoc a : toEnd) {
                if (a.engine.state() == AssociationState.CLOSED) {
                    continue;
                }
                if (abort) {
                    a.engine.abort(Bytes.EMPTY);
                } else {
                    try {
                        drain(a); // what was queued still goes out first
                        a.engine.shutdown();
                    } catch (EngineException e) {
                        // already gone
                    }
                }
            }
            if (owner == null && endpoint != null) {
                closeEndpointWhenIdle();
            }
            stack.unregister(this);
        });
    }

    private boolean endpointClosing;

    /** Loop thread: the endpoint stops taking associations and leaves once the last is gone. */
    private void closeEndpointWhenIdle() {
        endpoint.listen(false);
        endpointClosing = true;
        boolean othersAlive = false;
        for (Association x : endpoint.associations()) {
            SctpSocket s = routes.get(x);
            if (s != null && s != this && s.phase != Phase.CLOSED) {
                othersAlive = true; // accepted or peeled-off sockets keep the endpoint
            }
        }
        if (!othersAlive) {
            endpoint.close();
            releasePortWhenUnbound();
        }
    }

    private void releasePortWhenUnbound() {
        if (endpoint != null && endpoint.associations().isEmpty()) {
            stack.ports().release(endpoint.port());
        }
    }

    // ===================================================================================
    // Readiness (for polling non-blocking sockets)
    // ===================================================================================

    /** What a call would do now without waiting: {@link #READABLE}, {@link #WRITABLE}, {@link #ACCEPTABLE}, {@link #ERROR}. */
    public int readyOps() {
        lock.lock();
        try {
            int ops = 0;
            if (phase == Phase.CLOSED) {
                return ERROR;
            }
            if (!receiveQueue.isEmpty()) {
                ops |= READABLE;
            }
            if (!acceptQueue.isEmpty()) {
                ops |= ACCEPTABLE;
            }
            if (soError != 0) {
                ops |= ERROR;
            }
            for (Assoc a : associations.values()) {
                if (a.up && !a.ended && a.pipeBytes + a.engineUsed < params.sendBuffer()) {
                    ops |= WRITABLE;
                }
                if (style == Style.ONE_TO_ONE && (a.peerShutdown || a.ended)) {
                    ops |= READABLE; // end of stream is readable
                }
                if (a.ended && !a.up) {
                    ops |= ERROR | WRITABLE; // a failed connect: SO_ERROR tells why
                }
            }
            return ops;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until one of {@code ops} is ready or the timeout passes; returns the ready ops. */
    public int awaitReady(int ops, Duration timeout) throws ErrnoException {
        lock.lock();
        try {
            long deadline = deadline(timeout);
            while (true) {
                int r = readyOps() & (ops | ERROR);
                if (r != 0) {
                    return r;
                }
                try {
                    await("poll", deadline, false);
                } catch (ErrnoException e) {
                    if (e.errno() == Errno.EAGAIN) {
                        return 0;
                    }
                    throw e;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    // ===================================================================================
    // The loop's side: engine events and housekeeping (loop thread)
    // ===================================================================================

    /** The engine endpoint's output: packets to the stack, events to the socket that owns the association. */
    private final class Output implements EngineOutput {
        @Override
        public void transmit(OutboundPacket packet) {
            stack.transmit(packet);
        }

        @Override
        public void deliver(Association association, AssociationEvent event) {
            SctpSocket target = routes.get(association);
            if (target == null) {
                target = adopt(association, event);
                if (target == null) {
                    return;
                }
            }
            target.onEvent(association, event);
        }

        @Override
        public boolean tracing() {
            return stack.tracing();
        }

        @Override
        public void trace(TraceEvent event) {
            stack.trace(event);
        }
    }

    /** An association a peer started: to a new accepted socket (one-to-one) or to this one (one-to-many). */
    private SctpSocket adopt(Association association, AssociationEvent event) {
        if (!(event instanceof AssociationEvent.CommunicationUp)) {
            return null; // nothing to deliver to: it never came up here
        }
        if (style == Style.ONE_TO_MANY) {
            routes.put(association, this);
            lock.lock();
            try {
                Assoc a = new Assoc(association.id(), association);
                associations.put(a.id, a);
            } finally {
                lock.unlock();
            }
            return this;
        }
        lock.lock();
        try {
            if (phase != Phase.LISTENING || acceptQueue.size() >= backlog) {
                association.abort(Bytes.wrap("accept queue full".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
                return null;
            }
        } finally {
            lock.unlock();
        }
        SctpSocket child = new SctpSocket(stack, family, Style.ONE_TO_ONE, parameters());
        child.owner = this;
        child.phase = Phase.CONNECTED;
        child.localPort = localPort;
        child.subscribed.addAll(subscriptions());
        Assoc a = new Assoc(association.id(), association);
        child.associations.put(a.id, a);
        routes.put(association, child);
        stack.register(child);
        lock.lock();
        try {
            acceptQueue.add(child);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        return child;
    }

    /** One event of one of this socket's associations. */
    private void onEvent(Association association, AssociationEvent event) {
        lock.lock();
        try {
            Assoc a = associations.get(association.id());
            if (a == null) {
                return;
            }
            if (event instanceof AssociationEvent.DataArrival d) {
                var m = d.message();
                InetAddress primary = association.primaryAddress();
                MessageInfo info = new MessageInfo(a.id,
                        primary == null ? null : new InetSocketAddress(primary, association.peerPort()), m.streamId(),
                        m.ppid(), m.unordered(), m.complete(), 0, 0, false, false, false, m.ssn(), m.tsn());
                receiveQueue.add(new Received.Message(info, m.payload().toArray()));
            } else if (event instanceof AssociationEvent.CommunicationUp up) {
                a.up = true;
                a.outboundStreams = up.outboundStreams();
                a.inboundStreams = up.inboundStreams();
                a.peers = association.peerAddresses();
                if (style == Style.ONE_TO_ONE && phase == Phase.CONNECTING) {
                    phase = Phase.CONNECTED;
                }
                notifyUser(new Notification.AssociationChange(a.id, Notification.AssociationState.COMM_UP, 0,
                        up.outboundStreams(), up.inboundStreams(), List.of()));
            } else if (event instanceof AssociationEvent.Restart r) {
                a.outboundStreams = r.outboundStreams();
                a.inboundStreams = r.inboundStreams();
                notifyUser(new Notification.AssociationChange(a.id, Notification.AssociationState.RESTART, 0,
                        r.outboundStreams(), r.inboundStreams(), List.of()));
            } else if (event instanceof AssociationEvent.CannotStart cs) {
                a.ended = true;
                if (a.failure == 0) {
                    a.failure = switch (cs.reason()) {
                        case TIMED_OUT -> Errno.ETIMEDOUT.number();
                        case LOCAL_ABORT -> Errno.ECONNABORTED.number();
                        case PROTOCOL_ERROR -> Errno.EPROTO.number();
                        default -> Errno.ECONNREFUSED.number();
                    };
                }
                if (a.id == pendingConnect || style == Style.ONE_TO_ONE) {
                    soError = a.failure;
                }
                notifyUser(new Notification.AssociationChange(a.id, Notification.AssociationState.CANT_STR_ASSOC,
                        a.failure, 0, 0, cs.causes()));
            } else if (event instanceof AssociationEvent.CommunicationLost cl) {
                a.ended = true;
                a.failure = switch (cl.reason()) {
                    case PEER_ABORTED -> Errno.ECONNRESET.number();
                    case PEER_UNREACHABLE, SHUTDOWN_TIMEOUT -> Errno.ETIMEDOUT.number();
                    case LOCAL_ABORT -> Errno.ECONNABORTED.number();
                    case PROTOCOL_ERROR -> Errno.EPROTO.number();
                };
                if (style == Style.ONE_TO_ONE && cl.reason() != AssociationEvent.LossReason.LOCAL_ABORT) {
                    soError = a.failure;
                }
                notifyUser(new Notification.AssociationChange(a.id, Notification.AssociationState.COMM_LOST, a.failure,
                        0, 0, cl.causes()));
            } else if (event instanceof AssociationEvent.ShutdownComplete) {
                a.ended = true;
                notifyUser(new Notification.AssociationChange(a.id, Notification.AssociationState.SHUTDOWN_COMP, 0, 0, 0,
                        List.of()));
            } else if (event instanceof AssociationEvent.ShutdownReceived) {
                a.peerShutdown = true;
                notifyUser(new Notification.Shutdown(a.id));
            } else if (event instanceof AssociationEvent.PeerAddressChange pc) {
                a.peers = association.peerAddresses();
                notifyUser(new Notification.PeerAddressChange(a.id, pc.address(),
                        Notification.AddressState.valueOf(pc.change().name()), pc.error()));
            } else if (event instanceof AssociationEvent.RemoteError re) {
                notifyUser(new Notification.RemoteError(a.id, re.causes()));
            } else if (event instanceof AssociationEvent.SendFailed sf) {
                var m = sf.message();
                MessageInfo info = new MessageInfo(a.id, null, m.streamId(), m.ppid(), m.unordered(), true, m.context(),
                        m.timeToLiveMillis(), false, false, false, 0, 0);
                notifyUser(new Notification.SendFailed(a.id, sf.wasSent(), info, m.payload().toArray()));
            } else if (event instanceof AssociationEvent.SenderDry) {
                notifyUser(new Notification.SenderDry(a.id));
            } else if (event instanceof AssociationEvent.SendSpaceAvailable) {
                if (!a.pipe.isEmpty() && !a.drainScheduled) {
                    a.drainScheduled = true;
                    stack.execute(() -> drain(a));
                }
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (association.state() == AssociationState.CLOSED) {
            onAssociationGone(association);
        }
    }

    private void notifyUser(Notification n) {
        if (subscribed.contains(n.type())) {
            receiveQueue.add(new Received.Event(n));
        }
    }

    /** Loop thread: an association closed; forget its route and, when the socket is closing, the endpoint. */
    private void onAssociationGone(Association association) {
        SctpSocket o = owner != null ? owner : this;
        o.routes.remove(association);
        if (o.endpointClosing || (o.phase == Phase.CLOSED && o.endpoint != null)) {
            if (o.endpoint.associations().isEmpty()) {
                o.endpoint.close();
                o.releasePortWhenUnbound();
            }
        }
        if (style == Style.ONE_TO_ONE && owner == null && phase == Phase.CLOSED && endpoint != null
                && endpoint.associations().isEmpty()) {
            endpoint.close();
            stack.ports().release(endpoint.port());
        }
    }

    /** Loop thread, after each turn: publish the engines' buffer use so that writers can go on. */
    void afterLoopIteration() {
        lock.lock();
        try {
            boolean signal = false;
            for (Assoc a : associations.values()) {
                if (a.ended || a.engine.state() == AssociationState.CLOSED) {
                    continue;
                }
                long used = a.engine.sendBufferUsed();
                if (used != a.engineUsed) {
                    signal |= used < a.engineUsed;
                    a.engineUsed = used;
                }
            }
            if (signal) {
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Loop thread: the kernel refused to send an INIT of this socket (a local firewall rule). */
    void onInitRefusedLocally(int localPort, int initiateTag, Errno errno) {
        lock.lock();
        try {
            if (localPort != this.localPort) {
                return;
            }
            for (Assoc a : associations.values()) {
                if (!a.up && !a.ended && a.engine.localVerificationTag() == initiateTag) {
                    a.failure = errno.number();
                    a.engine.abort(Bytes.EMPTY); // in COOKIE-WAIT nothing is sent; the attempt ends
                    return;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Loop thread: the stack shut down under the socket. */
    void stackClosed() {
        lock.lock();
        try {
            for (Assoc a : associations.values()) {
                if (!a.ended) {
                    a.ended = true;
                    a.failure = Errno.ENETDOWN.number();
                }
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    // ===================================================================================
    // Helpers
    // ===================================================================================

    private void checkOpen(String op) throws ErrnoException {
        if (phase == Phase.CLOSED) {
            throw new ErrnoException(op, Errno.EBADF, "the socket is closed");
        }
        if (!stack.isOpen()) {
            throw new ErrnoException(op, Errno.ENETDOWN, "the SCTP stack is closed");
        }
    }

    private static long deadline(Duration timeout) {
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            return Long.MAX_VALUE;
        }
        long now = System.nanoTime();
        long d = now + timeout.toNanos();
        return d < now ? Long.MAX_VALUE : d;
    }

    /** Waits for a change (lock held); EAGAIN when non-blocking or past the deadline, EINTR on interrupt. */
    private void await(String op, long deadline, boolean nonBlocking) throws ErrnoException {
        if (nonBlocking) {
            throw new ErrnoException(op, Errno.EAGAIN, "the call would block");
        }
        try {
            if (deadline == Long.MAX_VALUE) {
                changed.await(1, TimeUnit.SECONDS); // wakes now and then to notice a closed stack
                return;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new ErrnoException(op, Errno.EAGAIN, "timed out waiting");
            }
            changed.awaitNanos(left);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ErrnoException(op, Errno.EINTR, "interrupted");
        }
    }

    static ErrnoException toErrno(String op, EngineException e) {
        Errno errno;
        try {
            errno = Errno.valueOf(e.error().errnoName());
        } catch (IllegalArgumentException x) {
            errno = Errno.EINVAL;
        }
        return new ErrnoException(op, errno, e.getMessage());
    }

    @Override
    public String toString() {
        return "SctpSocket[" + family + ", " + style + ", port " + localPort + ", " + phase.name().toLowerCase() + "]";
    }
}
