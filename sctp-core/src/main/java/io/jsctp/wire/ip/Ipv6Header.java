package io.jsctp.wire.ip;

import java.net.Inet6Address;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An IPv6 header (RFC 8200 §3) and the extension headers that follow it.
 *
 * @param trafficClass     Traffic Class (DSCP and ECN)
 * @param flowLabel        Flow Label (20 bits)
 * @param payloadLengthField Payload Length field: every byte after the fixed 40-byte header,
 *                         extension headers included
 * @param nextHeader       Next Header field of the fixed header (the first extension header, or
 *                         the upper-layer protocol when there is none)
 * @param hopLimit         Hop Limit
 * @param source           source address (an IPv4-mapped address stays an {@link Inet6Address})
 * @param destination      destination address
 * @param extensionHeaders the extension headers walked, in order
 * @param protocol         the Next Header value that ended the walk: the upper-layer protocol,
 *                         {@link IpProtocols#NO_NEXT_HEADER}, {@link IpProtocols#ESP} (encrypted:
 *                         not walked into), or, for a fragment that does not start at offset 0, the
 *                         Fragment header's Next Header (what follows is the middle of the original
 *                         packet, so nothing after the Fragment header can be parsed)
 * @param fragment         the Fragment header's fields, when the packet has one
 * @param payloadOffset    offset of the upper-layer payload (40 plus the extension headers)
 * @param payloadLength    bytes of upper-layer payload: {@code 40 + payloadLengthField - payloadOffset}
 */
public record Ipv6Header(
        int trafficClass,
        int flowLabel,
        int payloadLengthField,
        int nextHeader,
        int hopLimit,
        Inet6Address source,
        Inet6Address destination,
        List<Ipv6ExtensionHeader> extensionHeaders,
        int protocol,
        Optional<Ipv6Fragment> fragment,
        int payloadOffset,
        int payloadLength) implements IpHeader {

    /** Length of the fixed header. */
    public static final int FIXED_HEADER_LENGTH = 40;

    public Ipv6Header {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        extensionHeaders = List.copyOf(extensionHeaders);
        Objects.requireNonNull(fragment, "fragment");
    }

    @Override
    public int version() {
        return 6;
    }

    @Override
    public boolean isFragment() {
        // RFC 8200 §4.5: a Fragment header with offset 0 and M = 0 is an "atomic fragment", a whole
        // packet that merely carries the header; only other cases are real fragments.
        return fragment.map(f -> f.moreFragments() || f.fragmentOffset() != 0).orElse(false);
    }

    /**
     * The fields of an IPv6 Fragment header (RFC 8200 §4.5).
     *
     * @param fragmentOffset offset in units of 8 bytes, as on the wire
     * @param moreFragments  the M flag
     * @param identification the 32-bit Identification, unsigned
     */
    public record Ipv6Fragment(int fragmentOffset, boolean moreFragments, long identification) {

        /** The fragment's position in the fragmentable part of the original packet, in bytes. */
        public int fragmentByteOffset() {
            return fragmentOffset * 8;
        }
    }
}
