package io.jsctp.raw.net;

import java.io.Closeable;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Objects;

import io.jsctp.raw.net.IcmpReport.Kind;
import jnr.ffi.Pointer;

/**
 * A raw ICMP (IPv4) or ICMPv6 socket that hands out the errors the network reports about SCTP packets.
 *
 * <p>With no kernel SCTP, nothing else will tell jsctp that a peer has no SCTP, that a router found no
 * route, or that a packet was too big for a link: these arrive as ICMP messages quoting the head of the
 * packet we sent. A raw ICMP socket receives a copy of every ICMP message reaching the namespace
 * (raw(7)); the kernel filter set here passes only the types that matter to SCTP (RFC 9260 Appendix C,
 * ICMP1/ICMP2), and {@link #receive()} keeps only those quoting an SCTP packet:
 * <ul>
 * <li>ICMPv4: type 3, destination unreachable (ICMP_FILTER, raw(7)).</li>
 * <li>ICMPv6: type 1 destination unreachable, type 2 packet too big, and type 4 parameter problem, whose
 * code 1 "unrecognized next header" is how an IPv6 host without SCTP answers (RFC 4443 §3.4; Linux sends
 * it where IPv4 would send protocol unreachable) (ICMP6_FILTER, RFC 3542 §3.2).</li>
 * </ul>
 *
 * <p>Like {@link RawSctpSocket}: non-blocking, bound to the namespace it was opened in, closable from any
 * thread, EBADF after close.
 */
public final class IcmpSocket implements Pollable, Closeable {
    /** Larger than any ICMP error: RFC 1812 §4.3.2.3 caps ICMPv4 errors at 576 bytes, RFC 4443 §2.4 ICMPv6 at 1280. */
    private static final int BUFFER_BYTES = 4096;
    private static final int CONTROL_BYTES = 128;

    private static final int ICMP_DEST_UNREACH = 3;
    private static final int ICMPV6_DEST_UNREACH = 1;
    private static final int ICMPV6_PKT_TOOBIG = 2;
    private static final int ICMPV6_PARAMPROB = 4;

    private final IpFamily family;
    private final NativeFd fd;

    // One message at a time: ICMP errors are rare, so a single preallocated msghdr is enough.
    private final ByteBuffer data = ByteBuffer.allocateDirect(BUFFER_BYTES);
    private final ByteBuffer meta;
    private final Pointer msghdr;
    private final int nameAt;
    private final int controlAt;
    private final AddressCodec codec = new AddressCodec();
    private final Object receiveLock = new Object();
    private long ignored;

    private IcmpSocket(IpFamily family, int fd) {
        this.family = family;
        this.fd = new NativeFd(fd, "raw " + family + " ICMP socket", this);
        int iov = Native.MSGHDR_SIZE;
        this.nameAt = iov + Native.IOVEC_SIZE;
        this.controlAt = nameAt + 32;
        this.meta = Native.allocate(controlAt + CONTROL_BYTES);
        long metaAddress = Native.address(meta);
        meta.putLong(Native.MSGHDR_NAME, metaAddress + nameAt);
        meta.putLong(Native.MSGHDR_IOV, metaAddress + iov);
        meta.putLong(Native.MSGHDR_IOVLEN, 1);
        meta.putLong(Native.MSGHDR_CONTROL, metaAddress + controlAt);
        meta.putLong(iov, Native.address(data));
        meta.putLong(iov + 8, BUFFER_BYTES);
        this.msghdr = Native.pointer(metaAddress);
    }

