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

    @Override
    public int mtu(InetAddress destination, InetAddress source) {
        try {
            return resolver.route(destination).mtu();
        } catch (ErrnoException e) {
            return 0;
        }
    }

    void invalidate() {
        resolver.invalidate();
    }
}
