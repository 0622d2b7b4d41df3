package io.jsctp.wire;

import static io.jsctp.wire.WireTestSupport.DPORT;
import static io.jsctp.wire.WireTestSupport.HEADER_HEX;
import static io.jsctp.wire.WireTestSupport.SPORT;
import static io.jsctp.wire.WireTestSupport.VTAG;
import static io.jsctp.wire.WireTestSupport.assertRoundTrip;
import static io.jsctp.wire.WireTestSupport.bytes;
import static io.jsctp.wire.WireTestSupport.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Packets of several chunks (each padded to 4 bytes, RFC 9260 §3.2), the bundling rule of
 * §6.10 on both sides of the codec, and how encoder and decoder treat the caller's buffers.
 */
class BundlingAndBuffersTest {

    private static final SctpPacket BUNDLE = SctpPacket.of(SPORT, DPORT, VTAG,
            new CookieEchoChunk(bytes("1122334455")),
            DataChunk.whole(1, 0, 0, 0, bytes("616263")),
            new SackChunk(9, 4096, List.of(), List.of()),
            new OpaqueChunk(0xC0, 0, bytes("00000001")));

    @Test
    void bundleOfOddChunksIsPaddedBetweenChunks() {
        byte[] wire = assertRoundTrip(BUNDLE);
        String chunks = hex(wire).substring(24);
        assertEquals(("0a000009 1122334455 000000"
                + "00030013 00000001 0000 0000 00000000 616263 00"
                + "03000010 00000009 00001000 0000 0000"
                + "c0000008 00000001").replace(" ", ""), chunks);
        assertEquals(12 + 12 + 20 + 16 + 8, BUNDLE.encodedLength());
        assertSame(BUNDLE.chunks().get(0), BUNDLE.firstChunk());
        assertTrue(BUNDLE.contains(SackChunk.class));
        assertEquals(false, BUNDLE.contains(AbortChunk.class));
        assertNull(new SctpPacket(1, 2, 3, List.of()).firstChunk());
    }

    @Test
    void commonHeaderFieldsRoundTrip() {
        SctpPacket p = SctpPacket.of(0xFFFF, 0, 0xFFFFFFFF, new CookieAckChunk());
        byte[] wire = assertRoundTrip(p);
        assertEquals("ffff0000ffffffff", hex(wire).substring(0, 16));
        assertEquals(p, WireTestSupport.decodeStrict(wire));
    }