    /**
     * Opens an ICMP socket of {@code family} in the calling thread's network namespace.
     *
     * @throws ErrnoException EPERM without CAP_NET_RAW, or an error setting the filter
     */
    public static IcmpSocket open(IpFamily family) throws ErrnoException {
        Objects.requireNonNull(family, "family");
        int protocol = family == IpFamily.IPV4 ? Native.IPPROTO_ICMP : Native.IPPROTO_ICMPV6;
        int fd = Native.C.socket(family.af, Native.SOCK_RAW | Native.SOCK_NONBLOCK | Native.SOCK_CLOEXEC, protocol);
        if (fd < 0) {
            int err = Native.errno();
            String detail = err == Errno.EPERM.number() || err == Errno.EACCES.number()
                    ? "raw sockets need CAP_NET_RAW (or root)" : null;
            throw new ErrnoException("socket(" + (family == IpFamily.IPV4 ? "AF_INET, SOCK_RAW, IPPROTO_ICMP"
                    : "AF_INET6, SOCK_RAW, IPPROTO_ICMPV6") + ")", err, detail);
        }
        try {
            ByteBuffer b = Native.allocate(32);
            Pointer p = Native.pointer(b);
            if (family == IpFamily.IPV4) {
                // raw(7) ICMP_FILTER: a bit set for each type (below 32) to drop.
                b.putInt(0, ~(1 << ICMP_DEST_UNREACH));
                check(Native.C.setsockopt(fd, Native.SOL_RAW, Native.ICMP_FILTER, p, 4), "setsockopt(ICMP_FILTER)");
                b.putInt(0, 1);
                check(Native.C.setsockopt(fd, Native.IPPROTO_IP, Native.IP_PKTINFO, p, 4), "setsockopt(IP_PKTINFO)");
            } else {
                // RFC 3542 §3.2 ICMP6_FILTER_SETBLOCKALL then SETPASS per type. Linux stores the 256-bit
                // filter as eight host-order 32-bit words, a set bit meaning "block".
                for (int w = 0; w < 8; w++) {
                    b.putInt(w * 4, -1);
                }
                for (int type : new int[] {ICMPV6_DEST_UNREACH, ICMPV6_PKT_TOOBIG, ICMPV6_PARAMPROB}) {
                    b.putInt((type >> 5) * 4, b.getInt((type >> 5) * 4) & ~(1 << (type & 31)));
                }
                check(Native.C.setsockopt(fd, Native.IPPROTO_ICMPV6, Native.ICMP6_FILTER, p, 32), "setsockopt(ICMP6_FILTER)");
                b.putInt(0, 1);
                check(Native.C.setsockopt(fd, Native.IPPROTO_IPV6, Native.IPV6_RECVPKTINFO, p, 4),
                        "setsockopt(IPV6_RECVPKTINFO)");
            }
            return new IcmpSocket(family, fd);
        } catch (ErrnoException | RuntimeException e) {
            Native.C.close(fd);
            throw e;
        }
    }

    private static void check(int rc, String what) throws ErrnoException {
        if (rc != 0) {
            throw Native.lastError(what);
        }
    }

    public IpFamily family() {
        return family;
    }

    /**
     * Returns the next ICMP error about an SCTP packet, or null when none is waiting. Messages that do
     * not quote an SCTP packet, are malformed or fail the ICMPv4 checksum are skipped and counted
     * ({@link #ignoredCount()}). Thread-safe (calls are serialised).
     *
     * @throws ErrnoException EBADF once closed, or another recvmsg error
     */
    public IcmpReport receive() throws ErrnoException {
        synchronized (receiveLock) {
            int f = fd.acquire("recvmsg");
            try {
                while (true) {
                    meta.putInt(Native.MSGHDR_NAMELEN, 32);
                    meta.putLong(Native.MSGHDR_CONTROLLEN, CONTROL_BYTES);
                    meta.putInt(Native.MSGHDR_FLAGS, 0);
                    long n = Native.C.recvmsg(f, msghdr, Native.MSG_DONTWAIT);
                    if (n < 0) {
                        int err = Native.errno();
                        if (err == Errno.EINTR.number()) {
                            continue;
                        }
                        if (err == Errno.EAGAIN.number()) {
                            return null;
                        }
                        throw new ErrnoException("recvmsg", err);
                    }
                    // A truncated message is still usable: only its head matters.
                    int length = (int) Math.min(n, BUFFER_BYTES);
                    IcmpReport r = family == IpFamily.IPV4 ? parseIcmpv4(length) : parseIcmpv6(length);
                    if (r != null) {
                        return r;
                    }
                    ignored++;
                }
            } finally {
                fd.release();
            }
        }
    }

    /** ICMP messages skipped because they were not about SCTP or were malformed. */
    public long ignoredCount() {
        synchronized (receiveLock) {
            return ignored;
        }
    }

