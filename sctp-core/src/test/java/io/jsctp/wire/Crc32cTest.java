package io.jsctp.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The SCTP checksum (RFC 9260 §6.8, Appendix A): CRC32c over the packet with the checksum field as
 * zero, stored least significant byte first. Checked against a bit-at-a-time CRC32c written here
 * from the Castagnoli polynomial, which is itself checked on the standard check value.
 */
class Crc32cTest {

    /** CRC-32C, reflected, polynomial 0x1EDC6F41 (0x82F63B78 reflected), init and final XOR all ones. */
    static int bitwiseCrc32c(byte[] data, int from, int to) {
        int crc = 0xFFFFFFFF;
        for (int i = from; i < to; i++) {
            crc ^= data[i] & 0xff;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x82F63B78 : crc >>> 1;
            }
        }
        return ~crc;
    }

    @Test
    void referenceImplementationGivesTheStandardCheckValue() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0xE3069283, bitwiseCrc32c(check, 0, check.length));
    }

    /** Crc32c.compute equals the reference over the packet with bytes 8-11 taken as zero. */
    @Test
    void computeMatchesTheReferenceWithTheChecksumFieldAsZero() {
        Random random = new Random(9260);
        for (int length = 12; length < 300; length++) {
            byte[] packet = new byte[length];
            random.nextBytes(packet);
            byte[] zeroed = packet.clone();
            zeroed[8] = zeroed[9] = zeroed[10] = zeroed[11] = 0;
            int expected = bitwiseCrc32c(zeroed, 0, length);
            assertEquals(expected, Crc32c.compute(ByteBuffer.wrap(packet), 0, length), "length " + length);
        }
    }

    /** The CRC goes on the wire least significant byte first (Appendix A), whatever the buffer's order. */
    @Test
    void storedLeastSignificantByteFirst() {
        // "12345678" then the checksum field, then "9": with the field as zero this is not the
        // check string, so compute the expected value with the reference and look at the bytes.
        byte[] packet = "12345678....9".getBytes(StandardCharsets.US_ASCII);
        byte[] zeroed = packet.clone();
        zeroed[8] = zeroed[9] = zeroed[10] = zeroed[11] = 0;
        int crc = bitwiseCrc32c(zeroed, 0, packet.length);
        for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
            ByteBuffer b = ByteBuffer.wrap(packet.clone()).order(order);
            Crc32c.fill(b, 0, packet.length);
            assertEquals((byte) crc, b.get(8));
            assertEquals((byte) (crc >>> 8), b.get(9));
            assertEquals((byte) (crc >>> 16), b.get(10));
            assertEquals((byte) (crc >>> 24), b.get(11));
            assertEquals(crc, Crc32c.stored(b, 0), "stored() reads the field whatever the buffer's order");
            assertTrue(Crc32c.verify(b, 0, packet.length));
            assertEquals(order, b.order(), "order untouched");
        }
    }

    @Test
    void computeIgnoresTheCurrentFieldAndTheBufferState() {
        byte[] packet = WireTestSupport.hex("13881770 01020304 deadbeef 0b000004");
        ByteBuffer big = ByteBuffer.allocateDirect(40);
        big.position(5);
        big.put(packet);
        big.position(3).limit(30);
        int atOffset = Crc32c.compute(big, 5, packet.length);
        assertEquals(3, big.position());
        assertEquals(30, big.limit());
        packet[8] = packet[9] = packet[10] = packet[11] = 0;
        assertEquals(bitwiseCrc32c(packet, 0, packet.length), atOffset);
        assertEquals(atOffset, Crc32c.compute(ByteBuffer.wrap(packet), 0, packet.length));
    }

    @Test
    void verifyDetectsEveryBitFlip() {
        byte[] packet = PacketEncoder.encode(SctpPacket.of(1, 2, 3, new CookieEchoChunk(Bytes.fromHex("0102030405060708"))));
        assertTrue(Crc32c.verify(ByteBuffer.wrap(packet), 0, packet.length));
        for (int i = 0; i < packet.length * 8; i++) {
            byte[] damaged = packet.clone();
            damaged[i / 8] ^= (byte) (1 << (i % 8));
            assertFalse(Crc32c.verify(ByteBuffer.wrap(damaged), 0, damaged.length), "bit " + i);
        }
    }

    @Test
    void refusesLessThanACommonHeader() {
        assertThrows(IllegalArgumentException.class, () -> Crc32c.compute(ByteBuffer.allocate(11), 0, 11));
    }
}
