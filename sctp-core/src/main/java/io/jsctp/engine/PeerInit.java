package io.jsctp.engine;

import io.jsctp.wire.Bytes;
import io.jsctp.wire.CookiePreservativeParameter;
import io.jsctp.wire.HostNameAddressParameter;
import io.jsctp.wire.InitFields;
import io.jsctp.wire.Ipv4AddressParameter;
import io.jsctp.wire.Ipv6AddressParameter;
import io.jsctp.wire.OpaqueParameter;
import io.jsctp.wire.Parameter;
import io.jsctp.wire.StateCookieParameter;
import io.jsctp.wire.SupportedAddressTypesParameter;
import io.jsctp.wire.UnrecognizedParameter;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the parameters of a peer's INIT or INIT ACK say, read the way RFC 9260 §3.2.1 and §5.1.2
 * ask: the peer's transport addresses (the packet's source plus every address parameter), which
 * address families it supports, its State Cookie (INIT ACK) or Cookie Preservative (INIT), and the
 * unrecognized parameters that must be reported back. Parameters after one whose type says "stop"
 * are not processed.
 */
final class PeerInit {
    final List<InetAddress> addresses;
    final boolean supportsIpv4;
    final boolean supportsIpv6;
    final long cookiePreservativeMillis;
    final Bytes stateCookie;
    final HostNameAddressParameter hostName;
    /** Unrecognized parameters whose type asks to be reported, each as the whole parameter. */
    final List<Bytes> toReport;

    private PeerInit(List<InetAddress> addresses, boolean v4, boolean v6, long preservative, Bytes cookie,
                     HostNameAddressParameter hostName, List<Bytes> toReport) {
        this.addresses = addresses;
        this.supportsIpv4 = v4;
        this.supportsIpv6 = v6;
        this.cookiePreservativeMillis = preservative;
        this.stateCookie = cookie;
        this.hostName = hostName;
        this.toReport = toReport;
    }

    static PeerInit parse(InitFields init, InetAddress source) {
        Set<InetAddress> addrs = new LinkedHashSet<>();
        addrs.add(source); // §5.1.2: the source address of the packet is always one of the peer's
        boolean listedTypes = false;
        boolean v4 = false;
        boolean v6 = false;
        long preservative = 0;
        Bytes cookie = null;
        HostNameAddressParameter hostName = null;
        List<Bytes> report = new ArrayList<>(0);
        for (Parameter p : init.parameters()) {
            if (p instanceof Ipv4AddressParameter a) {
                if (usable(a.address())) {
                    addrs.add(a.address());
                }
            } else if (p instanceof Ipv6AddressParameter a) {
                if (usable(a.address())) {
                    addrs.add(a.address());
                }
            } else if (p instanceof SupportedAddressTypesParameter s) {
                listedTypes = true;
                v4 |= s.supports(Ipv4AddressParameter.TYPE);
                v6 |= s.supports(Ipv6AddressParameter.TYPE);
            } else if (p instanceof CookiePreservativeParameter c) {
                preservative = c.suggestedIncrementMillis();
            } else if (p instanceof StateCookieParameter s) {
                cookie = s.cookie();
            } else if (p instanceof HostNameAddressParameter h) {
                hostName = h;
            } else if (p instanceof OpaqueParameter o) {
                // §3.2.1: the two high bits of the type say what to do with what we do not know.
                if (o.action().reports()) {
                    report.add(wholeParameter(o));
                }
                if (!o.action().continues()) {
                    break;
                }
            }
            // Unrecognized Parameter (in an INIT ACK), ECN Capable and Heartbeat Info carry
            // nothing a receiver must act on here.
        }
        if (!listedTypes) {
            // §3.3.2.1.5: without the parameter, the sender supports all address types.
            v4 = true;
            v6 = true;
        }
        // §5.1.2 implementation note: a family used for the source or for a listed address is
        // supported even if Supported Address Types leaves it out.
        for (InetAddress a : addrs) {
            v4 |= a instanceof Inet4Address;
            v6 |= a instanceof Inet6Address;
        }
        return new PeerInit(List.copyOf(addrs), v4, v6, preservative, cookie, hostName, List.copyOf(report));
    }

    /** Wildcard, multicast and broadcast addresses are never a peer's transport address. */
    static boolean usable(InetAddress a) {
        if (a.isAnyLocalAddress() || a.isMulticastAddress()) {
            return false;
        }
        if (a instanceof Inet4Address) {
            byte[] b = a.getAddress();
            return !(b[0] == (byte) 255 && b[1] == (byte) 255 && b[2] == (byte) 255 && b[3] == (byte) 255);
        }
        return true;
    }

    /** The parameters to put in an INIT ACK's Unrecognized Parameter (§3.3.3.1). */
    List<Parameter> unrecognizedParameters() {
        List<Parameter> out = new ArrayList<>(toReport.size());
        for (Bytes b : toReport) {
            out.add(new UnrecognizedParameter(b));
        }
        return out;
    }

    /** The concatenation of the parameters to report, for an Unrecognized Parameters cause. */
    Bytes reportedBytes() {
        int n = 0;
        for (Bytes b : toReport) {
            n += (b.length() + 3) & ~3;
        }
        ByteBuffer buf = ByteBuffer.allocate(n);
        for (Bytes b : toReport) {
            int start = buf.position();
            b.writeTo(buf);
            buf.position(start + ((b.length() + 3) & ~3));
        }
        return Bytes.wrap(buf.array());
    }

    private static Bytes wholeParameter(OpaqueParameter p) {
        ByteBuffer b = ByteBuffer.allocate(p.length());
        b.putShort((short) p.type()).putShort((short) p.length());
        p.encodeValue(b);
        return Bytes.wrap(b.array());
    }
}
