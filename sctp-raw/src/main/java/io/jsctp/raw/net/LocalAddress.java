package io.jsctp.raw.net;

import java.net.InetAddress;
import java.util.Objects;

/**
 * One address configured on an interface of the current network namespace.
 *
 * @param address the address; IPv6 link-local addresses carry their interface as scope id
 * @param prefixLength the length of the on-link prefix (from the netmask)
 * @param interfaceName the interface's name, e.g. "eth0"
 * @param interfaceIndex the interface's index (if_nametoindex(3))
 * @param mtu the interface MTU: the largest IP packet it sends, header included
 */
public record LocalAddress(InetAddress address, int prefixLength, String interfaceName, int interfaceIndex, int mtu) {
    public LocalAddress {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(interfaceName, "interfaceName");
    }

    public IpFamily family() {
        return IpFamily.of(address);
    }
}
