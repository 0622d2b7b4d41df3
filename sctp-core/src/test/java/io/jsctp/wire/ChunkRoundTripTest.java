package io.jsctp.wire;

import static io.jsctp.wire.WireTestSupport.assertChunkWire;
import static io.jsctp.wire.WireTestSupport.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each of the thirteen chunks of RFC 9260 §3.3 by example: the record encodes to the bytes the RFC
 * layout gives (written out by hand below, field by field), decodes strictly back to an equal
 * record with the expected field values, and re-encodes to the same bytes.
 */
class ChunkRoundTripTest {

    // RFC 9260 §3.3.1: type 0, flags (reserved:4 I U B E), length, TSN, stream, SSN, PPID, data.
    @Test
    void data() {
        DataChunk d = (DataChunk) assertChunkWire(
                new DataChunk(DataChunk.FLAG_BEGINNING | DataChunk.FLAG_ENDING, 0x01020304, 5, 6, 46, bytes("6162636465")),
                "00030015 01020304 0005 0006 0000002e 6162636465 000000");
        assertEquals(0x01020304, d.tsn());
        assertEquals(5, d.streamId());
        assertEquals(6, d.ssn());
        assertEquals(46, d.ppid());
        assertEquals(bytes("6162636465"), d.payload());
        assertTrue(d.beginning());
        assertTrue(d.ending());
        assertFalse(d.unordered());
        assertFalse(d.immediate());
        assertEquals(21, d.length(), "Chunk Length counts no padding (RFC 9260 §3.2)");
        assertEquals(24, d.paddedLength());
    }

    /** Every combination of the four DATA flags, each in its own bit (RFC 9260 §3.3.1). */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
    void dataFlags(int bits) {
        boolean i = (bits & 8) != 0, u = (bits & 4) != 0, b = (bits & 2) != 0, e = (bits & 1) != 0;
        DataChunk made = DataChunk.of(0xFFFFFFFF, 65535, 65535, -1, bytes("00"), u, b, e, i);
        assertEquals(bits, made.flags(), "I=0x08 U=0x04 B=0x02 E=0x01");
        String flags = String.format("%02x", bits);
        DataChunk d = (DataChunk) assertChunkWire(made, "00" + flags + "0011 ffffffff ffff ffff ffffffff 00 000000");
        assertEquals(i, d.immediate());
        assertEquals(u, d.unordered());
        assertEquals(b, d.beginning());
        assertEquals(e, d.ending());
        assertEquals(0xFFFFFFFF, d.tsn());
        assertEquals(65535, d.streamId());
    }

    @Test
    void dataKeepsReservedFlagBitsAndAllowsNoUserData() {
        // Reserved bits are kept as received so that a peer's mistakes stay visible (Chunk javadoc).
        DataChunk d = (DataChunk) assertChunkWire(new DataChunk(0xF3, 7, 0, 0, 0, Bytes.EMPTY),
                "00f30010 00000007 0000 0000 00000000");
        assertTrue(d.payload().isEmpty());
        assertEquals(0xF3, d.flags());
    }

    @Test
    void dataFactories() {
        DataChunk whole = DataChunk.whole(1, 2, 3, 4, bytes("aa"));
        assertTrue(whole.beginning() && whole.ending() && !whole.unordered() && !whole.immediate());
        DataChunk sackNow = whole.withImmediate(true);
        assertTrue(sackNow.immediate());
        assertEquals(DataChunk.FLAG_IMMEDIATE | DataChunk.FLAG_BEGINNING | DataChunk.FLAG_ENDING, sackNow.flags());
        assertSame(sackNow, sackNow.withImmediate(true));
        assertEquals(whole, sackNow.withImmediate(false));
    }

