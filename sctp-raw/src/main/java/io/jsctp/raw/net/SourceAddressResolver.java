package io.jsctp.raw.net;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jnr.ffi.Pointer;

/**
 * Answers "which of my addresses would the kernel send from to reach D, through which interface, and how
 * large may a packet be?" without sending anything, and caches the answers.
 *
 * <p>How: connect(2) on a UDP socket makes the kernel look up the route and pick the source address
 * (the same lookup a sendmsg without IP_PKTINFO would do), but sends no packet; getsockname(2) then
 * returns that source, and getsockopt IP_MTU / IPV6_MTU (ip(7), ipv6(7)) the MTU of the route: the
 * outgoing interface's MTU, lowered by an {@code mtu} attribute on the route or by a path MTU the
 * kernel has learned. That is the initial path MTU of an SCTP path (RFC 9260 §7.3 lets it start from the
 * interface MTU). The interface is the one that holds the chosen source address.
 *
 * <p>Namespace: lookups run in the network namespace of the calling thread (the socket is created per
 * lookup), so use one resolver per namespace, from threads in that namespace, typically the event loop.
 * Thread-safe.
 */
public final class SourceAddressResolver {
    /**
     * The route towards one destination.
     *
     * @param destination the destination asked about
     * @param source the source address the kernel picks for it
     * @param mtu the route's MTU (IP_MTU / IPV6_MTU): what the kernel would let a packet to this
     *     destination be, i.e. the outgoing interface's MTU unless the route has an {@code mtu} attribute
     *     or the kernel learned a smaller path MTU; capped at 65535 for IPv4
     * @param interfaceName the interface holding {@code source}, or null if none matched
     * @param interfaceIndex its index, or 0
     * @param interfaceMtu its MTU, or 0
     */
    public record Route(InetAddress destination, InetAddress source, int mtu, String interfaceName, int interfaceIndex,
                        int interfaceMtu) {
        public Route {
            Objects.requireNonNull(destination, "destination");
            Objects.requireNonNull(source, "source");
        }

        /** The interface, if the source address could be matched to one (it always can, barring races). */
        public Optional<String> interfaceNameIfKnown() {
            return Optional.ofNullable(interfaceName);
        }
    }

    /** Any non-zero port: connect(2) on UDP wants one, and nothing is ever sent to it. */
    private static final int DISCARD_PORT = 9;

    private final long ttlNanos;
    private final ConcurrentHashMap<InetAddress, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Route route, long expiresAt) {}

    /** A resolver whose answers live 10 seconds: routes rarely change, but they do. */
    public SourceAddressResolver() {
        this(Duration.ofSeconds(10));
    }

    /** A resolver whose answers live {@code ttl} (zero: no caching). */
    public SourceAddressResolver(Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must not be negative: " + ttl);
        }
        this.ttlNanos = ttl.toNanos();
    }

    /**
     * The route to {@code destination}.
     *
     * @throws ErrnoException ENETUNREACH if there is no route, EHOSTUNREACH/EACCES/EINVAL for unreachable,
     *     prohibited or invalid destinations (the kernel's errno from connect)
     * @throws IllegalArgumentException for the wildcard or a multicast address
     */
    public Route route(InetAddress destination) throws ErrnoException {
        Objects.requireNonNull(destination, "destination");
        if (destination.isAnyLocalAddress() || destination.isMulticastAddress()) {
            throw new IllegalArgumentException(destination + " is not a unicast destination");
        }
        long now = System.nanoTime();
        Cached c = cache.get(destination);
        if (c != null && now - c.expiresAt() < 0) {
            return c.route();
        }
        Route r = lookUp(destination);
        if (ttlNanos > 0) {
            cache.put(destination, new Cached(r, now + ttlNanos));
        }
        return r;
    }

    /** Just the source address of {@link #route(InetAddress)}. */
    public InetAddress sourceFor(InetAddress destination) throws ErrnoException {
        return route(destination).source();
    }

    /** Forgets every cached route, e.g. after the interfaces or routes changed. */
    public void invalidate() {
        cache.clear();
    }

    /** Forgets the cached route to one destination. */
    public void invalidate(InetAddress destination) {
        cache.remove(destination);
    }

    private static Route lookUp(InetAddress destination) throws ErrnoException {
        IpFamily family = IpFamily.of(destination);
        int fd = Native.C.socket(family.af, Native.SOCK_DGRAM | Native.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw Native.lastError("socket(" + family + ", SOCK_DGRAM)");
        }
        try {
            ByteBuffer b = Native.allocate(64);
            Pointer p = Native.pointer(b);
            AddressCodec codec = new AddressCodec();
            int len = codec.writeSockaddr(b, 0, destination);
            b.put(2, (byte) (DISCARD_PORT >>> 8)).put(3, (byte) DISCARD_PORT); // sin_port, network order
            if (Native.C.connect(fd, p, len) != 0) {
                int err = Native.errno();
                throw new ErrnoException("connect(" + destination.getHostAddress() + ")", err,
                        "no usable route to " + destination.getHostAddress());
            }
            b.putInt(32, 32);
            if (Native.C.getsockname(fd, p, p.slice(32)) != 0) {
                throw Native.lastError("getsockname");
            }
            InetAddress source = family == IpFamily.IPV4
                    ? codec.ipv4At(b, 4)
                    : codec.ipv6At(b, 8, b.getInt(24));
            int mtu = family == IpFamily.IPV4
                    ? Native.getIntOption(fd, Native.IPPROTO_IP, Native.IP_MTU, "IP_MTU")
                    : Native.getIntOption(fd, Native.IPPROTO_IPV6, Native.IPV6_MTU, "IPV6_MTU");
            List<LocalAddress> locals = Interfaces.addresses();
            Optional<LocalAddress> local = Interfaces.find(locals, source);
            return new Route(destination, source, mtu,
                    local.map(LocalAddress::interfaceName).orElse(null),
                    local.map(LocalAddress::interfaceIndex).orElse(0),
                    local.map(LocalAddress::mtu).orElse(0));
        } finally {
            Native.C.close(fd);
        }
    }
}
