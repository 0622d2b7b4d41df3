package io.jsctp.raw.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jnr.ffi.Pointer;

/**
 * The interfaces and addresses of the calling thread's network namespace.
 *
 * <p>Why not {@link java.net.NetworkInterface}: on Linux the JDK reads IPv6 addresses from
 * {@code /proc/net/if_inet6}, and {@code /proc/net} belongs to the process's main thread, so on a thread
 * that has entered another namespace ({@link NetworkNamespace}) it lists the <em>host's</em> IPv6
 * addresses next to the namespace's IPv4 ones, and misses the namespace's IPv6 addresses altogether
 * (observed on JDK 17 and 25). getifaddrs(3) asks the kernel over a netlink socket opened by the calling
 * thread, so it sees that thread's namespace, IPv4 and IPv6 alike; the index comes from
 * if_nametoindex(3) and the MTU from the SIOCGIFMTU ioctl (netdevice(7)), both on sockets of the same
 * namespace.
 */
public final class Interfaces {
    private Interfaces() {}

    /** All interfaces (with or without addresses) in the order the kernel lists them. */
    public static List<LocalInterface> list() throws ErrnoException {
        ByteBuffer holder = Native.allocate(8);
        if (Native.C.getifaddrs(Native.pointer(holder)) != 0) {
            throw Native.lastError("getifaddrs");
        }
        Pointer head = Native.pointer(holder.getLong(0));
        Map<String, Integer> flagsByName = new LinkedHashMap<>();
        Map<String, List<Found>> addressesByName = new LinkedHashMap<>();
        try {
            for (long at = holder.getLong(0); at != 0; ) {
                Pointer p = Native.pointer(at);
                String name = p.getPointer(Native.IFADDRS_NAME).getString(0);
                flagsByName.put(name, p.getInt(Native.IFADDRS_FLAGS));
                addressesByName.computeIfAbsent(name, n -> new ArrayList<>());
                long addr = p.getLong(Native.IFADDRS_ADDR);
                long mask = p.getLong(Native.IFADDRS_NETMASK);
                InetAddress a = addr == 0 ? null : decode(Native.pointer(addr));
                if (a != null) {
                    addressesByName.get(name).add(new Found(a, mask == 0 ? 0 : prefixLength(Native.pointer(mask), a)));
                }
                at = p.getLong(Native.IFADDRS_NEXT);
            }
        } finally {
            if (head.address() != 0) {
                Native.C.freeifaddrs(head);
            }
        }
        List<LocalInterface> result = new ArrayList<>();
        MtuReader mtus = new MtuReader();
        try {
            for (Map.Entry<String, Integer> e : flagsByName.entrySet()) {
                String name = e.getKey();
                int flags = e.getValue();
                int index = Native.C.if_nametoindex(name);
                int mtu = mtus.mtu(name);
                List<LocalAddress> addresses = new ArrayList<>();
                for (Found f : addressesByName.get(name)) {
                    addresses.add(new LocalAddress(f.address(), f.prefixLength(), name, index, mtu));
                }
                result.add(new LocalInterface(name, index, mtu, (flags & Native.IFF_UP) != 0,
                        (flags & Native.IFF_RUNNING) != 0, (flags & Native.IFF_LOOPBACK) != 0, addresses));
            }
        } finally {
            mtus.close();
        }
        return result;
    }

    private record Found(InetAddress address, int prefixLength) {}

    /** Every address of every interface. */
    public static List<LocalAddress> addresses() throws ErrnoException {
        List<LocalAddress> all = new ArrayList<>();
        for (LocalInterface i : list()) {
            all.addAll(i.addresses());
        }
        return all;
    }

    /** The addresses of one family. */
    public static List<LocalAddress> addresses(IpFamily family) throws ErrnoException {
        List<LocalAddress> some = new ArrayList<>();
        for (LocalAddress a : addresses()) {
            if (a.family() == family) {
                some.add(a);
            }
        }
        return some;
    }