    // RFC 9260 §3.3.2: tag, a_rwnd, outbound streams, inbound streams, initial TSN, parameters.
    @Test
    void init() throws Exception {
        InitChunk init = new InitChunk(0xA1B2C3D4, 0xFFFFFFFFL, 10, 0xFFFF, 0x80000000,
                List.of(new Ipv4AddressParameter((java.net.Inet4Address) InetAddress.getByName("192.0.2.1")),
                        SupportedAddressTypesParameter.of(5)));
        // The last parameter (6 bytes) is not padded inside the Chunk Length: 4 + 16 + 8 + 6 = 34;
        // its two bytes of padding follow as the chunk's own padding (RFC 9260 §3.2).
        InitChunk d = (InitChunk) assertChunkWire(init,
                "01000022 a1b2c3d4 ffffffff 000a ffff 80000000 00050008c0000201 000c00060005 0000");
        assertEquals(0xA1B2C3D4, d.initiateTag());
        assertEquals(0xFFFFFFFFL, d.advertisedReceiverWindow());
        assertEquals(10, d.outboundStreams());
        assertEquals(0xFFFF, d.inboundStreams());
        assertEquals(0x80000000, d.initialTsn());
        assertEquals(2, d.parameters().size());
        assertEquals("192.0.2.1", d.find(Ipv4AddressParameter.class).address().getHostAddress());
        assertTrue(d.find(SupportedAddressTypesParameter.class).supports(5));
        assertEquals(null, d.find(StateCookieParameter.class));
        assertEquals(0, d.flags());
    }

    @Test
    void initWithoutParametersAndWithFlags() {
        InitChunk d = (InitChunk) assertChunkWire(new InitChunk(0x5A, 1, 2, 3, 4, 5, List.of()),
                "015a0014 00000001 00000002 0003 0004 00000005");
        assertEquals(0x5A, d.flags());
        assertTrue(d.parameters().isEmpty());
    }

    // RFC 9260 §3.3.3: same layout as INIT; the odd-length parameter in the middle is padded.
    @Test
    void initAck() {
        InitAckChunk ack = new InitAckChunk(1, 65536, 1, 1, 1,
                List.of(SupportedAddressTypesParameter.of(5), new StateCookieParameter(bytes("616263"))));
        InitAckChunk d = (InitAckChunk) assertChunkWire(ack,
                "02000023 00000001 00010000 0001 0001 00000001 000c000600050000 0007000761626300");
        assertEquals(bytes("616263"), d.find(StateCookieParameter.class).cookie());
        assertEquals(65536, d.advertisedReceiverWindow());
    }

    // RFC 9260 §3.3.4: cumulative TSN ack, a_rwnd, counts, gap blocks, duplicate TSNs.
    @Test
    void sack() {
        SackChunk s = (SackChunk) assertChunkWire(
                new SackChunk(0xFFFFFFFF, 4096, List.of(new SackChunk.GapAckBlock(2, 3), new SackChunk.GapAckBlock(5, 0xFFFF)),
                        List.of(0x10)),
                "0300001c ffffffff 00001000 0002 0001 0002 0003 0005 ffff 00000010");
        assertEquals(0xFFFFFFFF, s.cumulativeTsnAck());
        assertEquals(4096, s.advertisedReceiverWindow());
        assertEquals(List.of(new SackChunk.GapAckBlock(2, 3), new SackChunk.GapAckBlock(5, 0xFFFF)), s.gapAckBlocks());
        assertEquals(List.of(0x10), s.duplicateTsns());
        assertChunkWire(new SackChunk(0x11, 7, 0, List.of(), List.of()), "03110010 00000007 00000000 0000 0000");
    }

    // RFC 9260 §3.3.5 and §3.3.6: one Heartbeat Info parameter; its padding is the chunk's.
    @Test
    void heartbeatAndAck() {
        HeartbeatChunk hb = (HeartbeatChunk) assertChunkWire(new HeartbeatChunk(bytes("0102030405")),
                "0400000d 00010009 0102030405 000000");
        assertEquals(bytes("0102030405"), hb.info());
        HeartbeatAckChunk ack = (HeartbeatAckChunk) assertChunkWire(new HeartbeatAckChunk(0x80, Bytes.EMPTY),
                "05800008 00010004");
        assertTrue(ack.info().isEmpty());
        assertEquals(0x80, ack.flags());
    }

    // RFC 9260 §3.3.7: the T bit is the lowest flag bit.
    @Test
    void abortWithAndWithoutTBit() {
        AbortChunk t = (AbortChunk) assertChunkWire(new AbortChunk(true, List.of(UserInitiatedAbortCause.of("bye"))),
                "0601000b 000c0007 627965 00");
        assertTrue(t.tBit());
        assertEquals(AbortChunk.FLAG_T, t.flags());
        assertEquals("bye", ((UserInitiatedAbortCause) t.causes().get(0)).reasonText());
        AbortChunk plain = (AbortChunk) assertChunkWire(new AbortChunk(false, List.of()), "06000004");
        assertFalse(plain.tBit());
        assertTrue(plain.causes().isEmpty());
        // Only bit 0 is T: other bits are kept but do not set it.
        assertFalse(((AbortChunk) assertChunkWire(new AbortChunk(0xFE, List.of()), "06fe0004")).tBit());
    }

