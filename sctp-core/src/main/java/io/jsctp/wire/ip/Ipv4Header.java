package io.jsctp.wire.ip;

import java.net.Inet4Address;
import java.util.Objects;

/**
 * An IPv4 header (RFC 791 §3.1) as found in a packet.
 *
 * @param headerLength   Internet Header Length in bytes (IHL × 4, options included), 20 to 60
 * @param typeOfService  the second byte: DSCP (upper six bits) and ECN (lower two bits), RFC 2474/3168
 * @param totalLength    Total Length field: header plus payload, in bytes
 * @param identification Identification field
 * @param flags          the three flag bits: 4 = reserved (must be zero), 2 = Don't Fragment, 1 = More Fragments
 * @param fragmentOffset Fragment Offset field, in units of 8 bytes as on the wire (see {@link #fragmentByteOffset()})
 * @param ttl            Time to Live
 * @param protocol       Protocol field (132 for SCTP)
 * @param headerChecksum Header Checksum field as found
 * @param checksumValid  whether the header checksum verifies; not an error when false because
 *                       captures of outgoing packets often show checksums that the network card
 *                       fills in later (checksum offload)
 * @param source         source address
 * @param destination    destination address
 * @param payloadOffset  offset of the payload from the start of the header (equals {@code headerLength})
 * @param payloadLength  {@code totalLength - headerLength}
 */
public record Ipv4Header(
        int headerLength,
        int typeOfService,
        int totalLength,
        int identification,
        int flags,
        int fragmentOffset,
        int ttl,
        int protocol,
        int headerChecksum,
        boolean checksumValid,
        Inet4Address source,
        Inet4Address destination,
        int payloadOffset,
        int payloadLength) implements IpHeader {

    /** Flag bit: Don't Fragment. */
    public static final int FLAG_DONT_FRAGMENT = 2;
    /** Flag bit: More Fragments. */
    public static final int FLAG_MORE_FRAGMENTS = 1;
    /** Length of a header without options. */
    public static final int MIN_HEADER_LENGTH = 20;

    public Ipv4Header {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
    }

    @Override
    public int version() {
        return 4;
    }

    /** Whether the Don't Fragment bit is set. */
    public boolean dontFragment() {
        return (flags & FLAG_DONT_FRAGMENT) != 0;
    }

    /** Whether the More Fragments bit is set. */
    public boolean moreFragments() {
        return (flags & FLAG_MORE_FRAGMENTS) != 0;
    }

    /** The fragment's position in the original datagram's payload, in bytes. */
    public int fragmentByteOffset() {
        return fragmentOffset * 8;
    }

    /** Length of the options (0 when there are none). */
    public int optionsLength() {
        return headerLength - MIN_HEADER_LENGTH;
    }

    @Override
    public boolean isFragment() {
        return moreFragments() || fragmentOffset != 0;
    }
}
