package io.jsctp.wire.ip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class IpHeaderWriterTest {

    @Test
    void writesTheIpv4HeaderAKernelWouldWrite() throws Exception {
        ByteBuffer out = ByteBuffer.allocate(64);
        int n = IpHeaderWriter.writeIpv4Header(out, v4("10.0.0.1"), v4("10.0.0.2"), IpProtocols.SCTP, 12);
        assertEquals(20, n);
        assertEquals(20, out.position());
        byte[] header = Arrays.copyOf(out.array(), 20);
        // Expected bytes as scapy 2.5 builds them, an independent implementation:
        // raw(IP(src='10.0.0.1', dst='10.0.0.2', proto=132, flags='DF', id=0, ttl=64) / (b'\0' * 12))[:20]
        byte[] expected = PacketBytes.of().hex("4500002000004000408426580a0000010a000002").toArray();
        assertArrayEquals(expected, header);
    }

    @Test
    void writesTheIpv6Header() throws Exception {
        ByteBuffer out = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
        IpHeaderWriter.writeIpv6Header(out, v6("2001:db8::1"), v6("2001:db8::2"), IpProtocols.SCTP, 0x1234);
        byte[] expected = PacketBytes.of().hex(PacketBytes.ipv6Fixed(IpProtocols.SCTP, 0x1234)).toArray();
        assertArrayEquals(expected, out.array());
    }

    @Test
    void writePacketCopiesThePayloadWithoutMovingIt() throws Exception {
        ByteBuffer payload = ByteBuffer.wrap(new byte[] {9, 8, 7, 6, 5});
        payload.position(1);
        ByteBuffer out = ByteBuffer.allocate(100);
        out.position(3);
        int n = IpHeaderWriter.writePacket(out, InetAddress.getByName("2001:db8::a"), InetAddress.getByName("2001:db8::b"),
                IpProtocols.SCTP, payload);
        assertEquals(44, n);
        assertEquals(47, out.position());
        assertEquals(1, payload.position());
        Ipv6Header h = (Ipv6Header) IpParser.parse(out.array(), 3, n);
        assertEquals(4, h.payloadLength());
        assertArrayEquals(new byte[] {8, 7, 6, 5}, Arrays.copyOfRange(out.array(), 3 + 40, 3 + 44));
    }

    @Test
    void refusesWhatNoPacketCouldBe() throws Exception {
        ByteBuffer out = ByteBuffer.allocate(100);
        assertThrows(IllegalArgumentException.class, () -> IpHeaderWriter.writePacket(out,
                InetAddress.getByName("10.0.0.1"), InetAddress.getByName("2001:db8::1"), 132, ByteBuffer.allocate(0)));
        assertThrows(IllegalArgumentException.class,
                () -> IpHeaderWriter.writeIpv4Header(out, v4("10.0.0.1"), v4("10.0.0.2"), 256, 0));
        assertThrows(IllegalArgumentException.class,
                () -> IpHeaderWriter.writeIpv4Header(out, v4("10.0.0.1"), v4("10.0.0.2"), 132, IpHeaderWriter.MAX_IPV4_PAYLOAD + 1));
        assertThrows(IllegalArgumentException.class,
                () -> IpHeaderWriter.writeIpv6Header(out, v6("::1"), v6("::1"), 132, -1));
        assertEquals(0, out.position(), "nothing written by refused calls");
    }

    @Test
    void writesNothingWhenTheBufferIsTooSmall() throws Exception {
        ByteBuffer out = ByteBuffer.allocate(30);
        assertThrows(BufferOverflowException.class, () -> IpHeaderWriter.writePacket(out,
                InetAddress.getByName("10.0.0.1"), InetAddress.getByName("10.0.0.2"), 132, ByteBuffer.allocate(11)));
        assertEquals(0, out.position());
        assertTrue(Arrays.equals(new byte[30], out.array()));
    }

    static Inet4Address v4(String literal) throws Exception {
        return (Inet4Address) InetAddress.getByName(literal);
    }

    static Inet6Address v6(String literal) throws Exception {
        return (Inet6Address) InetAddress.getByName(literal);
    }
}