    @Test
    void shutdown() {
        ShutdownChunk s = (ShutdownChunk) assertChunkWire(new ShutdownChunk(0xDEADBEEF), "07000008 deadbeef");
        assertEquals(0xDEADBEEF, s.cumulativeTsnAck());
    }

    @Test
    void shutdownAck() {
        assertEquals(new ShutdownAckChunk(), assertChunkWire(new ShutdownAckChunk(), "08000004"));
        assertEquals(0x01, assertChunkWire(new ShutdownAckChunk(0x01), "08010004").flags());
    }

    // RFC 9260 §3.3.10: causes follow the chunk header, each padded except the last.
    @Test
    void error() {
        ErrorChunk e = (ErrorChunk) assertChunkWire(
                new ErrorChunk(List.of(new InvalidStreamIdentifierCause(9), new StaleCookieCause(1000))),
                "09000014 000100080009 0000 00030008 000003e8");
        assertEquals(List.of(new InvalidStreamIdentifierCause(9, 0), new StaleCookieCause(1000)), e.causes());
    }

    @Test
    void cookieEcho() {
        CookieEchoChunk c = (CookieEchoChunk) assertChunkWire(new CookieEchoChunk(bytes("1122334455")),
                "0a000009 1122334455 000000");
        assertEquals(bytes("1122334455"), c.cookie());
    }

    @Test
    void cookieAck() {
        assertEquals(new CookieAckChunk(), assertChunkWire(new CookieAckChunk(), "0b000004"));
    }

    // RFC 9260 §3.3.13: the T bit as in ABORT.
    @Test
    void shutdownCompleteWithAndWithoutTBit() {
        assertTrue(((ShutdownCompleteChunk) assertChunkWire(new ShutdownCompleteChunk(true), "0e010004")).tBit());
        assertFalse(((ShutdownCompleteChunk) assertChunkWire(new ShutdownCompleteChunk(false), "0e000004")).tBit());
    }

    @Test
    void typesAndNames() {
        assertEquals(0, new DataChunk(0, 0, 0, 0, 0, Bytes.EMPTY).type());
        assertEquals("INIT ACK", new InitAckChunk(0, 0, 0, 0, 0, List.of()).typeName());
        assertEquals("SHUTDOWN COMPLETE", new ShutdownCompleteChunk(false).typeName());
        assertEquals("chunk type 0x3e", ChunkType.nameOf(0x3e));
        assertEquals(ChunkType.I_DATA, ChunkType.of(64));
        assertEquals(null, ChunkType.of(256));
        for (ChunkType t : ChunkType.values()) {
            assertEquals(t.number() <= 14 && t.number() != 12 && t.number() != 13, t.isCore(), t.name());
        }
    }

    /** Values that cannot be encoded are refused when the record is made, not when it is sent. */
    @Test
    void recordsRefuseFieldsThatDoNotFit() {
        assertThrows(IllegalArgumentException.class, () -> new DataChunk(0x100, 0, 0, 0, 0, Bytes.EMPTY));
        assertThrows(IllegalArgumentException.class, () -> new DataChunk(0, 0, 0x10000, 0, 0, Bytes.EMPTY));
        assertThrows(IllegalArgumentException.class, () -> new DataChunk(0, 0, 0, -1, 0, Bytes.EMPTY));
        assertThrows(NullPointerException.class, () -> new DataChunk(0, 0, 0, 0, 0, null));
        assertThrows(IllegalArgumentException.class, () -> new InitChunk(0, -1, 0, 0, 0, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new InitAckChunk(0, 1L << 32, 0, 0, 0, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new SackChunk(0, -1, List.of(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new SackChunk.GapAckBlock(0, 0x10000));
        assertThrows(IllegalArgumentException.class, () -> new HeartbeatChunk(Bytes.wrap(new byte[0xffff - 7])));
        assertThrows(IllegalArgumentException.class, () -> SctpPacket.of(0x10000, 0, 0, new CookieAckChunk()));
        assertThrows(IllegalArgumentException.class, () -> new OpaqueChunk(0, 0, Bytes.EMPTY));
        assertThrows(IllegalArgumentException.class, () -> new OpaqueChunk(14, 0, Bytes.EMPTY));
        assertThrows(IllegalArgumentException.class, () -> new OpaqueChunk(0x100, 0, Bytes.EMPTY));
    }
}
