package io.jsctp.wire.ip;

import static io.jsctp.wire.ip.PacketBytes.fragmentHeader;
import static io.jsctp.wire.ip.PacketBytes.ipv6Fixed;
import static io.jsctp.wire.ip.PacketBytes.optionsHeader;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class IpParserTest {

    // A well-known IPv4 header (UDP, 192.168.0.1 -> 192.168.0.199) whose checksum 0xb861 was
    // computed by its original sender, not by us.
    private static final String KNOWN_IPV4 = "4500 0073 0000 4000 4011 b861 c0a8 0001 c0a8 00c7";

    @Test
    void parsesKnownIpv4HeaderWithItsChecksum() throws Exception {
        byte[] packet = PacketBytes.of().hex(KNOWN_IPV4).zeros(0x73 - 20).toArray();
        Ipv4Header h = (Ipv4Header) IpParser.parse(packet);
        assertEquals(4, h.version());
        assertEquals(20, h.headerLength());
        assertEquals(0, h.typeOfService());
        assertEquals(0x73, h.totalLength());
        assertEquals(0, h.identification());
        assertTrue(h.dontFragment());
        assertFalse(h.moreFragments());
        assertEquals(0, h.fragmentOffset());
        assertEquals(64, h.ttl());
        assertEquals(IpProtocols.UDP, h.protocol());
        assertEquals(0xb861, h.headerChecksum());
        assertTrue(h.checksumValid());
        assertEquals(InetAddress.getByName("192.168.0.1"), h.source());
        assertEquals(InetAddress.getByName("192.168.0.199"), h.destination());
        assertEquals(20, h.payloadOffset());
        assertEquals(0x73 - 20, h.payloadLength());
        assertFalse(h.isFragment());
    }

    @Test
    void reportsABadChecksumAsAFieldNotAnError() throws Exception {
        byte[] packet = PacketBytes.of().hex(KNOWN_IPV4).zeros(0x73 - 20).toArray();
        packet[11] ^= 1;
        Ipv4Header h = (Ipv4Header) IpParser.parse(packet);
        assertFalse(h.checksumValid());
        assertEquals(0xb860, h.headerChecksum());
    }

    @Test
    void ipv4OptionsMoveThePayloadAndFragmentFieldsAreRead() throws Exception {
        // IHL 6 with a Router Alert option (RFC 2113), MF set, fragment offset 185 units.
        byte[] packet = PacketBytes.of().hex("4600 0020 1234 20b9 0184 0000 0a00 0001 0a00 0002 9404 0000")
                .hex("01020304 05060708").toArray();
        int sum = IpParser.internetChecksum(ByteBuffer.wrap(packet), 0, 24);
        packet[10] = (byte) (sum >>> 8);
        packet[11] = (byte) sum;
        Ipv4Header h = (Ipv4Header) IpParser.parse(packet);
        assertEquals(24, h.headerLength());
        assertEquals(4, h.optionsLength());
        assertEquals(24, h.payloadOffset());
        assertEquals(8, h.payloadLength());
        assertEquals(0x1234, h.identification());
        assertTrue(h.moreFragments());
        assertFalse(h.dontFragment());
        assertEquals(185, h.fragmentOffset());
        assertEquals(1480, h.fragmentByteOffset());
        assertTrue(h.isFragment());
        assertEquals(IpProtocols.SCTP, h.protocol());
        assertTrue(h.checksumValid());
    }

    @Test
    void linkLayerPaddingIsNotPayload() throws Exception {
        // 20-byte header + 8 bytes payload, padded to a 46-byte Ethernet minimum.
        byte[] packet = PacketBytes.of().hex("4500 001c 0000 4000 4084 0000 0a00 0001 0a00 0002")
                .hex("0001000200000000").zeros(18).toArray();
        IpHeader h = IpParser.parse(packet);
        assertEquals(8, h.payloadLength());
        assertEquals(28, h.packetLength());
    }

    @Test
    void leavesTheCallersBufferAloneAndCountsFromItsPosition() throws Exception {
        byte[] packet = PacketBytes.of().hex(KNOWN_IPV4).zeros(0x73 - 20).toArray();
        ByteBuffer buf = ByteBuffer.allocate(7 + packet.length + 5).order(ByteOrder.LITTLE_ENDIAN);
        buf.position(7);
        buf.put(packet);
        buf.position(7).limit(7 + packet.length);
        IpHeader h = IpParser.parse(buf);
        assertEquals(7, buf.position());
        assertEquals(7 + packet.length, buf.limit());
        assertEquals(ByteOrder.LITTLE_ENDIAN, buf.order());
        assertEquals(20, h.payloadOffset());
        assertEquals(InetAddress.getByName("192.168.0.199"), h.destination());

        IpHeader fromArray = IpParser.parse(buf.array(), 7, packet.length);
        assertEquals(h, fromArray);
        assertEquals(h, IpParser.parse(buf.asReadOnlyBuffer()));
    }

    @Test
    void namesEachIpv4Defect() {
        assertError(IpFormatException.Reason.TRUNCATED, 0, new byte[0]);
        assertError(IpFormatException.Reason.BAD_VERSION, 0, PacketBytes.of().hex("5500 0014").zeros(16).toArray());
        assertError(IpFormatException.Reason.TRUNCATED, 19, PacketBytes.of().hex(KNOWN_IPV4.substring(0, 47)).toArray());
        assertError(IpFormatException.Reason.BAD_HEADER_LENGTH, 0,
                PacketBytes.of().hex("4400 0014 0000 4000 4084 0000 0a00 0001 0a00 0002").toArray());
        assertError(IpFormatException.Reason.OPTIONS_TRUNCATED, 0,
                PacketBytes.of().hex("4f00 0014 0000 4000 4084 0000 0a00 0001 0a00 0002").zeros(8).toArray());
        assertError(IpFormatException.Reason.TOTAL_LENGTH_TOO_SMALL, 2,
                PacketBytes.of().hex("4600 0014 0000 4000 4084 0000 0a00 0001 0a00 0002 01010101").toArray());
        assertError(IpFormatException.Reason.TOTAL_LENGTH_BEYOND_BUFFER, 2,
                PacketBytes.of().hex("4500 0030 0000 4000 4084 0000 0a00 0001 0a00 0002").zeros(27).toArray());
    }

    @Test
    void walksIpv6ExtensionHeadersToTheUpperLayer() throws Exception {
        String sctp = "0001000200000000abcdef01";
        String chain = optionsHeader(IpProtocols.ROUTING, 0)                              // HBH, 8 bytes
                + optionsHeader(IpProtocols.DESTINATION_OPTIONS, 1)                       // Routing, 16 bytes
                + optionsHeader(IpProtocols.FRAGMENT, 0)                                  // DstOpts, 8 bytes
                + fragmentHeader(IpProtocols.SCTP, 0, true, 0xdeadbeefL);                 // Fragment, 8 bytes
        int payloadLength = chain.length() / 2 + sctp.length() / 2;
        byte[] packet = PacketBytes.of().hex(ipv6Fixed(IpProtocols.HOP_BY_HOP, payloadLength)).hex(chain).hex(sctp).toArray();

        Ipv6Header h = (Ipv6Header) IpParser.parse(packet);
        assertEquals(6, h.version());
        assertEquals(IpProtocols.HOP_BY_HOP, h.nextHeader());
        assertEquals(64, h.hopLimit());
        assertEquals(payloadLength, h.payloadLengthField());
        assertEquals(List.of(
                new Ipv6ExtensionHeader(IpProtocols.HOP_BY_HOP, IpProtocols.ROUTING, 40, 8),
                new Ipv6ExtensionHeader(IpProtocols.ROUTING, IpProtocols.DESTINATION_OPTIONS, 48, 16),
                new Ipv6ExtensionHeader(IpProtocols.DESTINATION_OPTIONS, IpProtocols.FRAGMENT, 64, 8),
                new Ipv6ExtensionHeader(IpProtocols.FRAGMENT, IpProtocols.SCTP, 72, 8)), h.extensionHeaders());
        assertEquals(IpProtocols.SCTP, h.protocol());
        assertEquals(80, h.payloadOffset());
        assertEquals(12, h.payloadLength());
        assertEquals(new Ipv6Header.Ipv6Fragment(0, true, 0xdeadbeefL), h.fragment().orElseThrow());
        assertTrue(h.isFragment());
        assertEquals(InetAddress.getByName("2001:db8::1"), h.source());
        assertEquals(InetAddress.getByName("2001:db8::2"), h.destination());
        byte[] payload = new byte[h.payloadLength()];
        System.arraycopy(packet, h.payloadOffset(), payload, 0, payload.length);
        assertArrayEquals(PacketBytes.of().hex(sctp).toArray(), payload);
    }

    @Test
    void readsTrafficClassFlowLabelAndTheAtomicFragment() throws Exception {
        byte[] packet = PacketBytes.of().hex("6abcdef1 0008 2c 05")
                .hex("20010db8000000000000000000000001").hex("20010db8000000000000000000000002")
                .hex(fragmentHeader(IpProtocols.NO_NEXT_HEADER, 0, false, 7)).toArray();
        Ipv6Header h = (Ipv6Header) IpParser.parse(packet);
        assertEquals(0xab, h.trafficClass());
        assertEquals(0xcdef1, h.flowLabel());
        assertEquals(5, h.hopLimit());
        assertEquals(IpProtocols.NO_NEXT_HEADER, h.protocol());
        assertEquals(0, h.payloadLength());
        assertFalse(h.isFragment(), "offset 0 with M = 0 is an atomic fragment, a whole packet");
    }

    @Test
    void stopsAtANonFirstFragment() throws Exception {
        // Offset 100 units: what follows is the middle of a packet, even if it looks like a header.
        String chain = fragmentHeader(IpProtocols.DESTINATION_OPTIONS, 100, false, 1);
        byte[] packet = PacketBytes.of().hex(ipv6Fixed(IpProtocols.FRAGMENT, 8 + 16)).hex(chain).hex("ff".repeat(16)).toArray();
        Ipv6Header h = (Ipv6Header) IpParser.parse(packet);
        assertEquals(IpProtocols.DESTINATION_OPTIONS, h.protocol());
        assertEquals(48, h.payloadOffset());
        assertEquals(16, h.payloadLength());
        assertEquals(800, h.fragment().orElseThrow().fragmentByteOffset());
        assertTrue(h.isFragment());
    }

    @Test
    void walksAnAuthenticationHeaderAndStopsAtEsp() throws Exception {
        // AH with Payload Len 4: (4 + 2) * 4 = 24 bytes (RFC 4302 §2.2).
        String ah = String.format("%02x04 0000", IpProtocols.SCTP) + "00000001" + "00000002" + "00".repeat(12);
        byte[] packet = PacketBytes.of().hex(ipv6Fixed(IpProtocols.AUTHENTICATION_HEADER, 24 + 4)).hex(ah).hex("01020304").toArray();
        Ipv6Header h = (Ipv6Header) IpParser.parse(packet);
        assertEquals(IpProtocols.SCTP, h.protocol());
        assertEquals(64, h.payloadOffset());
        assertEquals(4, h.payloadLength());

        byte[] esp = PacketBytes.of().hex(ipv6Fixed(IpProtocols.ESP, 16)).zeros(16).toArray();
        Ipv6Header e = (Ipv6Header) IpParser.parse(esp);
        assertEquals(IpProtocols.ESP, e.protocol());
        assertEquals(40, e.payloadOffset());
        assertTrue(e.extensionHeaders().isEmpty());
    }

    @Test
    void anIpv4MappedSourceStaysIpv6() throws Exception {
        byte[] packet = PacketBytes.of().hex("60000000 0000 3b 40").hex("00000000000000000000ffff0a000001")
                .hex("20010db8000000000000000000000002").toArray();
        IpHeader h = IpParser.parse(packet);
        // InetAddress.getByAddress would have made this an Inet4Address for 10.0.0.1.
        assertInstanceOf(Inet6Address.class, h.source());
        assertArrayEquals(PacketBytes.of().hex("00000000000000000000ffff0a000001").toArray(), h.source().getAddress());
    }

    @Test
    void namesEachIpv6Defect() {
        assertError(IpFormatException.Reason.TRUNCATED, 39, PacketBytes.of().hex(ipv6Fixed(59, 0)).toArray(), 39);
        assertError(IpFormatException.Reason.PAYLOAD_LENGTH_BEYOND_BUFFER, 4,
                PacketBytes.of().hex(ipv6Fixed(IpProtocols.SCTP, 13)).zeros(12).toArray());
        // Payload of 4 bytes cannot hold the 8-byte minimum of a Destination Options header.
        assertError(IpFormatException.Reason.EXTENSION_HEADER_TRUNCATED, 40,
                PacketBytes.of().hex(ipv6Fixed(IpProtocols.DESTINATION_OPTIONS, 4)).hex("84000000").toArray());
        // Routing header claims 3 units (32 bytes) in a 16-byte payload: the length field at 41 is wrong.
        assertError(IpFormatException.Reason.EXTENSION_HEADER_OVERRUN, 41,
                PacketBytes.of().hex(ipv6Fixed(IpProtocols.ROUTING, 16)).hex("8403").zeros(14).toArray());
        // Second header is Hop-by-Hop, which must come first: reported where it starts (48).
        assertError(IpFormatException.Reason.HOP_BY_HOP_NOT_FIRST, 48,
                PacketBytes.of().hex(ipv6Fixed(IpProtocols.DESTINATION_OPTIONS, 16))
                        .hex(optionsHeader(IpProtocols.HOP_BY_HOP, 0)).hex(optionsHeader(IpProtocols.SCTP, 0)).toArray());
    }

    @Test
    void parseCapturedAcceptsAPayloadCutByTheSnapshotLength() throws Exception {
        byte[] whole = PacketBytes.of().hex("4500 0064 0000 4000 4084 0000 0a00 0001 0a00 0002").zeros(80).toArray();
        ByteBuffer cut = ByteBuffer.wrap(whole, 0, 60);
        IpFormatException strict = assertThrows(IpFormatException.class, () -> IpParser.parse(cut));
        assertEquals(IpFormatException.Reason.TOTAL_LENGTH_BEYOND_BUFFER, strict.reason());

        IpHeader h = IpParser.parseCaptured(cut, 100);
        assertEquals(80, h.payloadLength(), "the declared length, not what was captured");
        assertEquals(0, cut.position());

        IpFormatException lying = assertThrows(IpFormatException.class, () -> IpParser.parseCaptured(cut, 90));
        assertEquals(IpFormatException.Reason.TOTAL_LENGTH_BEYOND_BUFFER, lying.reason());

        // The header itself must be present even when the capture was cut.
        String chain = optionsHeader(IpProtocols.SCTP, 2);
        byte[] v6 = PacketBytes.of().hex(ipv6Fixed(IpProtocols.HOP_BY_HOP, 24 + 100)).hex(chain).zeros(100).toArray();
        IpFormatException cutHeader = assertThrows(IpFormatException.class,
                () -> IpParser.parseCaptured(ByteBuffer.wrap(v6, 0, 50), v6.length));
        assertEquals(IpFormatException.Reason.EXTENSION_HEADER_TRUNCATED, cutHeader.reason());
        assertEquals(50, cutHeader.offset());
        IpHeader v6cut = IpParser.parseCaptured(ByteBuffer.wrap(v6, 0, 70), v6.length);
        assertEquals(64, v6cut.payloadOffset());
        assertEquals(100, v6cut.payloadLength());
    }

    private static void assertError(IpFormatException.Reason reason, int offset, byte[] packet) {
        assertError(reason, offset, packet, packet.length);
    }

    private static void assertError(IpFormatException.Reason reason, int offset, byte[] packet, int length) {
        IpFormatException e = assertThrows(IpFormatException.class, () -> IpParser.parse(packet, 0, length));
        assertEquals(reason, e.reason(), e.getMessage());
        assertEquals(offset, e.offset(), e.getMessage());
        assertTrue(e.getMessage().contains(reason.name()), e.getMessage());
    }
}
