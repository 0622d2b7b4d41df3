package io.jsctp.raw.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/** The two IP versions jsctp runs over; each has its own raw socket (one per family per namespace). */
public enum IpFamily {
    IPV4(Native.AF_INET, 4, Native.SOCKADDR_IN_SIZE),
    IPV6(Native.AF_INET6, 16, Native.SOCKADDR_IN6_SIZE);

    final int af;
    final int addressBytes;
    final int sockaddrSize;

    IpFamily(int af, int addressBytes, int sockaddrSize) {
        this.af = af;
        this.addressBytes = addressBytes;
        this.sockaddrSize = sockaddrSize;
    }

    /**
     * The family of an address. Java turns IPv4-mapped IPv6 text ({@code ::ffff:192.0.2.1}) into an
     * {@link Inet4Address}, so such an address is IPV4 here, which is also how it travels on the wire.
     */
    public static IpFamily of(InetAddress address) {
        Objects.requireNonNull(address, "address");
        if (address instanceof Inet4Address) {
            return IPV4;
        }
        if (address instanceof Inet6Address) {
            return IPV6;
        }
        throw new IllegalArgumentException("neither IPv4 nor IPv6: " + address);
    }

    /** The length of an address of this family in bytes (4 or 16). */
    public int addressLength() {
        return addressBytes;
    }

    /** True if {@code address} belongs to this family. */
    public boolean matches(InetAddress address) {
        return address != null && of(address) == this;
    }
}
