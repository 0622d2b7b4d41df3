package io.jsctp.raw.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import io.jsctp.raw.net.IcmpReport.Kind;
import io.jsctp.raw.net.testing.TestNetwork;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * ICMP errors provoked for real: A -- R -- B, R a router whose link to B has an MTU of 1280 and which
 * has a "prohibit" and an "unreachable" route, B a host with no SCTP (no raw SCTP socket open there, and
 * no kernel SCTP on this machine), so its kernel answers SCTP packets with protocol unreachable (IPv4)
 * or parameter problem, unrecognized next header (IPv6).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IcmpSocketTest {
    static final InetAddress A4 = RawSctpSocketTest.addr("198.18.10.1");
    static final InetAddress A4_PROHIBIT = RawSctpSocketTest.addr("198.18.10.2");
    static final InetAddress A4_UNREACH = RawSctpSocketTest.addr("198.18.10.3");
    static final InetAddress A4_NOROUTE = RawSctpSocketTest.addr("198.18.10.4");
    static final InetAddress R4_A = RawSctpSocketTest.addr("198.18.10.254");
    static final InetAddress R4_B = RawSctpSocketTest.addr("198.18.20.254");
    static final InetAddress B4 = RawSctpSocketTest.addr("198.18.20.2");
    /** Used by one test only, so that the path MTU A's kernel learns for it does not leak into others. */
    static final InetAddress B4_PMTU = RawSctpSocketTest.addr("198.18.20.3");
    static final InetAddress PROHIBITED4 = RawSctpSocketTest.addr("198.18.30.1");
    static final InetAddress UNREACHABLE4 = RawSctpSocketTest.addr("198.18.31.1");
    static final InetAddress NO_ROUTE4 = RawSctpSocketTest.addr("198.18.32.1");
    static final InetAddress A6 = RawSctpSocketTest.addr("fd5a:10::1");
    static final InetAddress R6_A = RawSctpSocketTest.addr("fd5a:10::fe");
    static final InetAddress B6 = RawSctpSocketTest.addr("fd5a:20::2");
    static final InetAddress PROHIBITED6 = RawSctpSocketTest.addr("fd5a:30::1");
    static final InetAddress UNREACHABLE6 = RawSctpSocketTest.addr("fd5a:31::1");

    static final int SMALL_MTU = 1280;

    TestNetwork net;
    TestNetwork.Namespace a;
    TestNetwork.Namespace r;
    TestNetwork.Namespace b;

    @BeforeAll
    void setUp() {
        TestNetwork.assumeUsable();
        net = TestNetwork.create();
        a = net.namespace("a");
        r = net.namespace("r");
        b = net.namespace("b");
        net.link(a, "jsr-a0", r, "jsr-r0");
        net.link(r, "jsr-r1", b, "jsr-b0");
        a.addAddress("jsr-a0", "198.18.10.1/24");
        a.addAddress("jsr-a0", "198.18.10.2/24");
        a.addAddress("jsr-a0", "198.18.10.3/24");
        a.addAddress("jsr-a0", "198.18.10.4/24");
        a.addAddress("jsr-a0", "fd5a:10::1/64");
        r.addAddress("jsr-r0", "198.18.10.254/24");
        r.addAddress("jsr-r0", "fd5a:10::fe/64");
        r.addAddress("jsr-r1", "198.18.20.254/24");
        r.addAddress("jsr-r1", "fd5a:20::fe/64");
        b.addAddress("jsr-b0", "198.18.20.2/24");
        b.addAddress("jsr-b0", "198.18.20.3/24");
        b.addAddress("jsr-b0", "fd5a:20::2/64");
        r.mtu("jsr-r1", SMALL_MTU);
        b.mtu("jsr-b0", SMALL_MTU);
        r.enableForwarding();
        a.route("default", "via", "198.18.10.254");
        a.route("default", "via", "fd5a:10::fe");
        b.route("default", "via", "198.18.20.254");
        b.route("default", "via", "fd5a:20::fe");
        r.route("prohibit", "198.18.30.0/24");
        r.route("unreachable", "198.18.31.0/24");
        r.route("prohibit", "fd5a:30::/64");
        r.route("unreachable", "fd5a:31::/64");
    }

    @AfterAll
    void tearDown() {
        if (net != null) {
            net.close();
        }
    }

    /** Sends one packet from A and returns the first report matching {@code match} within 3 s. */
    IcmpReport provoke(IpFamily family, InetAddress from, InetAddress to, ByteBuffer packet,
                       PathMtuDiscovery pmtud, Predicate<IcmpReport> match) throws Exception {
        RawSocketOptions options = RawSocketOptions.defaults().pathMtuDiscovery(pmtud);
        try (IcmpSocket icmp = a.run(() -> IcmpSocket.open(family));
             RawSctpSocket raw = a.run(() -> RawSctpSocket.open(family, options))) {
            OutgoingBatch out = raw.newOutgoingBatch();
            out.append(from, to, packet);
            assertEquals(1, raw.send(out));
            assertTrue(out.isSent(0), "sent, not " + out.error(0));
            return await(icmp, match);
        }
    }

    static IcmpReport await(IcmpSocket icmp, Predicate<IcmpReport> match) throws ErrnoException {
        long deadline = System.nanoTime() + 3_000_000_000L;
        List<IcmpReport> others = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            if (!icmp.awaitReadable(100)) {
                continue;
            }
            IcmpReport rep;
            while ((rep = icmp.receive()) != null) {
                if (match.test(rep)) {
                    return rep;
                }
                others.add(rep);
            }
        }
        throw new AssertionError("no matching ICMP report; got " + others);
    }

    @Test
    void ipv4ProtocolUnreachableFromAHostWithoutSctp() throws Exception {
        ByteBuffer init = SctpBytes.init(5001, 7001, 0x0badcafe);
        IcmpReport rep = provoke(IpFamily.IPV4, A4, B4, init, PathMtuDiscovery.PROBE, x -> x.sourcePort() == 5001);
        assertEquals(Kind.PROTOCOL_UNREACHABLE, rep.kind());
        assertEquals(3, rep.type());
        assertEquals(2, rep.code());
        assertEquals(B4, rep.reporter());
        assertEquals(A4, rep.originalSource());
        assertEquals(B4, rep.originalDestination());
        assertEquals(7001, rep.destinationPort());
        assertEquals(0, rep.verificationTag());
        assertEquals(1, rep.firstChunkType());
        assertEquals(0x0badcafeL, rep.initiateTag());
        assertEquals(SctpBytes.bytes(init).length, rep.quotedLength(), "Linux quotes the whole small packet");
        assertEquals(init, rep.quotedSctp());
        assertEquals(0, rep.nextHopMtu());
        assertTrue(rep.interfaceIndex() > 0);
        assertFalse(rep.isTooBig());
    }

    @Test
    void ipv6ParameterProblemUnrecognizedNextHeaderIsProtocolUnreachable() throws Exception {
        ByteBuffer init = SctpBytes.init(5002, 7002, 0x600dbeef);
        IcmpReport rep = provoke(IpFamily.IPV6, A6, B6, init, PathMtuDiscovery.PROBE, x -> x.sourcePort() == 5002);
        assertEquals(Kind.PROTOCOL_UNREACHABLE, rep.kind());
        assertEquals(4, rep.type());
        assertEquals(1, rep.code());
        assertEquals(B6, rep.reporter());
        assertEquals(A6, rep.originalSource());
        assertEquals(B6, rep.originalDestination());
        assertEquals(0x600dbeefL, rep.initiateTag());
        assertEquals(init, rep.quotedSctp());
    }

    @Test
    void ipv4FragmentationNeededCarriesTheNextHopMtu() throws Exception {
        IcmpReport rep = provoke(IpFamily.IPV4, A4, B4, SctpBytes.data(5003, 7003, 0x01020304, 1, 1400),
                PathMtuDiscovery.PROBE, x -> x.sourcePort() == 5003);
        assertEquals(Kind.FRAGMENTATION_NEEDED, rep.kind());
        assertEquals(4, rep.code());
        assertEquals(SMALL_MTU, rep.nextHopMtu());
        assertEquals(R4_A, rep.reporter(), "the router reports from its address towards us");
        assertEquals(0x01020304L, rep.verificationTag());
        assertEquals(0, rep.firstChunkType());
        assertEquals(-1, rep.initiateTag());
        assertTrue(rep.isTooBig());
        // RFC 1812 §4.3.2.3: an ICMPv4 error holds at most 576 bytes, so only the head is quoted.
        assertTrue(rep.quotedLength() >= 12 && rep.quotedLength() <= 576 - 20 - 8 - 20, "quoted " + rep.quotedLength());
    }

    @Test
    void ipv6PacketTooBigCarriesTheMtu() throws Exception {
        IcmpReport rep = provoke(IpFamily.IPV6, A6, B6, SctpBytes.data(5004, 7004, 0x05060708, 1, 1400),
                PathMtuDiscovery.PROBE, x -> x.sourcePort() == 5004);
        assertEquals(Kind.PACKET_TOO_BIG, rep.kind());
        assertEquals(2, rep.type());
        assertEquals(SMALL_MTU, rep.nextHopMtu());
        assertEquals(R6_A, rep.reporter());
        assertEquals(0x05060708L, rep.verificationTag());
        assertTrue(rep.isTooBig());
    }

    @Test
    void withPmtudDoTheKernelThenRefusesLargePacketsLocally() throws Exception {
        // First learn the path MTU towards B from R's ICMP, then a second large packet is refused by
        // A's own kernel with EMSGSIZE (ip(7), IP_PMTUDISC_DO) while a PROBE socket may still send it.
        InetAddress target = B4_PMTU;
        provoke(IpFamily.IPV4, A4, target, SctpBytes.data(5005, 7005, 9, 1, 1400), PathMtuDiscovery.DO,
                x -> x.sourcePort() == 5005 && x.isTooBig());
        RawSocketOptions doOptions = RawSocketOptions.defaults().pathMtuDiscovery(PathMtuDiscovery.DO);
        try (RawSctpSocket raw = a.run(() -> RawSctpSocket.open(IpFamily.IPV4, doOptions));
             RawSctpSocket probe = a.run(() -> RawSctpSocket.open(IpFamily.IPV4))) {
            OutgoingBatch out = raw.newOutgoingBatch();
            out.append(A4, target, SctpBytes.data(5005, 7005, 9, 2, 1400));
            out.append(A4, target, SctpBytes.data(5005, 7005, 9, 3, SMALL_MTU - 20));
            raw.send(out);
            assertEquals(Errno.EMSGSIZE, out.error(0));
            assertTrue(out.isSent(1), "a packet within the path MTU still goes");
            OutgoingBatch big = probe.newOutgoingBatch();
            big.append(A4, target, SctpBytes.data(5005, 7005, 9, 4, 1400));
            probe.send(big);
            assertTrue(big.isSent(0), "PROBE ignores the learned path MTU");
        }
    }

    @Test
    void ipv4RouterFragmentsWithoutDfAndTheReceiverGetsTheWholePacket() throws Exception {
        RawSocketOptions dont = RawSocketOptions.defaults().pathMtuDiscovery(PathMtuDiscovery.DONT);
        try (RawSctpSocket sa = a.run(() -> RawSctpSocket.open(IpFamily.IPV4, dont));
             RawSctpSocket sb = b.run(() -> RawSctpSocket.open(IpFamily.IPV4))) {
            OutgoingBatch out = sa.newOutgoingBatch();
            out.append(A4, B4, SctpBytes.data(5006, 7006, 11, 42, 3000)); // R fragments into 1280-byte pieces
            sa.send(out);
            assertTrue(out.isSent(0), "sent, not " + out.error(0));
            ReceivedBatch in = sb.newReceivedBatch();
            List<RawSctpSocketTest.Received> got = RawSctpSocketTest.receive(sb, in, 1);
            assertEquals(1, got.size());
            assertEquals(42, SctpBytes.checkData(ByteBuffer.wrap(got.get(0).bytes()), 3000));
            assertEquals(A4, got.get(0).source());
            assertEquals(0, in.malformedCount());
        }
    }

    // Routers limit ICMP "unreachable" errors per source address with a token bucket
    // (net.ipv4.route.error_cost/error_burst, not per namespace), so each case below sends from an
    // address of its own.

    @Test
    void ipv4ProhibitedRoute() throws Exception {
        IcmpReport prohibited = provoke(IpFamily.IPV4, A4_PROHIBIT, PROHIBITED4, SctpBytes.data(5007, 7007, 1, 1, 64),
                PathMtuDiscovery.PROBE, x -> x.sourcePort() == 5007);
        assertEquals(Kind.ADMIN_PROHIBITED, prohibited.kind());
        assertEquals(13, prohibited.code());
        assertEquals(A4_PROHIBIT, prohibited.originalSource());
        assertEquals(PROHIBITED4, prohibited.originalDestination());
        assertEquals(R4_A, prohibited.reporter());
    }

    @Test
    void ipv4UnreachableRoute() throws Exception {
        IcmpReport unreachable = provoke(IpFamily.IPV4, A4_UNREACH, UNREACHABLE4, SctpBytes.data(5008, 7008, 1, 1, 64),
                PathMtuDiscovery.PROBE, x -> x.sourcePort() == 5008);
        assertEquals(Kind.HOST_UNREACHABLE, unreachable.kind());
        assertEquals(1, unreachable.code());
    }

    @Test
    void ipv4NoRoute() throws Exception {
        IcmpReport noRoute = provoke(IpFamily.IPV4, A4_NOROUTE, NO_ROUTE4, SctpBytes.data(5009, 7009, 1, 1, 64),
                PathMtuDiscovery.PROBE, x -> x.sourcePort() == 5009);
        assertEquals(Kind.NET_UNREACHABLE, noRoute.kind());
        assertEquals(0, noRoute.code());
    }

    @Test
    void ipv6ProhibitedAndUnreachableDestinations() throws Exception {
        IcmpReport prohibited = provoke(IpFamily.IPV6, A6, PROHIBITED6, SctpBytes.data(5010, 7010, 1, 1, 64),
                PathMtuDiscovery.PROBE, x -> x.sourcePort() == 5010);
        assertEquals(Kind.ADMIN_PROHIBITED, prohibited.kind());
        assertEquals(1, prohibited.type());
        assertEquals(PROHIBITED6, prohibited.originalDestination());

        IcmpReport unreachable = provoke(IpFamily.IPV6, A6, UNREACHABLE6, SctpBytes.data(5011, 7011, 1, 1, 64),
                PathMtuDiscovery.PROBE, x -> x.sourcePort() == 5011);
        assertEquals(Kind.NET_UNREACHABLE, unreachable.kind());
        assertEquals(0, unreachable.code());
    }

    @Test
    void noIcmpWhileARawSctpSocketIsOpenAtTheDestination() throws Exception {
        // DEVELOPERS.md: the kernel stays silent when a raw socket took the packet; our stack answers
        // out-of-the-blue packets itself (RFC 9260 §8.4).
        try (IcmpSocket icmp = a.run(() -> IcmpSocket.open(IpFamily.IPV4));
             RawSctpSocket sa = a.run(() -> RawSctpSocket.open(IpFamily.IPV4));
             RawSctpSocket sb = b.run(() -> RawSctpSocket.open(IpFamily.IPV4))) {
            OutgoingBatch out = sa.newOutgoingBatch();
            out.append(A4, B4, SctpBytes.init(5012, 7012, 77));
            sa.send(out);
            assertEquals(1, RawSctpSocketTest.receive(sb, sb.newReceivedBatch(), 1).size());
            assertFalse(icmp.awaitReadable(300));
            assertNull(icmp.receive());
        }
    }

    @Test
    void closedIcmpSocketFailsWithEbadf() throws Exception {
        IcmpSocket icmp = a.run(() -> IcmpSocket.open(IpFamily.IPV6));
        assertTrue(icmp.isOpen());
        icmp.close();
        icmp.close();
        assertFalse(icmp.isOpen());
        assertEquals(Errno.EBADF, assertThrows(ErrnoException.class, icmp::receive).errno());
        assertEquals(Errno.EBADF, assertThrows(ErrnoException.class, () -> icmp.awaitReadable(1)).errno());
    }

    @Test
    void reportValidatesAndCopiesTheQuote() {
        ByteBuffer quote = SctpBytes.init(1, 2, 3);
        IcmpReport rep = new IcmpReport(Kind.OTHER, 3, 5, A4, A4, B4, quote, 0, 0);
        quote.put(0, (byte) 0x7f);
        assertEquals(1, rep.sourcePort(), "the report owns a copy");
        assertTrue(rep.quotedSctp().isReadOnly());
        assertNotNull(rep.toString());
        assertThrows(IllegalArgumentException.class,
                () -> new IcmpReport(Kind.OTHER, 3, 5, A4, A4, B4, ByteBuffer.allocate(7), 0, 0));
        ByteBuffer eight = ByteBuffer.allocate(8).putInt(0x00010002).putInt(99).flip();
        IcmpReport shortQuote = new IcmpReport(Kind.OTHER, 3, 5, A4, A4, B4, eight, 0, 0);
        assertEquals(99, shortQuote.verificationTag());
        assertEquals(-1, shortQuote.firstChunkType());
        assertEquals(-1, shortQuote.initiateTag());
    }
}