    public static Optional<LocalInterface> byName(String name) throws ErrnoException {
        for (LocalInterface i : list()) {
            if (i.name().equals(name)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    public static Optional<LocalInterface> byIndex(int index) throws ErrnoException {
        for (LocalInterface i : list()) {
            if (i.index() == index) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    /** The address entry for {@code address} if it is one of ours (IPv6 scope ids must match when set). */
    public static Optional<LocalAddress> find(InetAddress address) throws ErrnoException {
        return find(addresses(), address);
    }

    static Optional<LocalAddress> find(List<LocalAddress> all, InetAddress address) {
        for (LocalAddress a : all) {
            if (sameAddress(a.address(), address)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** Equal bytes, and for scoped IPv6 addresses the same interface when both name one. */
    static boolean sameAddress(InetAddress ours, InetAddress other) {
        if (!ours.equals(other)) {
            return false;
        }
        if (ours instanceof Inet6Address && other instanceof Inet6Address) {
            int s1 = ((Inet6Address) ours).getScopeId();
            int s2 = ((Inet6Address) other).getScopeId();
            return s1 == 0 || s2 == 0 || s1 == s2;
        }
        return true;
    }

    /** sockaddr_in / sockaddr_in6 to InetAddress; null for other families (AF_PACKET entries). */
    private static InetAddress decode(Pointer sa) {
        int family = sa.getShort(0) & 0xffff;
        try {
            if (family == Native.AF_INET) {
                byte[] b = new byte[4];
                sa.get(4, b, 0, 4);
                return InetAddress.getByAddress(b);
            }
            if (family == Native.AF_INET6) {
                byte[] b = new byte[16];
                sa.get(8, b, 0, 16);
                int scope = sa.getInt(24);
                return Inet6Address.getByAddress(null, b, scope != 0 ? scope : -1);
            }
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
        return null;
    }

    /** Counts the leading one bits of a netmask sockaddr of the address's family. */
    private static int prefixLength(Pointer mask, InetAddress a) {
        int offset = a instanceof Inet6Address ? 8 : 4;
        int bytes = a instanceof Inet6Address ? 16 : 4;
        int bits = 0;
        for (int i = 0; i < bytes; i++) {
            int b = mask.getByte(offset + i) & 0xff;
            if (b == 0xff) {
                bits += 8;
                continue;
            }
            bits += Integer.numberOfLeadingZeros(~(b << 24));
            break;
        }
        return bits;
    }

    /** SIOCGIFMTU on one datagram socket reused for all interfaces of one listing. */
    static final class MtuReader implements AutoCloseable {
        private final ByteBuffer ifreq = Native.allocate(Native.IFREQ_SIZE);
        private final Pointer ifreqPointer = Native.pointer(ifreq);
        private int fd = -1;

        /** The MTU of {@code name}, or 0 if it cannot be read (the interface vanished meanwhile). */
        int mtu(String name) {
            if (fd < 0) {
                fd = Native.C.socket(Native.AF_INET, Native.SOCK_DGRAM | Native.SOCK_CLOEXEC, 0);
                if (fd < 0) {
                    fd = Native.C.socket(Native.AF_INET6, Native.SOCK_DGRAM | Native.SOCK_CLOEXEC, 0);
                }
                if (fd < 0) {
                    return 0;
                }
            }
            byte[] n = name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            if (n.length >= Native.IFNAMSIZ) {
                return 0;
            }
            for (int i = 0; i < Native.IFREQ_SIZE; i++) {
                ifreq.put(i, (byte) 0);
            }
            for (int i = 0; i < n.length; i++) {
                ifreq.put(i, n[i]);
            }
            if (Native.C.ioctl(fd, Native.SIOCGIFMTU, ifreqPointer) != 0) {
                return 0;
            }
            return ifreq.getInt(Native.IFNAMSIZ);
        }

        @Override
        public void close() {
            if (fd >= 0) {
                Native.C.close(fd);
                fd = -1;
            }
        }
    }
}