    /** See {@link RawSctpSocket#awaitReadable(int)}. */
    public boolean awaitReadable(int timeoutMillis) throws ErrnoException {
        return (Poller.pollOne(fd, Poller.READABLE, timeoutMillis) & (Poller.READABLE | Poller.ERROR)) != 0;
    }

    /**
     * The IPv4 socket receives the outer IP header, then the ICMP header (RFC 792): type, code, checksum,
     * 4 bytes (for code 4, unused and next-hop MTU, RFC 1191 §4), then the quoted IP header and payload.
     */
    private IcmpReport parseIcmpv4(int length) {
        if (length < 20) {
            return null;
        }
        int ihl = (data.get(0) & 0x0f) * 4;
        int total = Math.min(data.getShort(2) & 0xffff, length);
        if ((data.get(0) & 0xf0) != 0x40 || ihl < 20 || total < ihl + 8 + 20) {
            return null;
        }
        if (!icmpv4ChecksumOk(ihl, total)) {
            return null;
        }
        int type = data.get(ihl) & 0xff;
        int code = data.get(ihl + 1) & 0xff;
        if (type != ICMP_DEST_UNREACH) {
            return null;
        }
        int inner = ihl + 8;
        int innerIhl = (data.get(inner) & 0x0f) * 4;
        if ((data.get(inner) & 0xf0) != 0x40 || innerIhl < 20 || inner + innerIhl > total) {
            return null;
        }
        if ((data.get(inner + 9) & 0xff) != Native.IPPROTO_SCTP) {
            return null;
        }
        if ((data.getShort(inner + 6) & 0x1fff) != 0) {
            return null; // a later fragment: no SCTP header in the quote
        }
        int sctp = inner + innerIhl;
        int innerTotal = data.getShort(inner + 2) & 0xffff;
        int end = Math.min(total, inner + Math.max(innerTotal, innerIhl));
        if (end - sctp < 8) {
            return null;
        }
        Kind kind;
        int mtu = 0;
        switch (code) {
            case 0: case 6: case 11: kind = Kind.NET_UNREACHABLE; break;
            case 1: case 7: case 12: kind = Kind.HOST_UNREACHABLE; break;
            case 2: kind = Kind.PROTOCOL_UNREACHABLE; break;
            case 3: kind = Kind.PORT_UNREACHABLE; break;
            case 4:
                kind = Kind.FRAGMENTATION_NEEDED;
                mtu = data.getShort(ihl + 6) & 0xffff; // 0 from routers older than RFC 1191
                break;
            case 9: case 10: case 13: kind = Kind.ADMIN_PROHIBITED; break;
            default: kind = Kind.OTHER;
        }
        InetAddress reporter = codec.ipv4At(data, 12);
        InetAddress origSource = codec.ipv4At(data, inner + 12);
        InetAddress origDestination = codec.ipv4At(data, inner + 16);
        return new IcmpReport(kind, type, code, reporter, origSource, origDestination,
                slice(sctp, end), mtu, receivedInterface());
    }

