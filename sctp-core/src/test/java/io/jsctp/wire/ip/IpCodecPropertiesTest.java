package io.jsctp.wire.ip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Properties of the IP header codec: building then parsing agrees, and no input makes parsing blow up. */
class IpCodecPropertiesTest {

    @Property
    void ipv4BuildThenParseGivesTheSameFields(@ForAll("ipv4") Inet4Address source, @ForAll("ipv4") Inet4Address destination,
            @ForAll @IntRange(max = 255) int protocol, @ForAll @Size(max = 1600) byte[] payload,
            @ForAll @IntRange(max = 9) int leadingBytes, @ForAll boolean littleEndian) throws Exception {
        ByteBuffer out = ByteBuffer.allocate(leadingBytes + 20 + payload.length + 3)
                .order(littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        out.position(leadingBytes);
        int written = IpHeaderWriter.writePacket(out, source, destination, protocol, ByteBuffer.wrap(payload));
        ByteBuffer packet = out.duplicate().order(out.order()).position(leadingBytes).limit(leadingBytes + written);

        Ipv4Header h = (Ipv4Header) IpParser.parse(packet);
        assertEquals(source, h.source());
        assertEquals(destination, h.destination());
        assertEquals(protocol, h.protocol());
        assertEquals(20, h.headerLength());
        assertEquals(20 + payload.length, h.totalLength());
        assertEquals(64, h.ttl());
        assertTrue(h.dontFragment());
        assertFalse(h.isFragment());
        assertTrue(h.checksumValid());
        assertEquals(20, h.payloadOffset());
        assertEquals(payload.length, h.payloadLength());
        assertEquals(ByteBuffer.wrap(payload), packet.duplicate().position(leadingBytes + 20));
    }

    @Property
    void ipv6BuildThenParseGivesTheSameFields(@ForAll("ipv6") Inet6Address source, @ForAll("ipv6") Inet6Address destination,
            @ForAll("upperLayer") int protocol, @ForAll @Size(max = 1600) byte[] payload) throws Exception {
        ByteBuffer out = ByteBuffer.allocate(40 + payload.length);
        IpHeaderWriter.writePacket(out, source, destination, protocol, ByteBuffer.wrap(payload));
        Ipv6Header h = (Ipv6Header) IpParser.parse(out.flip());
        assertEquals(source, h.source());
        assertEquals(destination, h.destination());
        assertEquals(protocol, h.protocol());
        assertEquals(protocol, h.nextHeader());
        assertEquals(64, h.hopLimit());
        assertEquals(List.of(), h.extensionHeaders());
        assertEquals(40, h.payloadOffset());
        assertEquals(payload.length, h.payloadLength());
        assertFalse(h.isFragment());
    }

    @Property(tries = 2000)
    void parsingArbitraryBytesNeverThrowsUnchecked(@ForAll @Size(max = 120) byte[] bytes,
            @ForAll @IntRange(max = 200) int originalLength) {
        parseAnything(bytes, originalLength);
    }

    /** Arbitrary bytes rarely get past the version check; these start as a plausible header. */
    @Property(tries = 3000)
    void parsingMutatedPacketsNeverThrowsUnchecked(@ForAll("mutatedPackets") byte[] bytes,
            @ForAll @IntRange(max = 400) int originalLength) {
        parseAnything(bytes, originalLength);
    }

    private static void parseAnything(byte[] bytes, int originalLength) {
        try {
            IpHeader h = IpParser.parse(bytes);
            assertTrue(h.payloadOffset() >= (h.version() == 4 ? 20 : 40));
            assertTrue(h.payloadLength() >= 0);
            assertTrue(h.packetLength() <= bytes.length, "a strict parse stays inside the bytes");
        } catch (IpFormatException e) {
            assertTrue(e.offset() >= 0 && e.offset() <= bytes.length, e.getMessage());
        }
        try {
            IpHeader h = IpParser.parseCaptured(ByteBuffer.wrap(bytes), originalLength);
            assertTrue(h.payloadOffset() <= bytes.length, "headers are always fully present");
            assertTrue(h.packetLength() <= Math.max(bytes.length, originalLength));
        } catch (IpFormatException e) {
            assertTrue(e.offset() >= 0 && e.offset() <= bytes.length, e.getMessage());
        }
    }

    @Provide
    Arbitrary<Inet4Address> ipv4() {
        return Arbitraries.bytes().array(byte[].class).ofSize(4).map(b -> (Inet4Address) address(b));
    }

    @Provide
    Arbitrary<Inet6Address> ipv6() {
        return Arbitraries.bytes().array(byte[].class).ofSize(16).map(b -> {
            try {
                return Inet6Address.getByAddress(null, b, -1);
            } catch (UnknownHostException e) {
                throw new AssertionError(e);
            }
        });
    }

    /** Protocols that are not extension headers walked by the parser. */
    @Provide
    Arbitrary<Integer> upperLayer() {
        return Arbitraries.integers().between(0, 255).filter(p -> p != 0 && p != 43 && p != 44 && p != 60 && p != 51);
    }

    @Provide
    Arbitrary<byte[]> mutatedPackets() {
        Arbitrary<byte[]> ipv6WithChain = Arbitraries.of(0, 43, 44, 60, 51, 132, 59, 50).list().ofMaxSize(5)
                .map(IpCodecPropertiesTest::ipv6Chain);
        Arbitrary<byte[]> ipv4WithOptions = Arbitraries.integers().between(0, 15).map(ihl -> {
            byte[] p = new byte[60 + 8];
            p[0] = (byte) (0x40 | ihl);
            p[3] = (byte) p.length;
            return p;
        });
        Arbitrary<byte[]> base = Arbitraries.oneOf(ipv6WithChain, ipv4WithOptions);
        return Combinators.combine(base, Arbitraries.integers().between(0, 20).list().ofMaxSize(6),
                Arbitraries.bytes().list().ofSize(6), Arbitraries.integers().between(0, 100)).as((p, positions, values, cut) -> {
                    byte[] m = p.clone();
                    for (int i = 0; i < positions.size(); i++) {
                        // Bias mutations to the header bytes that steer the parser (lengths, next headers).
                        int at = positions.get(i) * 3 % m.length;
                        m[at] = values.get(i);
                    }
                    int length = Math.max(0, m.length - cut);
                    return java.util.Arrays.copyOf(m, length);
                });
    }

    /** An IPv6 packet whose Next Header chain is {@code types}, each header 8 bytes, then 8 bytes of payload. */
    private static byte[] ipv6Chain(List<Integer> types) {
        int payload = types.size() * 8 + 8;
        byte[] p = new byte[40 + payload];
        p[0] = 0x60;
        p[4] = (byte) (payload >>> 8);
        p[5] = (byte) payload;
        p[6] = (byte) (types.isEmpty() ? 132 : types.get(0));
        for (int i = 0; i < types.size(); i++) {
            int at = 40 + 8 * i;
            p[at] = (byte) (i + 1 < types.size() ? types.get(i + 1) : 132);
            // Length byte 0: 8 bytes for options headers; for AH, (0 + 2) * 4 = 8 as well.
            p[at + 1] = 0;
        }
        return p;
    }

    private static InetAddress address(byte[] b) {
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
