package io.jsctp.wire.ip;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Builds the IP header that goes in front of an upper-layer payload, the way a kernel would for a
 * packet sent on a raw socket: used to write captures "with the real IP header" of packets whose
 * header jsctp never saw (a raw socket's kernel built it) or that the simulator moved without one.
 *
 * <p>IPv4 (RFC 791 §3.1): no options, Don't Fragment set, TTL 64, Identification 0 (RFC 6864 §4.1:
 * the field has no meaning in an atomic datagram, one with DF set that is not a fragment), a
 * correct header checksum. IPv6 (RFC 8200 §3): traffic class and flow label 0, hop limit 64, no
 * extension headers.
 *
 * <p>Writing goes to the destination buffer at its position, which advances past what was
 * written; the buffer's byte order does not matter. A buffer without room for everything gets
 * nothing written and a {@link BufferOverflowException}. Arguments that no packet could have (addresses of mixed families, a payload
 * longer than the length fields can state) are caller bugs and raise {@link IllegalArgumentException}.
 */
public final class IpHeaderWriter {

    /** Time to Live / Hop Limit written: the Linux default ({@code net.ipv4.ip_default_ttl}). */
    public static final int DEFAULT_HOP_LIMIT = 64;

    /** Largest IPv4 payload: the 16-bit Total Length minus the 20-byte header. */
    public static final int MAX_IPV4_PAYLOAD = 0xffff - Ipv4Header.MIN_HEADER_LENGTH;

    /** Largest IPv6 payload without a jumbogram: the 16-bit Payload Length. */
    public static final int MAX_IPV6_PAYLOAD = 0xffff;

    private IpHeaderWriter() {
    }

    /**
     * Writes a header (IPv4 when both addresses are {@link Inet4Address}, IPv6 when both are
     * {@link Inet6Address}) followed by the payload's remaining bytes. The payload buffer's
     * position does not move.
     *
     * @return bytes written (header plus payload)
     */
    public static int writePacket(ByteBuffer out, InetAddress source, InetAddress destination, int protocol,
            ByteBuffer payload) {
        Objects.requireNonNull(payload, "payload");
        int headerLength = headerLength(source, destination);
        requireRoom(out, headerLength + payload.remaining());
        writeHeader(out, source, destination, protocol, payload.remaining());
        out.put(payload.duplicate());
        return headerLength + payload.remaining();
    }

    /**
     * Writes only the header for a payload of {@code payloadLength} bytes, choosing the family
     * from the addresses as {@link #writePacket} does; the caller puts the payload after it.
     *
     * @return bytes written (20 or 40)
     */
    public static int writeHeader(ByteBuffer out, InetAddress source, InetAddress destination, int protocol,
            int payloadLength) {
        if (headerLength(source, destination) == Ipv4Header.MIN_HEADER_LENGTH) {
            return writeIpv4Header(out, (Inet4Address) source, (Inet4Address) destination, protocol, payloadLength);
        }
        return writeIpv6Header(out, (Inet6Address) source, (Inet6Address) destination, protocol, payloadLength);
    }

    /**
     * Writes a 20-byte IPv4 header for a payload of {@code payloadLength} bytes.
     *
     * @return 20
     */
    public static int writeIpv4Header(ByteBuffer out, Inet4Address source, Inet4Address destination, int protocol,
            int payloadLength) {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        requireProtocol(protocol);
        if (payloadLength < 0 || payloadLength > MAX_IPV4_PAYLOAD) {
            throw new IllegalArgumentException("IPv4 payload length " + payloadLength + " outside 0.." + MAX_IPV4_PAYLOAD);
        }
        final int length = Ipv4Header.MIN_HEADER_LENGTH;
        requireRoom(out, length);
        byte[] h = new byte[length];
        h[0] = 0x45; // version 4, IHL 5 words
        h[1] = 0; // DSCP 0, not ECN-capable
        int total = length + payloadLength;
        h[2] = (byte) (total >>> 8);
        h[3] = (byte) total;
        // h[4], h[5]: Identification 0 (see the class comment)
        h[6] = (byte) (Ipv4Header.FLAG_DONT_FRAGMENT << 5); // flags are the top 3 bits of the 16-bit word
        h[7] = 0; // fragment offset 0
        h[8] = (byte) DEFAULT_HOP_LIMIT;
        h[9] = (byte) protocol;
        // h[10], h[11]: checksum, zero while it is computed (RFC 791 §3.1)
        System.arraycopy(source.getAddress(), 0, h, 12, 4);
        System.arraycopy(destination.getAddress(), 0, h, 16, 4);
        int checksum = IpParser.internetChecksum(ByteBuffer.wrap(h), 0, length);
        h[10] = (byte) (checksum >>> 8);
        h[11] = (byte) checksum;
        out.put(h);
        return length;
    }

    /**
     * Writes a 40-byte IPv6 header for a payload of {@code payloadLength} bytes.
     *
     * @return 40
     */
    public static int writeIpv6Header(ByteBuffer out, Inet6Address source, Inet6Address destination, int nextHeader,
            int payloadLength) {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        requireProtocol(nextHeader);
        if (payloadLength < 0 || payloadLength > MAX_IPV6_PAYLOAD) {
            throw new IllegalArgumentException("IPv6 payload length " + payloadLength + " outside 0.." + MAX_IPV6_PAYLOAD);
        }
        final int length = Ipv6Header.FIXED_HEADER_LENGTH;
        requireRoom(out, length);
        byte[] h = new byte[length];
        h[0] = 0x60; // version 6, traffic class 0, flow label 0
        h[4] = (byte) (payloadLength >>> 8);
        h[5] = (byte) payloadLength;
        h[6] = (byte) nextHeader;
        h[7] = (byte) DEFAULT_HOP_LIMIT;
        System.arraycopy(source.getAddress(), 0, h, 8, 16);
        System.arraycopy(destination.getAddress(), 0, h, 24, 16);
        out.put(h);
        return length;
    }

    /** 20 or 40, the header {@link #writeHeader} writes for these addresses. */
    public static int headerLength(InetAddress source, InetAddress destination) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        if (source instanceof Inet4Address && destination instanceof Inet4Address) {
            return Ipv4Header.MIN_HEADER_LENGTH;
        }
        if (source instanceof Inet6Address && destination instanceof Inet6Address) {
            return Ipv6Header.FIXED_HEADER_LENGTH;
        }
        throw new IllegalArgumentException("source " + source.getHostAddress() + " and destination "
                + destination.getHostAddress() + " are of different address families");
    }

    private static void requireProtocol(int protocol) {
        if (protocol < 0 || protocol > 255) {
            throw new IllegalArgumentException("protocol " + protocol + " outside 0..255");
        }
    }

    private static void requireRoom(ByteBuffer out, int needed) {
        Objects.requireNonNull(out, "out");
        if (out.remaining() < needed) {
            BufferOverflowException e = new BufferOverflowException();
            e.initCause(new IllegalArgumentException(
                    "need " + needed + " bytes, the buffer has " + out.remaining() + " left"));
            throw e;
        }
    }
}
