package io.jsctp.wire;

import static io.jsctp.wire.WireTestSupport.assertChunkWire;
import static io.jsctp.wire.WireTestSupport.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Extension chunks and undefined chunk types travel as {@link OpaqueChunk}: type, flags and value
 * kept byte for byte, with the name of the known ones and the RFC 9260 §3.2 action their two
 * high type bits ask of a receiver that does not process them.
 */
class OpaqueChunkTest {

    static Stream<Arguments> chunks() {
        return Stream.of(
                // RFC 3758 §3.2: new cumulative TSN, then stream/SSN pairs. Type 0xC0: bits 11.
                Arguments.of(0xC0, 0x00, "000003e8 0002 0011", ChunkType.FORWARD_TSN, UnrecognizedAction.SKIP_AND_REPORT),
                // RFC 8260 §2.1 I-DATA, type 0x40: bits 01.
                Arguments.of(0x40, 0x03, "00000005 0001 0000 00000009 00000000 78797a", ChunkType.I_DATA,
                        UnrecognizedAction.STOP_AND_REPORT),
                // RFC 8260 §2.3.1 I-FORWARD TSN, type 0xC2: bits 11.
                Arguments.of(0xC2, 0x00, "000003e8 0002 0001 00000011", ChunkType.I_FORWARD_TSN,
                        UnrecognizedAction.SKIP_AND_REPORT),
                // RFC 6525 RE-CONFIG, type 0x82: bits 10.
                Arguments.of(0x82, 0x00, "000d0010 00000001 00000000 00000063", ChunkType.RE_CONFIG, UnrecognizedAction.SKIP),
                // RFC 5061 ASCONF 0xC1 (11) and ASCONF ACK 0x80 (10).
                Arguments.of(0xC1, 0x00, "0000004d c0010010 00000001 00050008 c0000221", ChunkType.ASCONF,
                        UnrecognizedAction.SKIP_AND_REPORT),
                Arguments.of(0x80, 0x00, "0000004d c0050008 00000001", ChunkType.ASCONF_ACK, UnrecognizedAction.SKIP),
                // RFC 4895 AUTH, type 0x0F: bits 00.
                Arguments.of(0x0F, 0x00, "0001 0001 " + "aa".repeat(20), ChunkType.AUTH, UnrecognizedAction.STOP),
                // RFC 4820 PAD, type 0x84: bits 10; odd padding length.
                Arguments.of(0x84, 0x00, "000000000000000000", ChunkType.PAD, UnrecognizedAction.SKIP),
                // ECNE and CWR are reserved by RFC 9260 and not decoded.
                Arguments.of(0x0C, 0x00, "0000002a", ChunkType.ECNE, UnrecognizedAction.STOP),
                Arguments.of(0x0D, 0x00, "0000002a", ChunkType.CWR, UnrecognizedAction.STOP),
                // Undefined types, one per action bit pattern, with odd and empty values and flags set.
                Arguments.of(0x3E, 0xFF, "01", null, UnrecognizedAction.STOP),
                Arguments.of(0x7E, 0x00, "0203", null, UnrecognizedAction.STOP_AND_REPORT),
                Arguments.of(0xBE, 0x10, "", null, UnrecognizedAction.SKIP),
                Arguments.of(0xFF, 0x00, "61626364656667", null, UnrecognizedAction.SKIP_AND_REPORT));
    }

    @ParameterizedTest
    @MethodSource("chunks")
    void roundTrip(int type, int flags, String valueHex, ChunkType known, UnrecognizedAction action) {
        Bytes value = bytes(valueHex);
        OpaqueChunk made = new OpaqueChunk(type, flags, value);
        String pad = "00".repeat(made.paddedLength() - made.length());
        OpaqueChunk d = (OpaqueChunk) assertChunkWire(made,
                String.format("%02x%02x%04x", type, flags, 4 + value.length()) + valueHex.replace(" ", "") + pad);
        assertEquals(type, d.type());
        assertEquals(flags, d.flags());
        assertEquals(value, d.value());
        assertEquals(known, d.knownType());
        assertEquals(action, d.action());
        assertEquals(known != null ? known.displayName() : String.format("chunk type 0x%02x", type), d.typeName());
    }
}
