package io.jsctp.raw.net;

/**
 * How the kernel treats the Don't Fragment bit and its own path-MTU cache for a raw socket: the values
 * of IP_MTU_DISCOVER (ip(7)) and IPV6_MTU_DISCOVER (ipv6(7)), which are the same numbers.
 */
public enum PathMtuDiscovery {
    /** No DF: routers may fragment IPv4 packets; IPv6 packets above the path MTU are fragmented by the sender. */
    DONT(0),
    /** The kernel default: DF when the packet fits the cached path MTU, fragment locally otherwise. */
    WANT(1),
    /**
     * Always DF, and the kernel refuses (EMSGSIZE) any packet larger than the path MTU it has cached,
     * including what it learned from ICMP "fragmentation needed"/"packet too big" for that destination.
     */
    DO(2),
    /**
     * Always DF, but the kernel ignores its path-MTU cache (only the interface MTU limits a packet).
     * The default for jsctp: SCTP does its own path-MTU discovery per path (RFC 9260 §7.3,
     * RFC 8899), fed by {@link IcmpReport}s, and must be able to send probes larger than what the
     * kernel last heard.
     */
    PROBE(3);

    final int value;

    PathMtuDiscovery(int value) {
        this.value = value;
    }
}
