package io.jsctp.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import io.jsctp.wire.MalformedPacketException.Problem;
import java.nio.ByteBuffer;
import java.util.HexFormat;

/** Helpers shared by the codec tests: hex, packets built by hand, round trips, expected failures. */
final class WireTestSupport {
    private WireTestSupport() {}

    static final int SPORT = 5000;
    static final int DPORT = 6000;
    static final int VTAG = 0x01020304;
    /** The common header those three give, with a zero checksum field. */
    static final String HEADER_HEX = "13881770" + "01020304" + "00000000";

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", "").replace("\n", ""));
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    static Bytes bytes(String hexString) {
        return Bytes.fromHex(hexString.replace(" ", ""));
    }

    /**
     * A packet made by hand: our common header, then {@code chunksHex} as given (lengths, padding
     * and all), with a correct CRC32c so that the decoder gets past the checksum to the fault
     * under test.
     */
    static byte[] packet(String chunksHex) {
        return withChecksum(hex(HEADER_HEX + chunksHex.replace(" ", "")));
    }

    /** Fills the checksum field of an arbitrary byte array of at least 12 bytes. */
    static byte[] withChecksum(byte[] p) {
        byte[] copy = p.clone();
        Crc32c.fill(ByteBuffer.wrap(copy), 0, copy.length);
        return copy;
    }

    static SctpPacket single(Chunk c) {
        return SctpPacket.of(SPORT, DPORT, VTAG, c);
    }

    /**
     * Encodes, checks the length against {@link SctpPacket#encodedLength()}, decodes strictly,
     * checks the result equals the original, re-encodes and checks the bytes are the same.
     *
     * @return the encoded bytes
     */
    static byte[] assertRoundTrip(SctpPacket p) {
        byte[] wire = PacketEncoder.encode(p);
        assertEquals(p.encodedLength(), wire.length, "encodedLength()");
        assertEquals(0, wire.length % 4, "a packet is a whole number of 32-bit words");
        SctpPacket back = decodeStrict(wire);
        assertEquals(p, back, "decode(encode(p))");
        assertArrayEquals(wire, PacketEncoder.encode(back), "re-encoding the decoded packet");
        return wire;
    }

    /** Round trip of one chunk, and its bytes after the common header compared to {@code chunkHex}. */
    static Chunk assertChunkWire(Chunk c, String chunkHex) {
        byte[] wire = assertRoundTrip(single(c));
        String got = hex(wire).substring(2 * CommonHeader.LENGTH);
        assertEquals(chunkHex.replace(" ", ""), got, "chunk bytes of " + c);
        return decodeStrict(wire).chunks().get(0);
    }

    static SctpPacket decodeStrict(byte[] wire) {
        try {
            return PacketDecoder.decode(wire);
        } catch (MalformedPacketException e) {
            return fail("strict decode failed: " + e.getMessage() + " in " + hex(wire), e);
        }
    }

    static SctpPacket decode(byte[] wire, DecodeOptions options) {
        try {
            return PacketDecoder.decode(ByteBuffer.wrap(wire), 0, wire.length, options);
        } catch (MalformedPacketException e) {
            return fail("decode with " + options + " failed: " + e.getMessage() + " in " + hex(wire), e);
        }
    }

    /** Asserts that decoding fails with this problem at this offset, and returns the exception. */
    static MalformedPacketException assertMalformed(byte[] wire, DecodeOptions options, Problem problem, int offset) {
        MalformedPacketException e = assertThrows(MalformedPacketException.class,
                () -> PacketDecoder.decode(ByteBuffer.wrap(wire), 0, wire.length, options),
                () -> "expected " + problem + " decoding " + hex(wire));
        assertEquals(problem, e.problem(), () -> "problem; message: " + e.getMessage());
        assertEquals(offset, e.offset(), () -> "offset; message: " + e.getMessage());
        return e;
    }
}
