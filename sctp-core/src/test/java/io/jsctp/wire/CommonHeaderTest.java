package io.jsctp.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The common header read straight from a buffer (RFC 9260 §3.1: ports and tag in network byte
 * order) gives the same values whatever byte order the caller's buffer is set to, at any offset.
 */
class CommonHeaderTest {

    enum Kind {
        HEAP_BIG, HEAP_LITTLE, DIRECT_BIG, DIRECT_LITTLE
    }

    private static ByteBuffer buffer(Kind kind, byte[] content, int at) {
        ByteBuffer b = kind.name().startsWith("HEAP") ? ByteBuffer.allocate(at + content.length)
                : ByteBuffer.allocateDirect(at + content.length);
        b.order(kind.name().endsWith("LITTLE") ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        b.put(at, content, 0, content.length);
        return b;
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void fieldsWhateverTheByteOrder(Kind kind) {
        byte[] packet = WireTestSupport.hex("fffe0001 80000001 00000000 0e010004");
        for (int at : new int[] {0, 3}) {
            ByteBuffer b = buffer(kind, packet, at);
            assertEquals(0xFFFE, CommonHeader.sourcePort(b, at));
            assertEquals(1, CommonHeader.destinationPort(b, at));
            assertEquals(0x80000001, CommonHeader.verificationTag(b, at));
            assertEquals(ShutdownCompleteChunk.TYPE, CommonHeader.firstChunkType(b, at, packet.length));
            assertEquals(-1, CommonHeader.firstChunkType(b, at, CommonHeader.LENGTH), "no chunk");
            assertEquals(0, b.position(), "position untouched");
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void agreesWithTheDecoder(Kind kind) throws Exception {
        SctpPacket p = SctpPacket.of(65535, 0, -2, new SackChunk(1, 2, java.util.List.of(), java.util.List.of()));
        byte[] wire = PacketEncoder.encode(p);
        ByteBuffer b = buffer(kind, wire, 0);
        SctpPacket d = PacketDecoder.decode(b, 0, wire.length, DecodeOptions.STRICT);
        assertEquals(d.sourcePort(), CommonHeader.sourcePort(b, 0));
        assertEquals(d.destinationPort(), CommonHeader.destinationPort(b, 0));
        assertEquals(d.verificationTag(), CommonHeader.verificationTag(b, 0));
        assertEquals(d.firstChunk().type(), CommonHeader.firstChunkType(b, 0, wire.length));
    }
}
