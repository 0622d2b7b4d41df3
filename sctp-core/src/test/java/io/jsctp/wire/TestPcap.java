package io.jsctp.wire;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The least of the classic pcap format (a 24-byte file header, then a 16-byte header per frame)
 * with link type 228, LINKTYPE_IPV4: each frame is an IPv4 header and the SCTP packet. Enough to
 * hand packets to tshark and to read back the golden capture; the project's own capture writer
 * lives in the {@code pcap} package.
 */
final class TestPcap {
    private static final int MAGIC = 0xA1B2C3D4;
    static final int LINKTYPE_IPV4 = 228;

    private TestPcap() {}

    /** A capture of the SCTP packets, each inside an IPv4 header from 127.0.0.1 to 127.0.0.2. */
    static byte[] write(List<byte[]> sctpPackets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(MAGIC).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(LINKTYPE_IPV4);
        out.writeBytes(h.array());
        int n = 0;
        for (byte[] sctp : sctpPackets) {
            byte[] ip = ipv4(sctp, ++n);
            ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            r.putInt(1_700_000_000 + n).putInt(0).putInt(ip.length).putInt(ip.length);
            out.writeBytes(r.array());
            out.writeBytes(ip);
        }
        return out.toByteArray();
    }

    /** RFC 791 header of 20 bytes, protocol 132 (SCTP), with its header checksum. */
    private static byte[] ipv4(byte[] payload, int id) {
        ByteBuffer b = ByteBuffer.allocate(20 + payload.length);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + payload.length)).putShort((short) id).putShort((short) 0)
                .put((byte) 64).put((byte) 132).putShort((short) 0)
                .put(new byte[] {127, 0, 0, 1}).put(new byte[] {127, 0, 0, 2});
        int sum = 0;
        for (int i = 0; i < 20; i += 2) {
            sum += b.getShort(i) & 0xffff;
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        b.putShort(10, (short) ~sum);
        b.position(20);
        b.put(payload);
        return b.array();
    }

    /** The SCTP packets of a little-endian LINKTYPE_IPV4 capture: each frame without its IP header. */
    static List<byte[]> readSctp(byte[] capture) {
        ByteBuffer b = ByteBuffer.wrap(capture).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != MAGIC || b.getInt(20) != LINKTYPE_IPV4) {
            throw new IllegalArgumentException("not a little-endian LINKTYPE_IPV4 pcap file");
        }
        List<byte[]> packets = new ArrayList<>();
        int p = 24;
        while (p < capture.length) {
            int captured = b.getInt(p + 8);
            int ihl = (capture[p + 16] & 0x0f) * 4;
            byte[] sctp = new byte[captured - ihl];
            System.arraycopy(capture, p + 16 + ihl, sctp, 0, sctp.length);
            packets.add(sctp);
            p += 16 + captured;
        }
        return packets;
    }
}