    /** RFC 9260 §6.10: INIT, INIT ACK and SHUTDOWN COMPLETE MUST NOT be bundled. */
    @Test
    void encoderRefusesIllegalBundlesUnlessAskedNotToCheck() {
        Chunk[] loners = {new InitChunk(1, 1, 1, 1, 1, List.of()), new InitAckChunk(1, 1, 1, 1, 1, List.of()),
                new ShutdownCompleteChunk(false)};
        for (Chunk loner : loners) {
            SctpPacket alone = SctpPacket.of(1, 2, 0, loner);
            assertRoundTrip(alone);
            SctpPacket bundled = SctpPacket.of(1, 2, 0, loner, new CookieAckChunk());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PacketEncoder.encode(bundled));
            assertTrue(e.getMessage().contains(loner.typeName()), e.getMessage());
            ByteBuffer out = ByteBuffer.allocate(bundled.encodedLength());
            assertEquals(bundled.encodedLength(), PacketEncoder.encodeUnchecked(bundled, out));
            // A receiver refuses it, a tool that asks not to check bundling reads it.
            WireTestSupport.assertMalformed(out.array(), DecodeOptions.STRICT,
                    MalformedPacketException.Problem.ILLEGAL_BUNDLING, 12);
            assertEquals(bundled, WireTestSupport.decode(out.array(), new DecodeOptions(true, true, false)));
        }
    }

    @Test
    void encoderWritesAtPositionWhateverTheByteOrder() {
        byte[] expected = PacketEncoder.encode(BUNDLE);
        for (ByteBuffer out : List.of(ByteBuffer.allocate(200), ByteBuffer.allocateDirect(200))) {
            out.order(ByteOrder.LITTLE_ENDIAN).position(7);
            assertEquals(expected.length, BUNDLE.encode(out));
            assertEquals(7 + expected.length, out.position());
            assertEquals(ByteOrder.LITTLE_ENDIAN, out.order());
            byte[] written = new byte[expected.length];
            out.get(7, written, 0, written.length);
            assertArrayEquals(expected, written);
        }
    }

    @Test
    void encoderNeedsRoomForTheWholePacket() {
        ByteBuffer small = ByteBuffer.allocate(BUNDLE.encodedLength() - 1);
        assertThrows(BufferOverflowException.class, () -> PacketEncoder.encode(BUNDLE, small));
        assertEquals(0, small.position(), "nothing written");
    }

    @Test
    void encoderRefusesChunksLongerThanTheLengthField() {
        SctpPacket huge = SctpPacket.of(1, 2, 3, new CookieEchoChunk(Bytes.wrap(new byte[0xFFFF - 3])));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PacketEncoder.encode(huge));
        assertTrue(e.getMessage().contains("COOKIE ECHO"), e.getMessage());
        // The largest that fits: 65535 bytes of Chunk Length.
        SctpPacket largest = SctpPacket.of(1, 2, 3, new CookieEchoChunk(Bytes.wrap(new byte[0xFFFF - 4])));
        assertRoundTrip(largest);
    }

    /** The decoder reads a region of the caller's buffer and leaves position, limit and order alone. */
    @Test
    void decoderReadsRegionWithoutMovingTheBuffer() throws Exception {
        byte[] wire = PacketEncoder.encode(BUNDLE);
        for (ByteBuffer in : List.of(ByteBuffer.allocate(wire.length + 20), ByteBuffer.allocateDirect(wire.length + 20))) {
            in.put(5, wire, 0, wire.length);
            in.order(ByteOrder.LITTLE_ENDIAN).position(3).limit(wire.length + 10);
            SctpPacket p = PacketDecoder.decode(in, 5, wire.length, DecodeOptions.STRICT);
            assertEquals(BUNDLE, p);
            assertEquals(3, in.position());
            assertEquals(wire.length + 10, in.limit());
            assertEquals(ByteOrder.LITTLE_ENDIAN, in.order());
            // The packet owns copies of its bytes: overwriting the buffer does not change it.
            for (int i = 0; i < in.limit(); i++) {
                in.put(i, (byte) 0x55);
            }
            assertEquals(BUNDLE, p);
        }
        ByteBuffer view = ByteBuffer.allocate(wire.length + 4);
        view.position(4);
        view.put(wire);
        view.position(4);
        assertEquals(BUNDLE, PacketDecoder.decode(view), "decode(ByteBuffer) reads from position to limit");
        assertEquals(BUNDLE, PacketDecoder.decode(ByteBuffer.wrap(wire).asReadOnlyBuffer()));
    }

    @Test
    void decoderRefusesARegionOutsideTheBuffer() {
        ByteBuffer b = ByteBuffer.allocate(16);
        assertThrows(IllegalArgumentException.class, () -> PacketDecoder.decode(b, -1, 12, DecodeOptions.STRICT));
        assertThrows(IllegalArgumentException.class, () -> PacketDecoder.decode(b, 0, -1, DecodeOptions.STRICT));
        assertThrows(IllegalArgumentException.class, () -> PacketDecoder.decode(b, 8, 12, DecodeOptions.STRICT));
        assertThrows(IllegalArgumentException.class,
                () -> PacketDecoder.decode(b, Integer.MAX_VALUE, 12, DecodeOptions.STRICT));
    }

    /**
     * A region past the buffer's limit holds no data (ByteBuffer's absolute reads stop at the
     * limit): the decoder says so with IllegalArgumentException instead of reading beyond it.
     */
    @Test
    void decoderRefusesARegionPastTheLimit() {
        byte[] wire = PacketEncoder.encode(BUNDLE);
        ByteBuffer b = ByteBuffer.allocate(wire.length + 8).put(wire);
        b.flip().limit(wire.length - 4);
        assertThrows(IllegalArgumentException.class, () -> PacketDecoder.decode(b, 0, wire.length, DecodeOptions.STRICT));
    }

    @Test
    void withoutChecksumReadsPacketsWhoseChecksumIsWrong() {
        byte[] wire = PacketEncoder.encode(BUNDLE);
        wire[8] ^= 1;
        WireTestSupport.assertMalformed(wire, DecodeOptions.STRICT, MalformedPacketException.Problem.BAD_CHECKSUM, 8);
        assertEquals(BUNDLE, WireTestSupport.decode(wire, DecodeOptions.STRICT.withoutChecksum()));
        assertEquals(BUNDLE, WireTestSupport.decode(wire, DecodeOptions.RECEIVER.withoutChecksum()));
        assertEquals(HEADER_HEX.substring(0, 16), hex(wire).substring(0, 16));
    }
}
