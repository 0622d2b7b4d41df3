package io.jsctp.pcap;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * Test helper: small SCTP packets with a correct CRC32c, so that tshark can confirm them. The
 * pcap package treats SCTP as opaque bytes; this exists only to give the tests realistic payloads.
 */
final class SctpBytes {

    private SctpBytes() {
    }

    /** An SCTP packet (RFC 9260 §3) with one INIT chunk (§3.3.2). */
    static byte[] init(int sourcePort, int destinationPort, long initiateTag) {
        ByteBuffer b = ByteBuffer.allocate(12 + 20);
        b.putShort((short) sourcePort).putShort((short) destinationPort).putInt(0).putInt(0);
        b.put((byte) 1).put((byte) 0).putShort((short) 20);
        b.putInt((int) initiateTag).putInt(65536).putShort((short) 10).putShort((short) 10).putInt(1000);
        return withChecksum(b.array());
    }

    /** An SCTP packet with one DATA chunk (§3.3.1) carrying {@code data}. */
    static byte[] data(int sourcePort, int destinationPort, long verificationTag, long tsn, byte[] data) {
        int chunk = 16 + data.length;
        ByteBuffer b = ByteBuffer.allocate(12 + ((chunk + 3) & ~3));
        b.putShort((short) sourcePort).putShort((short) destinationPort).putInt((int) verificationTag).putInt(0);
        b.put((byte) 0).put((byte) 3).putShort((short) chunk).putInt((int) tsn).putShort((short) 0).putShort((short) 0)
                .putInt(0).put(data);
        return withChecksum(b.array());
    }

    /** RFC 9260 §6.8: CRC32c over the packet with a zero checksum field; stored least significant byte first. */
    private static byte[] withChecksum(byte[] packet) {
        CRC32C crc = new CRC32C();
        crc.update(packet);
        ByteBuffer.wrap(packet, 8, 4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) crc.getValue());
        return packet;
    }
}
