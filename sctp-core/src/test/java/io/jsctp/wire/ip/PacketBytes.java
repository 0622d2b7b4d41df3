package io.jsctp.wire.ip;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;

/** Test helper: assembles IP packets byte by byte, independently of {@link IpHeaderWriter}. */
final class PacketBytes {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static PacketBytes of() {
        return new PacketBytes();
    }

    PacketBytes hex(String hex) {
        byte[] b = HexFormat.of().parseHex(hex.replace(" ", ""));
        out.write(b, 0, b.length);
        return this;
    }

    PacketBytes bytes(byte[] b) {
        out.write(b, 0, b.length);
        return this;
    }

    PacketBytes zeros(int n) {
        out.write(new byte[n], 0, n);
        return this;
    }

    int size() {
        return out.size();
    }

    byte[] toArray() {
        return out.toByteArray();
    }

    /**
     * A fixed IPv6 header from 2001:db8::1 to 2001:db8::2 with the given Next Header and Payload
     * Length, hop limit 64.
     */
    static String ipv6Fixed(int nextHeader, int payloadLength) {
        return String.format("60000000 %04x %02x 40", payloadLength, nextHeader)
                + "20010db8000000000000000000000001"
                + "20010db8000000000000000000000002";
    }

    /** A generic options-style extension header of {@code units} 8-octet units beyond the first 8. */
    static String optionsHeader(int nextHeader, int units) {
        StringBuilder s = new StringBuilder(String.format("%02x%02x", nextHeader, units));
        // PadN option filling the rest (RFC 8200 §4.2): type 1, length, zeros.
        int padLength = 8 * (units + 1) - 2 - 2;
        s.append(String.format("01%02x", padLength));
        s.append("00".repeat(padLength));
        return s.toString();
    }

    /** A Fragment header (RFC 8200 §4.5). */
    static String fragmentHeader(int nextHeader, int offsetUnits, boolean more, long id) {
        int word = (offsetUnits << 3) | (more ? 1 : 0);
        return String.format("%02x00%04x%08x", nextHeader, word, id);
    }
}
