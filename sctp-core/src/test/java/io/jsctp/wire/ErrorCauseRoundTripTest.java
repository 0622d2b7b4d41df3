package io.jsctp.wire;

import static io.jsctp.wire.WireTestSupport.assertChunkWire;
import static io.jsctp.wire.WireTestSupport.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every error cause of RFC 9260 §3.3.10.1 to §3.3.10.13, and causes of other RFCs carried
 * opaquely, in ERROR and ABORT chunks: bytes by hand, decoded values, padding like parameters.
 */
class ErrorCauseRoundTripTest {

    static Stream<Arguments> causes() {
        return Stream.of(
                Arguments.of(new InvalidStreamIdentifierCause(9), "00010008 0009 0000"),
                // The reserved half-word is kept as received.
                Arguments.of(new InvalidStreamIdentifierCause(0xFFFF, 0xBEEF), "00010008 ffff beef"),
                Arguments.of(new MissingMandatoryParameterCause(List.of(7, 5)), "0002000c 00000002 0007 0005"),
                Arguments.of(new MissingMandatoryParameterCause(List.of(9)), "0002000a 00000001 0009"),
                Arguments.of(new MissingMandatoryParameterCause(List.of()), "00020008 00000000"),
                Arguments.of(new StaleCookieCause(0xFFFFFFFFL), "00030008 ffffffff"),
                Arguments.of(new OutOfResourceCause(), "00040004"),
                Arguments.of(new UnresolvableAddressCause(bytes("000b0008612e6200")), "0005000c 000b0008612e6200"),
                Arguments.of(new UnrecognizedChunkTypeCause(bytes("fe000005aa")), "00060009 fe000005aa"),
                Arguments.of(new InvalidMandatoryParameterCause(), "00070004"),
                Arguments.of(new UnrecognizedParametersCause(bytes("c12300057a")), "00080009 c12300057a"),
                Arguments.of(new NoUserDataCause(0x80000000), "00090008 80000000"),
                Arguments.of(new CookieWhileShuttingDownCause(), "000a0004"),
                Arguments.of(new RestartWithNewAddressesCause(bytes("000500080a000001")), "000b000c 000500080a000001"),
                Arguments.of(UserInitiatedAbortCause.of(""), "000c0004"),
                Arguments.of(UserInitiatedAbortCause.of("no"), "000c0006 6e6f"),
                Arguments.of(ProtocolViolationCause.of("x"), "000d0005 78"),
                // RFC 4895 Unsupported HMAC Identifier, RFC 5061 Request to Delete Last Remaining IP Address.
                Arguments.of(new OpaqueCause(0x0105, bytes("0002")), "01050006 0002"),
                Arguments.of(new OpaqueCause(0x00A0, Bytes.EMPTY), "00a00004"),
                Arguments.of(new OpaqueCause(0xFFFF, bytes("010203")), "ffff0007 010203"));
    }

    @ParameterizedTest
    @MethodSource("causes")
    void aloneInError(ErrorCause c, String causeHex) {
        String value = causeHex.replace(" ", "");
        assertEquals(value.length() / 2, c.length());
        String pad = "00".repeat(c.paddedLength() - c.length());
        ErrorChunk e = (ErrorChunk) assertChunkWire(new ErrorChunk(List.of(c)),
                String.format("0900%04x", 4 + c.length()) + value + pad);
        assertEquals(List.of(c), e.causes());
        assertEquals(c.getClass(), e.causes().get(0).getClass());
    }

    /** Not last, the cause is padded inside the Chunk Length; the last cause's padding is not. */
    @ParameterizedTest
    @MethodSource("causes")
    void firstOfTwoInAbort(ErrorCause c, String causeHex) {
        String value = causeHex.replace(" ", "");
        String pad = "00".repeat(c.paddedLength() - c.length());
        ErrorCause last = ProtocolViolationCause.of("zz");
        AbortChunk a = (AbortChunk) assertChunkWire(new AbortChunk(true, List.of(c, last)),
                String.format("0601%04x", 4 + c.paddedLength() + 6) + value + pad + "000d00067a7a" + "0000");
        assertEquals(List.of(c, last), a.causes());
    }

    @Test
    void decodedValues() {
        assertEquals(0xFE, new UnrecognizedChunkTypeCause(bytes("fe000004")).chunkType());
        assertEquals(-1, new UnrecognizedChunkTypeCause(Bytes.EMPTY).chunkType());
        assertEquals("no", UserInitiatedAbortCause.of("no").reasonText());
        assertEquals("x", ProtocolViolationCause.of("x").informationText());
        assertEquals("Stale Cookie Error", new StaleCookieCause(0).codeName());
        assertEquals("cause code 261", new OpaqueCause(0x0105, Bytes.EMPTY).codeName());
        assertEquals(CauseCode.PROTOCOL_VIOLATION, CauseCode.of(13));
        assertEquals(null, CauseCode.of(0));
        assertEquals(null, CauseCode.of(14));
        for (CauseCode code : CauseCode.values()) {
            assertEquals(code, CauseCode.of(code.number()));
        }
    }

    @Test
    void recordsRefuseValuesThatDoNotFit() {
        assertThrows(IllegalArgumentException.class, () -> new InvalidStreamIdentifierCause(0x10000));
        assertThrows(IllegalArgumentException.class, () -> new InvalidStreamIdentifierCause(0, -1));
        assertThrows(IllegalArgumentException.class, () -> new StaleCookieCause(-1));
        assertThrows(IllegalArgumentException.class, () -> new MissingMandatoryParameterCause(List.of(0x10000)));
        assertThrows(IllegalArgumentException.class, () -> new OpaqueCause(0x10000, Bytes.EMPTY));
        assertThrows(NullPointerException.class, () -> new OpaqueCause(1, null));
    }
}
