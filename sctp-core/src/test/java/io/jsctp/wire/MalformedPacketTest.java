package io.jsctp.wire;

import static io.jsctp.wire.WireTestSupport.assertMalformed;
import static io.jsctp.wire.WireTestSupport.bytes;
import static io.jsctp.wire.WireTestSupport.packet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jsctp.wire.MalformedPacketException.Problem;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every way bytes can fail to be an SCTP packet: each case asserts its {@link Problem}, the byte
 * offset of the fault (counted from the first byte of the common header, as a hex dump shows it),
 * words in the message that let a person see what is wrong, and, where RFC 9260 tells a receiver
 * to be lenient, what {@link DecodeOptions#RECEIVER} makes of the same bytes.
 *
 * <p>All packets are built by hand with a correct checksum (see {@link WireTestSupport#packet}), so
 * that each reaches the fault under test. The common header takes bytes 0-11; the first chunk
 * starts at 12, its length field at 14 and its value at 16.
 */
class MalformedPacketTest {
    private static final DecodeOptions STRICT = DecodeOptions.STRICT;
    private static final DecodeOptions RECEIVER = DecodeOptions.RECEIVER;
    /** INIT fixed fields: tag 1, a_rwnd 4096, 1 stream each way, initial TSN 1. */
    private static final String INIT_FIXED = "00000001 00001000 0001 0001 00000001";

    /** Fails in both modes with the same problem and offset; the message holds every word given. */
    private static MalformedPacketException always(byte[] wire, Problem problem, int offset, String... words) {
        assertMalformed(wire, RECEIVER, problem, offset);
        return strictOnly(wire, problem, offset, words);
    }

    /** Fails when strict; the message holds every word given. */
    private static MalformedPacketException strictOnly(byte[] wire, Problem problem, int offset, String... words) {
        MalformedPacketException e = assertMalformed(wire, STRICT, problem, offset);
        String message = e.getMessage();
        for (String w : words) {
            assertTrue(message.contains(w), () -> "message \"" + message + "\" should mention \"" + w + "\"");
        }
        assertTrue(message.endsWith("(at byte " + offset + ")"), message);
        assertEquals(message.substring(0, message.length() - (" (at byte " + offset + ")").length()), e.detail());
        assertFalse(e.detail().isBlank());
        return e;
    }

    private static SctpPacket lenient(byte[] wire) {
        return WireTestSupport.decode(wire, RECEIVER);
    }

    private static Chunk lenientChunk(byte[] wire) {
        return lenient(wire).chunks().get(0);
    }

    /**
     * One packet per problem, so that a problem added to the enum without a case fails here (and
     * the methods below give each problem its detailed cases).
     */
    @Test
    void everyProblemHasACase() {
        String init = "01000014" + INIT_FIXED;
        Map<Problem, byte[]> cases = new EnumMap<>(Problem.class);
        cases.put(Problem.TRUNCATED_HEADER, new byte[5]);
        cases.put(Problem.BAD_CHECKSUM, WireTestSupport.hex(WireTestSupport.HEADER_HEX + "0b000004"));
        cases.put(Problem.NO_CHUNKS, packet(""));
        cases.put(Problem.TRUNCATED_CHUNK_HEADER, packet("0b00"));
        cases.put(Problem.CHUNK_TOO_SHORT, packet("0b000002"));
        cases.put(Problem.CHUNK_LENGTH_INVALID, packet("0b000008 00000000"));
        cases.put(Problem.CHUNK_PAST_END, packet("0b000008"));
        cases.put(Problem.BAD_PADDING, packet("0a000005 11"));
        cases.put(Problem.TRUNCATED_PARAMETER_HEADER, packet("01000016" + INIT_FIXED + "0005 0000"));
        cases.put(Problem.PARAMETER_TOO_SHORT, packet("01000018" + INIT_FIXED + "00050003"));
        cases.put(Problem.PARAMETER_LENGTH_INVALID, packet("01000018" + INIT_FIXED + "00050004"));
        cases.put(Problem.PARAMETER_OVERRUNS_CHUNK, packet("01000018" + INIT_FIXED + "00050008"));
        cases.put(Problem.TRUNCATED_CAUSE_HEADER, packet("09000006 0001 0000"));
        cases.put(Problem.CAUSE_TOO_SHORT, packet("09000008 00010002"));
        cases.put(Problem.CAUSE_LENGTH_INVALID, packet("0900000c 00040008 00000000"));
        cases.put(Problem.CAUSE_OVERRUNS_CHUNK, packet("09000008 0001000c"));
        cases.put(Problem.SACK_COUNTS_MISMATCH, packet("03000010 00000001 00001000 0001 0000"));
        cases.put(Problem.BAD_HEARTBEAT_INFO, packet("04000008 00050004"));
        cases.put(Problem.ILLEGAL_BUNDLING, packet(init + "0b000004"));
        assertEquals(EnumSet.allOf(Problem.class), cases.keySet(), "problems without a case");
        for (Map.Entry<Problem, byte[]> c : cases.entrySet()) {
            MalformedPacketException e = assertThrows(MalformedPacketException.class,
                    () -> PacketDecoder.decode(c.getValue()), c.getKey()::name);
            assertEquals(c.getKey(), e.problem(), e::getMessage);
        }
    }

    // ---- common header and checksum (RFC 9260 §3.1, §6.8)

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11})
    void truncatedHeader(int length) {
        byte[] wire = new byte[length];
        always(wire, Problem.TRUNCATED_HEADER, 0, length + " bytes", "12-byte common header");
        assertMalformed(wire, RECEIVER.withoutChecksum(), Problem.TRUNCATED_HEADER, 0);
    }

    @Test
    void badChecksum() {
        byte[] wire = packet("0b000004");
        for (int i = 0; i < wire.length; i++) {
            byte[] damaged = wire.clone();
            damaged[i] ^= 0x10;
            always(damaged, Problem.BAD_CHECKSUM, 8, "checksum", "does not match");
        }
    }

    /** RFC 9260 Appendix A: the CRC goes on the wire least significant byte first. */
    @Test
    void checksumInNetworkByteOrderIsWrong() {
        byte[] wire = packet("0b000004");
        byte[] swapped = wire.clone();
        for (int i = 0; i < 4; i++) {
            swapped[8 + i] = wire[11 - i];
        }
        always(swapped, Problem.BAD_CHECKSUM, 8);
    }

    @Test
    void noChunks() {
        always(packet(""), Problem.NO_CHUNKS, 12, "no chunks");
    }

    // ---- chunk framing (RFC 9260 §3.2)

    @ParameterizedTest
    @ValueSource(strings = {"0b", "0b00", "0b0000"})
    void truncatedChunkHeader(String bytes) {
        always(packet(bytes), Problem.TRUNCATED_CHUNK_HEADER, 12, "too few for a chunk header");
    }

    @Test
    void truncatedChunkHeaderAfterAChunk() {
        always(packet("0b000004 0b00"), Problem.TRUNCATED_CHUNK_HEADER, 16, "2 bytes left");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0b000000", "0b000003", "00000001", "ff000002"})
    void chunkLengthBelowFour(String chunk) {
        always(packet(chunk), Problem.CHUNK_TOO_SHORT, 14, "less than 4");
    }

    /** The fixed part of each type: DATA 16, INIT and INIT ACK 20, SACK 16, HEARTBEAT 8, SHUTDOWN 8. */
    @Test
    void chunkLengthBelowTheMinimumOfItsType() {
        always(packet("0003000f 00000001 0000 0000 000000 00"), Problem.CHUNK_TOO_SHORT, 14,
                "DATA chunk length 15", "minimum of 16");
        always(packet("01000013 00000001 00001000 0001 0001 000000 00"), Problem.CHUNK_TOO_SHORT, 14,
                "INIT chunk length 19", "minimum of 20");
        always(packet("02000010 00000001 00001000 0001 0001"), Problem.CHUNK_TOO_SHORT, 14,
                "INIT ACK chunk length 16", "minimum of 20");
        always(packet("0300000c 00000001 00001000"), Problem.CHUNK_TOO_SHORT, 14, "SACK chunk length 12", "minimum of 16");
        always(packet("04000004"), Problem.CHUNK_TOO_SHORT, 14, "HEARTBEAT chunk length 4", "minimum of 8");
        always(packet("05000007 000100 00"), Problem.CHUNK_TOO_SHORT, 14, "HEARTBEAT ACK chunk length 7");
        always(packet("07000004"), Problem.CHUNK_TOO_SHORT, 14, "SHUTDOWN chunk length 4", "minimum of 8");
        // At the minimum, DATA without user data and INIT without parameters are well formed.
        assertEquals(Bytes.EMPTY, ((DataChunk) lenientChunk(packet("00030010 00000001 0000 0000 00000000"))).payload());
        assertEquals(List.of(), ((InitChunk) lenientChunk(packet("01000014" + INIT_FIXED))).parameters());
    }

    /** Chunks of a fixed size with extra bytes: an error when strict; a receiver ignores the extra. */
    @Test
    void fixedSizeChunksWithTheWrongLength() {
        strictOnly(packet("0700000c deadbeef 00000000"), Problem.CHUNK_LENGTH_INVALID, 14, "SHUTDOWN chunk length is 12",
                "must be 8");
        assertEquals(new ShutdownChunk(0xDEADBEEF), lenientChunk(packet("0700000c deadbeef 00000000")));
        strictOnly(packet("08000008 00000000"), Problem.CHUNK_LENGTH_INVALID, 14, "SHUTDOWN ACK", "must be 4");
        assertEquals(new ShutdownAckChunk(), lenientChunk(packet("08000008 00000000")));
        strictOnly(packet("0b000005 ff000000"), Problem.CHUNK_LENGTH_INVALID, 14, "COOKIE ACK chunk length is 5");
        assertEquals(new CookieAckChunk(), lenientChunk(packet("0b000005 ff000000")));
        strictOnly(packet("0e010008 00000000"), Problem.CHUNK_LENGTH_INVALID, 14, "SHUTDOWN COMPLETE");
        assertEquals(new ShutdownCompleteChunk(true), lenientChunk(packet("0e010008 00000000")));
    }

    @Test
    void chunkLengthPastTheEnd() {
        always(packet("0a000010 11223344"), Problem.CHUNK_PAST_END, 14, "COOKIE ECHO chunk length 16",
                "runs past the end of the packet", "8 bytes left");
        always(packet("0b000004 0a000009 11223344"), Problem.CHUNK_PAST_END, 18);
    }

    /** RFC 9260 §3.2: every chunk, the last included, is padded to a multiple of 4 bytes. */
    @Test
    void missingPaddingAtTheEndOfThePacket() {
        always(packet("0a000005 11"), Problem.BAD_PADDING, 17, "COOKIE ECHO", "not padded");
        always(packet("0a000005 11 0000"), Problem.BAD_PADDING, 17, "not padded");
        always(packet("0b000004 0a000006 1122"), Problem.BAD_PADDING, 22);
    }

    /** RFC 9260 §3.2: the sender pads with zeros, and "the receiver MUST ignore the padding". */
    @Test
    void nonZeroPadding() {
        strictOnly(packet("0a000005 11 000100"), Problem.BAD_PADDING, 18, "padding byte", "0x1", "not zero");
        assertEquals(new CookieEchoChunk(bytes("11")), lenientChunk(packet("0a000005 11 000100")));
        // Between two parameters of an INIT.
        String init = "01000021" + INIT_FIXED + "00070005 aa ff0000" + "00070005 bb 000000";
        strictOnly(packet(init), Problem.BAD_PADDING, 37, "State Cookie parameter");
        assertEquals(List.of(new StateCookieParameter(bytes("aa")), new StateCookieParameter(bytes("bb"))),
                ((InitChunk) lenientChunk(packet(init))).parameters());
        // Between two causes of an ERROR.
        String error = "09000011 000c0005 61 00ee00 000c0005 62 000000";
        strictOnly(packet(error), Problem.BAD_PADDING, 22, "User-Initiated Abort cause");
        assertEquals(2, ((ErrorChunk) lenientChunk(packet(error))).causes().size());
    }

    /** RFC 9260 §3.2: the Chunk Length includes the padding of every parameter except the last. */
    @Test
    void chunkLengthCountingThePaddingOfItsLastParameter() {
        String init = "0100001c" + INIT_FIXED + "00070005 aa 000000";
        strictOnly(packet(init), Problem.BAD_PADDING, 37, "INIT chunk", "counts the padding of its last parameter");
        InitChunk lenient = (InitChunk) lenientChunk(packet(init));
        assertEquals(List.of(new StateCookieParameter(bytes("aa"))), lenient.parameters());
        assertEquals(25, lenient.length(), "re-encoded without the padding in its length");
        String error = "0900000c 000c0005 61 000000";
        strictOnly(packet(error), Problem.BAD_PADDING, 21, "ERROR chunk", "counts the padding of its last cause");
        assertEquals(List.of(UserInitiatedAbortCause.of("a")), ((ErrorChunk) lenientChunk(packet(error))).causes());
    }

    // ---- parameters (RFC 9260 §3.2.1)

    @Test
    void parameterHeaderTruncated() {
        always(packet("01000016" + INIT_FIXED + "0005 0000"), Problem.TRUNCATED_PARAMETER_HEADER, 32,
                "INIT chunk has 2 bytes left", "too few for a parameter header");
        always(packet("0200001f" + INIT_FIXED + "00070005 aa 000000 000c00 00"), Problem.TRUNCATED_PARAMETER_HEADER, 40,
                "INIT ACK chunk has 3 bytes left");
    }

    @Test
    void parameterLengthBelowFour() {
        always(packet("01000018" + INIT_FIXED + "00050003"), Problem.PARAMETER_TOO_SHORT, 34,
                "IPv4 Address parameter length 3", "less than 4");
        always(packet("01000018" + INIT_FIXED + "c0000000"), Problem.PARAMETER_TOO_SHORT, 34, "Forward-TSN-Supported");
    }

    @Test
    void parameterOverrunningItsChunk() {
        always(packet("0100001c" + INIT_FIXED + "0005000c c0000201"), Problem.PARAMETER_OVERRUNS_CHUNK, 34,
                "IPv4 Address parameter length 12", "runs past the end of INIT chunk", "8 bytes left");
    }

    /** Known parameters with the wrong size: an error when strict; a receiver keeps them opaque. */
    @Test
    void addressParametersWithTheWrongLength() {
        String v4 = "0100001d" + INIT_FIXED + "00050009 c000020101 000000";
        strictOnly(packet(v4), Problem.PARAMETER_LENGTH_INVALID, 34, "IPv4 Address value is 5 bytes", "expected 4");
        assertEquals(List.of(new OpaqueParameter(5, bytes("c000020101"))), ((InitChunk) lenientChunk(packet(v4))).parameters());
        String v4short = "01000018" + INIT_FIXED + "00050004";
        strictOnly(packet(v4short), Problem.PARAMETER_LENGTH_INVALID, 34, "value is 0 bytes");
        String v6 = "01000024" + INIT_FIXED + "00060010 20010db8 00000000 00000000";
        strictOnly(packet(v6), Problem.PARAMETER_LENGTH_INVALID, 34, "IPv6 Address value is 12 bytes", "expected 16");
        assertEquals(List.of(new OpaqueParameter(6, bytes("20010db80000000000000000"))),
                ((InitChunk) lenientChunk(packet(v6))).parameters());
        // The rest of the chunk is still read: here an IPv4 address after the broken IPv6 one.
        String both = "0100002c" + INIT_FIXED + "00060010 20010db8 00000000 00000000 00050008 7f000001";
        assertEquals(2, ((InitChunk) lenientChunk(packet(both))).parameters().size());
        assertTrue(((InitChunk) lenientChunk(packet(both))).parameters().get(1) instanceof Ipv4AddressParameter);
    }

    @Test
    void otherFixedSizeParametersWithTheWrongLength() {
        String preservative = "0100001a" + INIT_FIXED + "00090006 0001 0000";
        strictOnly(packet(preservative), Problem.PARAMETER_LENGTH_INVALID, 34, "Cookie Preservative");
        assertEquals(new OpaqueParameter(9, bytes("0001")), ((InitChunk) lenientChunk(packet(preservative))).parameters().get(0));
        String types = "01000019" + INIT_FIXED + "000c0005 05 000000";
        strictOnly(packet(types), Problem.PARAMETER_LENGTH_INVALID, 34, "Supported Address Types", "multiple of 2");
        String ecn = "01000019" + INIT_FIXED + "80000005 01 000000";
        strictOnly(packet(ecn), Problem.PARAMETER_LENGTH_INVALID, 34, "ECN Capable", "expected 0");
        assertEquals(new OpaqueParameter(0x8000, bytes("01")), ((InitChunk) lenientChunk(packet(ecn))).parameters().get(0));
    }

    // ---- error causes (RFC 9260 §3.3.10)

    @Test
    void causeHeaderTruncated() {
        always(packet("09000006 0001 0000"), Problem.TRUNCATED_CAUSE_HEADER, 16, "ERROR chunk has 2 bytes left",
                "too few for an error cause header");
        always(packet("0601000f 000c0005 61 000000 ffffff 00"), Problem.TRUNCATED_CAUSE_HEADER, 24, "ABORT chunk has 3 bytes left");
    }

    @Test
    void causeLengthBelowFour() {
        always(packet("09000008 00010002"), Problem.CAUSE_TOO_SHORT, 18, "Invalid Stream Identifier cause length 2",
                "less than 4");
    }

    @Test
    void causeOverrunningItsChunk() {
        always(packet("09000008 0001000c"), Problem.CAUSE_OVERRUNS_CHUNK, 18,
                "Invalid Stream Identifier cause length 12", "runs past the end of ERROR chunk");
        always(packet("06000008 00c80009"), Problem.CAUSE_OVERRUNS_CHUNK, 18, "cause code 200", "ABORT chunk");
    }

    /** Causes of a fixed size (or with a count) that do not fit: strict error, opaque to a receiver. */
    @Test
    void causesWithTheWrongSize() {
        String[][] cases = {
                // chunk hex, the cause's name, its value
                {"0900000a 00010006 0009 0000", "Invalid Stream Identifier", "0009"},
                {"0900000c 00020008 00000002", "Missing Mandatory Parameter", "00000002"},
                {"0900000e 0002000a 00000002 0005 0000", "Missing Mandatory Parameter", "000000020005"},
                {"09000009 00020005 00 000000", "Missing Mandatory Parameter", "00"},
                {"0900000a 00030006 0001 0000", "Stale Cookie Error", "0001"},
                {"09000009 00040005 ff 000000", "Out of Resource", "ff"},
                {"09000009 00070005 ff 000000", "Invalid Mandatory Parameter", "ff"},
                {"0900000b 00090007 000001 00", "No User Data", "000001"},
                {"09000009 000a0005 ff 000000", "Cookie Received While Shutting Down", "ff"},
        };
        for (String[] c : cases) {
            byte[] wire = packet(c[0]);
            strictOnly(wire, Problem.CAUSE_LENGTH_INVALID, 18, c[1]);
            ErrorCause opaque = ((ErrorChunk) lenientChunk(wire)).causes().get(0);
            assertEquals(new OpaqueCause(Integer.parseInt(c[0].substring(9, 13), 16), bytes(c[2])), opaque, c[0]);
        }
    }

    // ---- chunk contents

    /** RFC 9260 §3.3.4: 16 bytes + 4 per gap block + 4 per duplicate TSN. */
    @Test
    void sackCountsMismatch() {
        always(packet("03000014 00000009 00001000 0002 0000 00020003"), Problem.SACK_COUNTS_MISMATCH, 24,
                "SACK announces 2 gap blocks and 0 duplicate TSNs (24 bytes)", "its length is 20");
        always(packet("03000018 00000009 00001000 0001 0002 00020003 00000005"), Problem.SACK_COUNTS_MISMATCH, 24);
        String extra = "03000018 00000009 00001000 0001 0000 00020003 00000005";
        strictOnly(packet(extra), Problem.SACK_COUNTS_MISMATCH, 24, "its length is 24");
        assertEquals(new SackChunk(9, 4096, List.of(new SackChunk.GapAckBlock(2, 3)), List.of()), lenientChunk(packet(extra)));
    }

    /** RFC 9260 §3.3.5: the value of HEARTBEAT (and HEARTBEAT ACK) is one Heartbeat Info parameter. */
    @Test
    void heartbeatWithoutHeartbeatInfo() {
        always(packet("0400000c 00050008 c0000201"), Problem.BAD_HEARTBEAT_INFO, 16, "HEARTBEAT carries IPv4 Address",
                "not Heartbeat Info");
        always(packet("05000008 00070004"), Problem.BAD_HEARTBEAT_INFO, 16, "HEARTBEAT ACK carries State Cookie");
        always(packet("04000008 00010003"), Problem.PARAMETER_TOO_SHORT, 18, "Heartbeat Info length 3");
        always(packet("04000008 00010009"), Problem.PARAMETER_OVERRUNS_CHUNK, 18, "Heartbeat Info length 9",
                "runs past the end of HEARTBEAT");
    }

    @Test
    void heartbeatWithTrailingBytes() {
        String hb = "04000010 00010008 aabbccdd 00000000";
        strictOnly(packet(hb), Problem.BAD_HEARTBEAT_INFO, 24, "HEARTBEAT has 4 bytes after its Heartbeat Info");
        assertEquals(new HeartbeatChunk(bytes("aabbccdd")), lenientChunk(packet(hb)));
        // A length that counts the info's padding is trailing bytes too.
        String padded = "05000010 00010009 aabbccddee 000000";
        strictOnly(packet(padded), Problem.BAD_HEARTBEAT_INFO, 25, "3 bytes after");
        assertEquals(new HeartbeatAckChunk(bytes("aabbccddee")), lenientChunk(packet(padded)));
    }

    // ---- bundling (RFC 9260 §6.10)

    @Test
    void initInitAckAndShutdownCompleteTravelAlone() {
        String init = "01000014" + INIT_FIXED;
        always(packet(init + "0b000004"), Problem.ILLEGAL_BUNDLING, 12, "INIT is bundled with 1 other chunk");
        always(packet("0b000004" + init), Problem.ILLEGAL_BUNDLING, 16, "INIT");
        always(packet("0b000004" + init.replaceFirst("^01", "02") + "0b000004"), Problem.ILLEGAL_BUNDLING, 16,
                "INIT ACK is bundled with 2 other chunk");
        always(packet("00030011 00000001 0000 0000 00000000 61 000000 0e000004"), Problem.ILLEGAL_BUNDLING, 32,
                "SHUTDOWN COMPLETE");
        always(packet("0e000004 0e000004"), Problem.ILLEGAL_BUNDLING, 12);
    }

    /**
     * The offset of an illegally bundled chunk is where it is in the bytes, even when a receiver
     * accepted an earlier chunk whose length field said more than the record re-encodes to.
     */
    @Test
    void illegalBundlingOffsetAfterALenientChunk() {
        assertMalformed(packet("08000008 00000000 01000014" + INIT_FIXED), RECEIVER, Problem.ILLEGAL_BUNDLING, 20);
        assertMalformed(packet("04000010 00010008 aabbccdd 00000000 0e000004"), RECEIVER, Problem.ILLEGAL_BUNDLING, 28);
    }

    /** The messages read as sentences about the packet, not as internal names. */
    @Test
    void messagesAreForPeople() {
        MalformedPacketException e = assertMalformed(packet("0a000010 11223344"), STRICT, Problem.CHUNK_PAST_END, 14);
        assertEquals("COOKIE ECHO chunk length 16 runs past the end of the packet (8 bytes left) (at byte 14)",
                e.getMessage());
        for (Problem p : Problem.values()) {
            assertFalse(e.getMessage().contains(p.name()), "message names no enum constant");
        }
        assertFalse(e.getMessage().toLowerCase(Locale.ROOT).contains("exception"));
    }
}
