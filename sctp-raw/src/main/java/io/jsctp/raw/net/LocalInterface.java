package io.jsctp.raw.net;

import java.util.List;
import java.util.Objects;

/**
 * A network interface of the current network namespace.
 *
 * @param name the name, e.g. "eth0"
 * @param index the index (if_nametoindex(3)); what IP_PKTINFO/IPV6_PKTINFO report
 * @param mtu the MTU (SIOCGIFMTU, netdevice(7)), or 0 if it could not be read
 * @param up IFF_UP: administratively up
 * @param running IFF_RUNNING: up with carrier
 * @param loopback IFF_LOOPBACK
 * @param addresses the IPv4 and IPv6 addresses on it
 */
public record LocalInterface(String name, int index, int mtu, boolean up, boolean running, boolean loopback,
                             List<LocalAddress> addresses) {
    public LocalInterface {
        Objects.requireNonNull(name, "name");
        addresses = List.copyOf(addresses);
    }
}
