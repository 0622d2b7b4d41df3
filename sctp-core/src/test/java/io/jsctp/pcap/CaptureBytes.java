package io.jsctp.pcap;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Test helper: lays out pcap and pcapng files byte by byte, following the drafts directly and
 * independently of {@link PcapngWriter}, so that tests can make files no writer would (malformed
 * ones included). Remembers where each block starts.
 */
final class CaptureBytes {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteOrder order;

    CaptureBytes(ByteOrder order) {
        this.order = order;
    }

    static CaptureBytes littleEndian() {
        return new CaptureBytes(ByteOrder.LITTLE_ENDIAN);
    }

    int size() {
        return out.size();
    }

    byte[] toArray() {
        return out.toByteArray();
    }

    CaptureBytes raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    // ---------------------------------------------------------------- classic pcap

    CaptureBytes pcapHeader(int magic, int major, int minor, long snapLength, long linkField) {
        out.writeBytes(buffer(24).putInt(magic).putShort((short) major).putShort((short) minor).putInt(0).putInt(0)
                .putInt((int) snapLength).putInt((int) linkField).array());
        return this;
    }

    CaptureBytes pcapRecord(long seconds, long fraction, byte[] data, long originalLength) {
        out.writeBytes(buffer(16).putInt((int) seconds).putInt((int) fraction).putInt(data.length)
                .putInt((int) originalLength).array());
        out.writeBytes(data);
        return this;
    }

    // ---------------------------------------------------------------- pcapng

    /** An option (§3.5): code, length, value padded to 32 bits. */
    byte[] option(int code, byte[] value) {
        ByteBuffer b = buffer(4 + padded(value.length));
        b.putShort((short) code).putShort((short) value.length).put(value);
        return b.array();
    }

    byte[] option(int code, String text) {
        return option(code, text.getBytes(StandardCharsets.UTF_8));
    }

    byte[] endOfOptions() {
        return new byte[4];
    }

    /** A block (§3.1) with the given body, padded, and its total length at both ends. */
    CaptureBytes block(int type, byte[]... bodyParts) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] part : bodyParts) {
            body.writeBytes(part);
        }
        while (body.size() % 4 != 0) {
            body.write(0);
        }
        int total = 12 + body.size();
        out.writeBytes(buffer(8).putInt(type).putInt(total).array());
        out.writeBytes(body.toByteArray());
        out.writeBytes(buffer(4).putInt(total).array());
        return this;
    }

    CaptureBytes sectionHeader(int major, int minor, byte[]... options) {
        byte[] fixed = buffer(16).putInt(0x1A2B3C4D).putShort((short) major).putShort((short) minor).putLong(-1).array();
        return block(0x0A0D0D0A, concat(fixed, options));
    }

    CaptureBytes interfaceDescription(int linkType, long snapLength, byte[]... options) {
        byte[] fixed = buffer(8).putShort((short) linkType).putShort((short) 0).putInt((int) snapLength).array();
        return block(1, concat(fixed, options));
    }

    CaptureBytes enhancedPacket(int interfaceId, long units, byte[] data, long originalLength, byte[]... options) {
        byte[] fixed = buffer(20).putInt(interfaceId).putInt((int) (units >>> 32)).putInt((int) units)
                .putInt(data.length).putInt((int) originalLength).array();
        byte[] padded = new byte[padded(data.length)];
        System.arraycopy(data, 0, padded, 0, data.length);
        return block(6, concat(concat(fixed, new byte[][] {padded}), options));
    }

    ByteBuffer buffer(int size) {
        return ByteBuffer.allocate(size).order(order);
    }

    static int padded(int length) {
        return (length + 3) & ~3;
    }

    private static byte[] concat(byte[] first, byte[][] rest) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(first);
        for (byte[] r : rest) {
            b.writeBytes(r);
        }
        return b.toByteArray();
    }
}
