package io.jsctp.raw.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;

import io.jsctp.raw.net.testing.TestNetwork;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Packets our own sender never makes, crafted by scapy: IPv4 with IP options (a header longer than 20
 * bytes), hand-cut IPv4 fragments, and ECN/traffic-class bits. The receiving side must find the SCTP
 * bytes and the header fields all the same.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScapyCrossCheckTest {
    static final String PYTHON = "/usr/bin/python3";

    TestNetwork net;
    TestNetwork.Namespace a;
    TestNetwork.Namespace b;

    @BeforeAll
    void setUp() throws Exception {
        TestNetwork.assumeUsable();
        boolean scapy;
        try {
            TestNetwork.run(PYTHON, "-c", "import scapy.all");
            scapy = true;
        } catch (RuntimeException e) {
            scapy = false;
        }
        Assumptions.assumeTrue(scapy, "needs python3-scapy (" + PYTHON + " -c 'import scapy.all')");
        net = TestNetwork.create();
        a = net.namespace("a");
        b = net.namespace("b");
        net.link(a, "jsr-a0", b, "jsr-b0");
        a.addAddress("jsr-a0", "198.18.60.1/24");
        a.addAddress("jsr-a0", "fd5a:60::1/64");
        b.addAddress("jsr-b0", "198.18.60.2/24");
        b.addAddress("jsr-b0", "fd5a:60::2/64");
        // Resolve neighbours up front (one packet each way through our sockets) so that scapy's single
        // packets are not lost to ARP/NDP.
        warmUp(IpFamily.IPV4, "198.18.60.2");
        warmUp(IpFamily.IPV6, "fd5a:60::2");
    }

    void warmUp(IpFamily family, String to) throws Exception {
        try (RawSctpSocket sa = a.run(() -> RawSctpSocket.open(family));
             RawSctpSocket sb = b.run(() -> RawSctpSocket.open(family))) {
            OutgoingBatch out = sa.newOutgoingBatch();
            out.append(null, InetAddress.getByName(to), SctpBytes.init(1, 1, 1));
            sa.send(out);
            assertEquals(1, receiveIn(sb, 1).size());
        }
    }

    @AfterAll
    void tearDown() {
        if (net != null) {
            net.close();
        }
    }

    /** Runs a scapy snippet in namespace A; {@code payload} is available as bytes named P. */
    void scapy(String code, byte[] payload) {
        String script = "import logging\n"
                + "logging.getLogger('scapy.runtime').setLevel(logging.ERROR)\n"
                + "from scapy.all import *\n"
                + "conf.verb = 0\n"
                + "P = bytes.fromhex('" + HexFormat.of().formatHex(payload) + "')\n"
                + code + "\n";
        a.exec(PYTHON, "-c", script);
    }

    List<RawSctpSocketTest.Received> receiveIn(RawSctpSocket s, int n) throws ErrnoException {
        return RawSctpSocketTest.receive(s, s.newReceivedBatch(), n);
    }

    @Test
    void ipv4HeaderWithOptionsAndEcn() throws Exception {
        byte[] sctp = SctpBytes.bytes(SctpBytes.data(9, 10, 0x0a0b0c0d, 5, 300));
        try (RawSctpSocket sb = b.run(() -> RawSctpSocket.open(IpFamily.IPV4))) {
            // Router Alert (RFC 2113) makes the header 24 bytes; tos 0x03 is ECN CE (RFC 3168).
            scapy("send(IP(src='198.18.60.1', dst='198.18.60.2', proto=132, tos=0x03,"
                    + " options=[IPOption_Router_Alert()])/Raw(load=P))", sctp);
            List<RawSctpSocketTest.Received> got = receiveIn(sb, 1);
            assertEquals(1, got.size());
            assertArrayEquals(sctp, got.get(0).bytes());
            assertEquals(InetAddress.getByName("198.18.60.1"), got.get(0).source());
            assertEquals(InetAddress.getByName("198.18.60.2"), got.get(0).destination());
            assertEquals(0x03, got.get(0).trafficClass());
        }
    }

    @Test
    void ipv4FragmentsAreReassembledBeforeTheRawSocket() throws Exception {
        byte[] sctp = SctpBytes.bytes(SctpBytes.data(9, 10, 0x0a0b0c0d, 6, 1000));
        try (RawSctpSocket sb = b.run(() -> RawSctpSocket.open(IpFamily.IPV4))) {
            // Out of order, in 256-byte pieces.
            scapy("fr = fragment(IP(src='198.18.60.1', dst='198.18.60.2', proto=132, id=4242)/Raw(load=P),"
                    + " fragsize=256)\nsend(list(reversed(fr)))", sctp);
            ReceivedBatch in = sb.newReceivedBatch();
            List<RawSctpSocketTest.Received> got = RawSctpSocketTest.receive(sb, in, 1);
            assertEquals(1, got.size());
            assertArrayEquals(sctp, got.get(0).bytes());
            assertEquals(0, in.malformedCount());
        }
    }

    @Test
    void ipv6TrafficClassComesFromTheControlMessage() throws Exception {
        byte[] sctp = SctpBytes.bytes(SctpBytes.data(9, 10, 0x0a0b0c0d, 7, 100));
        try (RawSctpSocket sb = b.run(() -> RawSctpSocket.open(IpFamily.IPV6))) {
            scapy("send(IPv6(src='fd5a:60::1', dst='fd5a:60::2', nh=132, tc=0x02)/Raw(load=P))", sctp);
            List<RawSctpSocketTest.Received> got = receiveIn(sb, 1);
            assertEquals(1, got.size());
            assertArrayEquals(sctp, got.get(0).bytes());
            assertEquals(0x02, got.get(0).trafficClass(), "ECT(0)");
            assertEquals(InetAddress.getByName("fd5a:60::1"), got.get(0).source());
        }
    }

    @Test
    void whatWeSendIsWhatScapySeesOnTheWire() throws Exception {
        // An independent reader of our packets: scapy sniffs in B and prints the IP source and payload.
        byte[] sctp = SctpBytes.bytes(SctpBytes.data(11, 12, 0x01010101, 8, 64));
        String sniff = "import logging\n"
                + "logging.getLogger('scapy.runtime').setLevel(logging.ERROR)\n"
                + "from scapy.all import *\n"
                + "conf.verb = 0\n"
                + "import sys\n"
                + "print('ready', flush=True)\n"
                + "p = sniff(iface='jsr-b0', filter='ip proto 132', count=1, timeout=10)\n"
                + "print(p[0][IP].src, p[0][IP].proto, p[0][IP].flags, bytes(p[0][IP].payload).hex()) if p else print('none')\n";
        ProcessBuilder pb = new ProcessBuilder("ip", "netns", "exec", b.name(), PYTHON, "-c", sniff);
        pb.redirectErrorStream(true);
        Process sniffer = pb.start();
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(sniffer.getInputStream()))) {
            assertEquals("ready", out.readLine());
            Thread.sleep(500); // let the capture start
            try (RawSctpSocket sa = a.run(() -> RawSctpSocket.open(IpFamily.IPV4))) {
                OutgoingBatch batch = sa.newOutgoingBatch();
                batch.append(InetAddress.getByName("198.18.60.1"), InetAddress.getByName("198.18.60.2"),
                        ByteBuffer.wrap(sctp));
                sa.send(batch);
            }
            String line = out.readLine();
            assertEquals("198.18.60.1 132 DF " + HexFormat.of().formatHex(sctp), line,
                    "source, protocol, DF (PathMtuDiscovery.PROBE) and bytes as sent");
        } finally {
            sniffer.destroy();
            sniffer.waitFor();
        }
    }
}
