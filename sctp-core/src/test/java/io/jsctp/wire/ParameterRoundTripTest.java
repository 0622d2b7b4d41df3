package io.jsctp.wire;

import static io.jsctp.wire.WireTestSupport.assertChunkWire;
import static io.jsctp.wire.WireTestSupport.assertRoundTrip;
import static io.jsctp.wire.WireTestSupport.bytes;
import static io.jsctp.wire.WireTestSupport.decodeStrict;
import static io.jsctp.wire.WireTestSupport.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every parameter record, and extension parameters carried opaquely, inside an INIT: the bytes of
 * each (type, length, value: RFC 9260 §3.2.1), the padding rule of RFC 9260 §3.2 (every parameter
 * padded to 4 bytes except the last, whose padding is the chunk's and not in its Chunk Length), and
 * the decoded values.
 */
class ParameterRoundTripTest {
    /** The INIT fixed fields used around every parameter below. */
    private static final String INIT_FIXED = "00000001 00001000 0001 0001 00000001";

    static Inet4Address v4(String s) {
        try {
            return (Inet4Address) InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** An Inet6Address for any 16 bytes, IPv4-mapped ones included (InetAddress would give IPv4). */
    static Inet6Address v6(String hex) {
        try {
            return Inet6Address.getByAddress(null, WireTestSupport.hex(hex), -1);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** Each parameter with its unpadded bytes. */
    static Stream<Arguments> parameters() {
        byte[] random = new byte[32];
        for (int i = 0; i < random.length; i++) {
            random[i] = (byte) (0xA0 + i);
        }
        return Stream.of(
                Arguments.of(new HeartbeatInfoParameter(bytes("616263")), "00010007 616263"),
                Arguments.of(new Ipv4AddressParameter(v4("10.1.2.3")), "00050008 0a010203"),
                Arguments.of(new Ipv6AddressParameter(v6("20010db8000000000000000000000001")),
                        "00060014 20010db8000000000000000000000001"),
                Arguments.of(new Ipv6AddressParameter(v6("00000000000000000000ffffc0000201")),
                        "00060014 00000000000000000000ffffc0000201"),
                Arguments.of(new StateCookieParameter(bytes("0102")), "00070006 0102"),
                Arguments.of(new StateCookieParameter(Bytes.EMPTY), "00070004"),
                Arguments.of(new UnrecognizedParameter(bytes("c0000004")), "00080008 c0000004"),
                Arguments.of(new CookiePreservativeParameter(0xFFFFFFFFL), "00090008 ffffffff"),
                Arguments.of(HostNameAddressParameter.of("a.b"), "000b0008 612e6200"),
                Arguments.of(HostNameAddressParameter.of("host.example"), "000b0011 686f73742e6578616d706c6500"),
                Arguments.of(SupportedAddressTypesParameter.of(5, 6, 11), "000c000a 0005 0006 000b"),
                Arguments.of(SupportedAddressTypesParameter.of(), "000c0004"),
                Arguments.of(new EcnCapableParameter(), "80000004"),
                // Extension parameters (RFC 3758, 4895, 5061, 9653) travel as OpaqueParameter.
                Arguments.of(new OpaqueParameter(0x8008, bytes("c0820f")), "80080007 c0820f"),
                Arguments.of(new OpaqueParameter(0xC000, Bytes.EMPTY), "c0000004"),
                Arguments.of(new OpaqueParameter(0x8002, Bytes.wrap(random)), "80020024 " + WireTestSupport.hex(random)),
                Arguments.of(new OpaqueParameter(0x8003, bytes("c180")), "80030006 c180"),
                Arguments.of(new OpaqueParameter(0x8004, bytes("00010003")), "80040008 00010003"),
                Arguments.of(new OpaqueParameter(0x8001, bytes("00000001")), "80010008 00000001"),
                Arguments.of(new OpaqueParameter(0xC006, bytes("01020304")), "c0060008 01020304"),
                Arguments.of(new OpaqueParameter(0x8005, bytes("000000")), "80050007 000000"),
                Arguments.of(new OpaqueParameter(0x0123, bytes("ff")), "01230005 ff"),
                Arguments.of(new OpaqueParameter(0x4123, bytes("ffee")), "41230006 ffee"),
                Arguments.of(new OpaqueParameter(0x8123, Bytes.EMPTY), "81230004"),
                Arguments.of(new OpaqueParameter(0xC123, bytes("ffeedd")), "c1230007 ffeedd"));
    }

    /** Alone, the parameter is the last one: its padding is outside the Chunk Length. */
    @ParameterizedTest
    @MethodSource("parameters")
    void aloneInInit(Parameter p, String paramHex) {
        String value = paramHex.replace(" ", "");
        int paramLength = value.length() / 2;
        assertEquals(paramLength, p.length());
        assertEquals((paramLength + 3) & ~3, p.paddedLength());
        String chunkPad = "00".repeat(p.paddedLength() - p.length());
        InitChunk d = (InitChunk) assertChunkWire(new InitChunk(1, 4096, 1, 1, 1, List.of(p)),
                String.format("0100%04x", 20 + paramLength) + INIT_FIXED + value + chunkPad);
        assertEquals(List.of(p), d.parameters());
        assertEquals(p.getClass(), d.parameters().get(0).getClass());
    }

    /** Before another parameter, it is padded and the padding counts in the Chunk Length. */
    @ParameterizedTest
    @MethodSource("parameters")
    void beforeAnotherInInit(Parameter p, String paramHex) {
        String value = paramHex.replace(" ", "");
        String pad = "00".repeat(p.paddedLength() - p.length());
        Parameter last = new StateCookieParameter(bytes("ab"));
        InitChunk d = (InitChunk) assertChunkWire(new InitChunk(1, 4096, 1, 1, 1, List.of(p, last)),
                String.format("0100%04x", 20 + p.paddedLength() + 5) + INIT_FIXED + value + pad
                        + "00070005ab" + "000000");
        assertEquals(List.of(p, last), d.parameters());
    }

    @Test
    void decodedValues() {
        InitChunk init = new InitChunk(1, 1, 1, 1, 1, List.of(
                new Ipv6AddressParameter(v6("00000000000000000000ffffc0000201")),
                HostNameAddressParameter.of("host.example"),
                new UnrecognizedParameter(bytes("c0000004")),
                new UnrecognizedParameter(bytes("c0")),
                SupportedAddressTypesParameter.of(5, 11),
                new OpaqueParameter(0xC000, Bytes.EMPTY)));
        InitChunk d = (InitChunk) decodeStrict(assertRoundTrip(single(init))).chunks().get(0);
        // An IPv4-mapped IPv6 address stays an IPv6 Address parameter: it was sent as type 6.
        Ipv6AddressParameter mapped = (Ipv6AddressParameter) d.parameters().get(0);
        assertInstanceOf(Inet6Address.class, mapped.address());
        assertEquals("00000000000000000000ffffc0000201", WireTestSupport.hex(mapped.address().getAddress()));
        assertEquals("host.example", ((HostNameAddressParameter) d.parameters().get(1)).hostName());
        assertEquals(0xC000, ((UnrecognizedParameter) d.parameters().get(2)).wrappedType());
        assertEquals(-1, ((UnrecognizedParameter) d.parameters().get(3)).wrappedType());
        SupportedAddressTypesParameter types = (SupportedAddressTypesParameter) d.parameters().get(4);
        assertEquals(List.of(5, 11), types.addressTypes());
        assertEquals(false, types.supports(6));
        OpaqueParameter fwd = (OpaqueParameter) d.parameters().get(5);
        assertEquals(ParameterType.FORWARD_TSN_SUPPORTED, fwd.knownType());
        assertEquals(UnrecognizedAction.SKIP_AND_REPORT, fwd.action());
        assertEquals("Forward-TSN-Supported", fwd.typeName());
    }

    /** Host names are kept as received, the NUL and anything after it included. */
    @Test
    void hostNameWithBytesAfterItsNul() {
        HostNameAddressParameter h = new HostNameAddressParameter(bytes("61620000"));
        InitChunk d = (InitChunk) assertChunkWire(new InitChunk(1, 4096, 1, 1, 1, List.of(h)),
                "0100001c" + INIT_FIXED.replace(" ", "") + "000b0008 61620000".replace(" ", ""));
        assertEquals("ab", ((HostNameAddressParameter) d.parameters().get(0)).hostName());
        assertEquals("", new HostNameAddressParameter(Bytes.EMPTY).hostName());
    }

    /** The bytes an Unrecognized Parameter wraps: the whole parameter, unpadded (RFC 9260 §3.3.3.1). */
    @Test
    void parameterAsBytesForWrapping() {
        assertEquals(bytes("000b0006 6100"), ParameterCodec.toBytes(new HostNameAddressParameter(bytes("6100"))));
        assertEquals(bytes("80080007 c0820f"), ParameterCodec.toBytes(new OpaqueParameter(0x8008, bytes("c0820f"))));
        UnrecognizedParameter wrapped = new UnrecognizedParameter(ParameterCodec.toBytes(new OpaqueParameter(0xC123, bytes("aa"))));
        assertEquals(0xC123, wrapped.wrappedType());
        assertChunkWire(new InitAckChunk(1, 4096, 1, 1, 1, List.of(wrapped)),
                "0200001d" + INIT_FIXED.replace(" ", "") + "00080009 c1230005aa 000000".replace(" ", ""));
    }

    @Test
    void namesAndTypes() {
        assertEquals("State Cookie", new StateCookieParameter(Bytes.EMPTY).typeName());
        assertEquals("parameter type 0x0123", ParameterType.nameOf(0x0123));
        assertEquals(ParameterType.SUPPORTED_EXTENSIONS, ParameterType.of(0x8008));
        assertEquals(null, ParameterType.of(0x7777));
        assertEquals(null, new OpaqueParameter(0x7777, Bytes.EMPTY).knownType());
    }

    @Test
    void recordsRefuseValuesThatDoNotFit() {
        assertThrows(IllegalArgumentException.class, () -> new CookiePreservativeParameter(-1));
        assertThrows(IllegalArgumentException.class, () -> new CookiePreservativeParameter(1L << 32));
        assertThrows(IllegalArgumentException.class, () -> SupportedAddressTypesParameter.of(0x10000));
        assertThrows(IllegalArgumentException.class, () -> new OpaqueParameter(-1, Bytes.EMPTY));
        assertThrows(IllegalArgumentException.class, () -> new OpaqueParameter(0x10000, Bytes.EMPTY));
        assertThrows(NullPointerException.class, () -> new Ipv4AddressParameter(null));
        assertThrows(NullPointerException.class, () -> new StateCookieParameter(null));
    }
}
