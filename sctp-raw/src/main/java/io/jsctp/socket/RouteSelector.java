package io.jsctp.socket;

import io.jsctp.engine.PathMtuProvider;
import io.jsctp.engine.SourceAddressSelector;
import io.jsctp.raw.net.ErrnoException;
import io.jsctp.raw.net.SourceAddressResolver;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;

/**
 * Source address and path MTU from the kernel's routing table, as Linux SCTP takes them: the route
 * to a destination says which local address packets leave from and the MTU of the interface they
 * leave through. Used only on the stack's loop thread (the resolver's sockets live in its namespace).
 */
final class RouteSelector implements SourceAddressSelector, PathMtuProvider {
    private final SourceAddressResolver resolver = new SourceAddressResolver();

    @Override
    public InetAddress select(InetAddress destination, List<InetAddress> candidates) {
        try {
            InetAddress routed = resolver.route(destination).source();
            if (routed != null && candidates.contains(routed)) {
                return routed;
            }
        } catch (ErrnoException e) {
            // No route now: fall back to the family rule; the send will report the error.
        }
        InetAddress fallback = SAME_FAMILY.select(destination, candidates);
        if (fallback == null) {
            for (InetAddress c : candidates) {
                if ((c instanceof Inet6Address) == (destination instanceof Inet6Address)) {
                    return c;
                }
            }
        }
        return fallback;
    }

    /**
     * The largest IP packet a raw socket sends whole with DF set. The kernel lays a datagram out in
     * pieces of a multiple of 8 bytes (ip_append_data), so on loopback (MTU 65536) an IPv4 packet
     * of 65535 bytes is split and then refused with EMSGSIZE; 65528 fits every layout, IPv6's too.
     */
    static final int LARGEST_UNSPLIT_PACKET = 65528;

    @Override
    public int mtu(InetAddress destination, InetAddress source) {
        try {
            int mtu = resolver.route(destination).mtu();
            return mtu <= 0 ? 0 : Math.min(mtu, LARGEST_UNSPLIT_PACKET);
        } catch (ErrnoException e) {
            return 0;
        }
    }

    void invalidate() {
        resolver.invalidate();
    }
}