    /** RFC 792: the one's complement of the one's-complement sum of the ICMP message must be 0xffff. */
    private boolean icmpv4ChecksumOk(int from, int to) {
        long sum = 0;
        int i = from;
        for (; i + 1 < to; i += 2) {
            sum += data.getShort(i) & 0xffff;
        }
        if (i < to) {
            sum += (data.get(i) & 0xff) << 8;
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return sum == 0xffff;
    }

    /**
     * The IPv6 socket receives the ICMPv6 message without the IPv6 header (the kernel has checked its
     * checksum, RFC 3542 §3.1): type, code, checksum, 4 bytes (MTU for type 2, pointer for type 4), then
     * the quoted IPv6 packet (RFC 4443 §3). The quoted packet may carry extension headers before SCTP.
     */
    private IcmpReport parseIcmpv6(int length) {
        if (length < 8 + 40) {
            return null;
        }
        if (meta.getInt(Native.MSGHDR_NAMELEN) < Native.SOCKADDR_IN6_SIZE) {
            return null;
        }
        int type = data.get(0) & 0xff;
        int code = data.get(1) & 0xff;
        int inner = 8;
        if ((data.get(inner) & 0xf0) != 0x60) {
            return null;
        }
        int sctp = sctpOffsetInIpv6(inner, length);
        if (sctp < 0 || length - sctp < 8) {
            return null;
        }
        int payloadLength = data.getShort(inner + 4) & 0xffff;
        int end = Math.min(length, inner + 40 + payloadLength);
        if (end - sctp < 8) {
            return null;
        }
        Kind kind;
        int mtu = 0;
        if (type == ICMPV6_DEST_UNREACH) {
            switch (code) {
                case 0: kind = Kind.NET_UNREACHABLE; break;
                case 1: case 5: case 6: kind = Kind.ADMIN_PROHIBITED; break;
                case 3: kind = Kind.HOST_UNREACHABLE; break;
                case 4: kind = Kind.PORT_UNREACHABLE; break;
                default: kind = Kind.OTHER;
            }
        } else if (type == ICMPV6_PKT_TOOBIG) {
            kind = Kind.PACKET_TOO_BIG;
            mtu = data.getInt(4);
        } else if (type == ICMPV6_PARAMPROB) {
            kind = code == 1 ? Kind.PROTOCOL_UNREACHABLE : Kind.OTHER;
        } else {
            return null;
        }
        InetAddress reporter = codec.ipv6At(meta, nameAt + 8, meta.getInt(nameAt + 24));
        InetAddress origSource = codec.ipv6At(data, inner + 8, 0);
        InetAddress origDestination = codec.ipv6At(data, inner + 24, 0);
        return new IcmpReport(kind, type, code, reporter, origSource, origDestination,
                slice(sctp, end), mtu, receivedInterface());
    }

    /**
     * Follows the quoted packet's next-header chain (RFC 8200 §4) to the SCTP header; returns its offset,
     * or -1 if the chain ends elsewhere, is cut off, or reaches a non-first fragment.
     */
    private int sctpOffsetInIpv6(int inner, int length) {
        int next = data.get(inner + 6) & 0xff;
        int at = inner + 40;
        for (int hops = 0; hops < 16; hops++) {
            switch (next) {
                case Native.IPPROTO_SCTP:
                    return at;
                case 0:   // hop-by-hop options
                case 43:  // routing
                case 60:  // destination options
                    if (at + 8 > length) {
                        return -1;
                    }
                    next = data.get(at) & 0xff;
                    at += ((data.get(at + 1) & 0xff) + 1) * 8;
                    break;
                case 44:  // fragment: 8 bytes; only the first fragment holds the SCTP header
                    if (at + 8 > length || (data.getShort(at + 2) & 0xfff8) != 0) {
                        return -1;
                    }
                    next = data.get(at) & 0xff;
                    at += 8;
                    break;
                case 51:  // authentication header (RFC 4302 §2.2: length in 4-byte units, minus 2)
                    if (at + 8 > length) {
                        return -1;
                    }
                    next = data.get(at) & 0xff;
                    at += ((data.get(at + 1) & 0xff) + 2) * 4;
                    break;
                default:
                    return -1;
            }
        }
        return -1;
    }

    private ByteBuffer slice(int from, int to) {
        ByteBuffer d = data.duplicate();
        d.limit(to).position(from);
        return d; // IcmpReport copies it
    }

    /** The interface index from IP_PKTINFO / IPV6_PKTINFO, 0 if absent. */
    private int receivedInterface() {
        long controlLength = Math.min(meta.getLong(Native.MSGHDR_CONTROLLEN), CONTROL_BYTES);
        int off = 0;
        while (off + Native.CMSG_HDR <= controlLength) {
            long len = meta.getLong(controlAt + off);
            if (len < Native.CMSG_HDR || off + len > controlLength) {
                break;
            }
            int level = meta.getInt(controlAt + off + 8);
            int type = meta.getInt(controlAt + off + 12);
            int d = controlAt + off + Native.CMSG_HDR;
            if (level == Native.IPPROTO_IP && type == Native.IP_PKTINFO) {
                return meta.getInt(d);
            }
            if (level == Native.IPPROTO_IPV6 && type == Native.IPV6_PKTINFO) {
                return meta.getInt(d + 16);
            }
            off += Native.cmsgAlign((int) len);
        }
        return 0;
    }

    @Override
    public boolean isOpen() {
        return !fd.isClosed();
    }

    /** Idempotent, safe from any thread. */
    @Override
    public void close() {
        fd.close();
    }

    NativeFd nativeFd() {
        return fd;
    }
}
