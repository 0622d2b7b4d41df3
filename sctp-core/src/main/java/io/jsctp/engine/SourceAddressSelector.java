package io.jsctp.engine;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;

/**
 * Chooses the local address packets to a destination leave from (RFC 9260 §6.4: each packet carries
 * a source address appropriate for its destination). The raw transport asks the kernel's routing
 * table; the simulator matches subnets.
 */
@FunctionalInterface
public interface SourceAddressSelector {
    /**
     * @param candidates the endpoint's local addresses
     * @return one of the candidates, or null to let the transport decide
     */
    InetAddress select(InetAddress destination, List<InetAddress> candidates);

    /** The first candidate of the destination's family, loopback preferred for loopback peers. */
    SourceAddressSelector SAME_FAMILY = (destination, candidates) -> {
        InetAddress fallback = null;
        for (InetAddress c : candidates) {
            if ((c instanceof Inet6Address) == (destination instanceof Inet6Address)) {
                if (c.isLoopbackAddress() == destination.isLoopbackAddress()) {
                    return c;
                }
                if (fallback == null) {
                    fallback = c;
                }
            }
        }
        return fallback;
    };
}
