package io.jsctp.wire.ip;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Parses the IP header in front of an upper-layer payload: IPv4 (RFC 791 §3.1) or IPv6 with its
 * extension headers (RFC 8200 §3, §4).
 *
 * <p>The version comes from the first nibble. Every way a packet can be malformed ends in an
 * {@link IpFormatException} naming the reason and the byte offset; nothing here throws an
 * unchecked exception for any input bytes. The caller's buffer is read with absolute gets: its
 * position, limit and byte order stay as they were.
 *
 * <p>Addresses are made with {@code InetAddress.getByAddress}, never by a name lookup. To print one
 * use {@link InetAddress#getHostAddress()}: {@code getHostName()} would start a reverse lookup.
 */
public final class IpParser {

    private IpParser() {
    }

    /**
     * Parses the packet between the buffer's position and its limit. The Total Length (IPv4) or
     * Payload Length (IPv6) may be shorter than the bytes given: link layers pad short frames, and
     * the padding is not payload.
     *
     * @throws IpFormatException if the bytes are not a well-formed IP packet
     */
    public static IpHeader parse(ByteBuffer packet) throws IpFormatException {
        Objects.requireNonNull(packet, "packet");
        int available = packet.remaining();
        return parse(packet, packet.position(), available, available);
    }

    /** Parses a packet that fills the whole array. */
    public static IpHeader parse(byte[] packet) throws IpFormatException {
        return parse(ByteBuffer.wrap(packet));
    }

    /**
     * Parses the packet in {@code array[offset .. offset+length)}. Offsets in the result and in
     * errors count from {@code offset}.
     *
     * @throws IndexOutOfBoundsException if the range is not inside the array (a caller bug, not bad input)
     */
    public static IpHeader parse(byte[] array, int offset, int length) throws IpFormatException {
        Objects.checkFromIndexSize(offset, length, array.length);
        return parse(ByteBuffer.wrap(array, offset, length));
    }

    /**
     * Parses a packet from a capture that may have been cut short: the bytes between the buffer's
     * position and limit are the first bytes of a packet that was {@code originalLength} bytes long
     * when it was captured (a capture's snapshot length cuts packets). The header, IPv4 options and
     * IPv6 extension headers must all be present; the payload may be cut, so
     * {@code payloadOffset() + payloadLength()} can then exceed the bytes given. When
     * {@code originalLength} is not larger than the bytes given this is {@link #parse(ByteBuffer)}.
     *
     * @throws IpFormatException if the header is malformed, incomplete, or declares a length larger
     *                           than the original packet
     */
    public static IpHeader parseCaptured(ByteBuffer packet, long originalLength) throws IpFormatException {
        Objects.requireNonNull(packet, "packet");
        int available = packet.remaining();
        // A packet longer than 64 KiB plus the IPv6 header cannot be described by its length fields
        // anyway (no jumbograms here), so clamping keeps the arithmetic in int without losing anything.
        long limit = Math.max(available, Math.min(originalLength, 0x1_0000L + Ipv6Header.FIXED_HEADER_LENGTH));
        return parse(packet, packet.position(), available, (int) limit);
    }

    /**
     * @param base      absolute index of the header's first byte
     * @param available bytes present from {@code base}
     * @param wireLimit how long the packet may claim to be: {@code available} when the bytes are
     *                  the whole packet, more when a capture cut it
     */
    private static IpHeader parse(ByteBuffer buf, int base, int available, int wireLimit) throws IpFormatException {
        if (available < 1) {
            throw new IpFormatException(IpFormatException.Reason.TRUNCATED, 0, "no bytes: an IP packet needs at least a header");
        }
        int version = (buf.get(base) & 0xff) >>> 4;
        if (version == 4) {
            return parseIpv4(buf, base, available, wireLimit);
        }
        if (version == 6) {
            return parseIpv6(buf, base, available, wireLimit);
        }
        throw new IpFormatException(IpFormatException.Reason.BAD_VERSION, 0,
                "version nibble is " + version + ", expected 4 or 6");
    }

    // RFC 791 §3.1: version/IHL, TOS, total length, identification, flags/fragment offset, TTL,
    // protocol, header checksum, source, destination, options.
    private static Ipv4Header parseIpv4(ByteBuffer buf, int base, int available, int wireLimit) throws IpFormatException {
        if (available < Ipv4Header.MIN_HEADER_LENGTH) {
            throw new IpFormatException(IpFormatException.Reason.TRUNCATED, available,
                    "an IPv4 header needs 20 bytes, only " + available + " present");
        }
        int ihl = buf.get(base) & 0x0f;
        if (ihl < 5) {
            throw new IpFormatException(IpFormatException.Reason.BAD_HEADER_LENGTH, 0,
                    "Internet Header Length is " + ihl + " words, the minimum is 5");
        }
        int headerLength = ihl * 4;
        if (headerLength > available) {
            throw new IpFormatException(IpFormatException.Reason.OPTIONS_TRUNCATED, 0,
                    "Internet Header Length says " + headerLength + " bytes, only " + available + " present");
        }
        int totalLength = u16(buf, base + 2);
        if (totalLength < headerLength) {
            throw new IpFormatException(IpFormatException.Reason.TOTAL_LENGTH_TOO_SMALL, 2,
                    "Total Length " + totalLength + " is less than the header length " + headerLength);
        }
        if (totalLength > wireLimit) {
            throw new IpFormatException(IpFormatException.Reason.TOTAL_LENGTH_BEYOND_BUFFER, 2,
                    "Total Length " + totalLength + " but the packet has only " + wireLimit + " bytes");
        }
        int flagsAndOffset = u16(buf, base + 6);
        int checksum = u16(buf, base + 10);
        return new Ipv4Header(
                headerLength,
                buf.get(base + 1) & 0xff,
                totalLength,
                u16(buf, base + 4),
                flagsAndOffset >>> 13,
                flagsAndOffset & 0x1fff,
                buf.get(base + 8) & 0xff,
                buf.get(base + 9) & 0xff,
                checksum,
                internetChecksum(buf, base, headerLength) == 0,
                (Inet4Address) address(buf, base + 12, 4),
                (Inet4Address) address(buf, base + 16, 4),
                headerLength,
                totalLength - headerLength);
    }

    // RFC 8200 §3 (fixed header) and §4 (extension headers, walked in the order they appear).
    private static Ipv6Header parseIpv6(ByteBuffer buf, int base, int available, int wireLimit) throws IpFormatException {
        final int fixed = Ipv6Header.FIXED_HEADER_LENGTH;
        if (available < fixed) {
            throw new IpFormatException(IpFormatException.Reason.TRUNCATED, available,
                    "an IPv6 header needs 40 bytes, only " + available + " present");
        }
        int payloadLengthField = u16(buf, base + 4);
        int end = fixed + payloadLengthField;
        if (end > wireLimit) {
            throw new IpFormatException(IpFormatException.Reason.PAYLOAD_LENGTH_BEYOND_BUFFER, 4,
                    "Payload Length " + payloadLengthField + " needs " + end + " bytes, the packet has only " + wireLimit);
        }
        int word0 = buf.get(base) & 0xff;
        int trafficClass = ((word0 & 0x0f) << 4) | ((buf.get(base + 1) & 0xff) >>> 4);
        int flowLabel = ((buf.get(base + 1) & 0x0f) << 16) | u16(buf, base + 2);
        int nextHeader = buf.get(base + 6) & 0xff;
        int hopLimit = buf.get(base + 7) & 0xff;

        List<Ipv6ExtensionHeader> chain = new ArrayList<>();
        Optional<Ipv6Header.Ipv6Fragment> fragment = Optional.empty();
        int type = nextHeader;
        int offset = fixed;
        walk:
        while (true) {
            int length;
            switch (type) {
                case IpProtocols.HOP_BY_HOP:
                case IpProtocols.ROUTING:
                case IpProtocols.DESTINATION_OPTIONS:
                    // RFC 8200 §4.1: Hop-by-Hop Options may only follow the IPv6 header immediately.
                    if (type == IpProtocols.HOP_BY_HOP && !chain.isEmpty()) {
                        throw new IpFormatException(IpFormatException.Reason.HOP_BY_HOP_NOT_FIRST, offset,
                                "Hop-by-Hop Options header after " + chain.size() + " other extension header(s)");
                    }
                    requireExtensionBytes(type, offset, 8, end, available);
                    // RFC 8200 §4.3, §4.4, §4.6: Hdr Ext Len counts 8-octet units after the first 8.
                    length = ((buf.get(base + offset + 1) & 0xff) + 1) * 8;
                    break;
                case IpProtocols.AUTHENTICATION_HEADER:
                    requireExtensionBytes(type, offset, 8, end, available);
                    // RFC 4302 §2.2: Payload Len counts 4-octet units, minus 2.
                    length = ((buf.get(base + offset + 1) & 0xff) + 2) * 4;
                    break;
                case IpProtocols.FRAGMENT: {
                    // RFC 8200 §4.5: always 8 bytes; its length byte is reserved.
                    requireExtensionBytes(type, offset, 8, end, available);
                    length = 8;
                    int offsetAndFlags = u16(buf, base + offset + 2);
                    Ipv6Header.Ipv6Fragment f = new Ipv6Header.Ipv6Fragment(offsetAndFlags >>> 3,
                            (offsetAndFlags & 1) != 0, ((long) u16(buf, base + offset + 4) << 16) | u16(buf, base + offset + 6));
                    fragment = Optional.of(f);
                    if (f.fragmentOffset() != 0) {
                        // What follows is the middle of the original fragmentable part: stop here.
                        chain.add(new Ipv6ExtensionHeader(type, buf.get(base + offset) & 0xff, offset, length));
                        type = buf.get(base + offset) & 0xff;
                        offset += length;
                        break walk;
                    }
                    break;
                }
                default:
                    // The upper-layer protocol, No Next Header, ESP (encrypted), or an extension
                    // header that RFC 7045 lets us treat as opaque payload.
                    break walk;
            }
            if (offset + length > end) {
                throw new IpFormatException(IpFormatException.Reason.EXTENSION_HEADER_OVERRUN, offset + 1,
                        headerName(type) + " header of " + length + " bytes at offset " + offset
                                + " runs past the end of the payload at " + end);
            }
            if (offset + length > available) {
                throw new IpFormatException(IpFormatException.Reason.EXTENSION_HEADER_TRUNCATED, available,
                        headerName(type) + " header of " + length + " bytes at offset " + offset
                                + " is cut short: only " + available + " bytes present");
            }
            int next = buf.get(base + offset) & 0xff;
            chain.add(new Ipv6ExtensionHeader(type, next, offset, length));
            type = next;
            offset += length;
        }
        return new Ipv6Header(trafficClass, flowLabel, payloadLengthField, nextHeader, hopLimit,
                (Inet6Address) address(buf, base + 8, 16), (Inet6Address) address(buf, base + 24, 16),
                chain, type, fragment, offset, end - offset);
    }

    private static void requireExtensionBytes(int type, int offset, int needed, int end, int available)
            throws IpFormatException {
        if (offset + needed > end) {
            throw new IpFormatException(IpFormatException.Reason.EXTENSION_HEADER_TRUNCATED, offset,
                    headerName(type) + " header at offset " + offset + " needs " + needed
                            + " bytes, the payload ends at " + end);
        }
        if (offset + needed > available) {
            throw new IpFormatException(IpFormatException.Reason.EXTENSION_HEADER_TRUNCATED, available,
                    headerName(type) + " header at offset " + offset + " is cut short: only " + available + " bytes present");
        }
    }

    private static String headerName(int type) {
        switch (type) {
            case IpProtocols.HOP_BY_HOP:
                return "Hop-by-Hop Options";
            case IpProtocols.ROUTING:
                return "Routing";
            case IpProtocols.FRAGMENT:
                return "Fragment";
            case IpProtocols.DESTINATION_OPTIONS:
                return "Destination Options";
            case IpProtocols.AUTHENTICATION_HEADER:
                return "Authentication";
            default:
                return "extension (" + type + ")";
        }
    }

    // Byte by byte rather than getShort/getInt: those follow the buffer's byte order, which is the
    // caller's business; IP fields are always big-endian.
    private static int u16(ByteBuffer buf, int index) {
        return ((buf.get(index) & 0xff) << 8) | (buf.get(index + 1) & 0xff);
    }

    private static InetAddress address(ByteBuffer buf, int index, int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = buf.get(index + i);
        }
        try {
            if (size == 4) {
                return InetAddress.getByAddress(bytes);
            }
            // Not InetAddress.getByAddress: it turns an IPv4-mapped IPv6 address (::ffff:a.b.c.d)
            // into an Inet4Address, and the packet is IPv6. A negative scope id means "no scope".
            return Inet6Address.getByAddress(null, bytes, -1);
        } catch (UnknownHostException e) {
            // Only thrown for an array of the wrong length, which cannot happen here.
            throw new AssertionError(e);
        }
    }

    /**
     * RFC 1071 Internet checksum (one's complement of the one's complement sum of 16-bit words)
     * over {@code length} bytes. Over an IPv4 header including its checksum field the result is 0
     * when the checksum is right (RFC 791 §3.1).
     */
    static int internetChecksum(ByteBuffer buf, int index, int length) {
        int sum = 0;
        int i = 0;
        for (; i + 1 < length; i += 2) {
            sum += u16(buf, index + i);
        }
        if (i < length) {
            sum += (buf.get(index + i) & 0xff) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return ~sum & 0xffff;
    }
}
