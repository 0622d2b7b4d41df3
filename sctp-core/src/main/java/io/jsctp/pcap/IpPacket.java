package io.jsctp.pcap;

import io.jsctp.wire.ip.IpHeader;
import io.jsctp.wire.ip.IpProtocols;
import io.jsctp.wire.ip.Ipv4Header;
import io.jsctp.wire.ip.Ipv6Header;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Objects;

/**
 * The IP packet found in a captured frame: its parsed header and a copy of its upper-layer payload
 * (for SCTP, the SCTP common header and chunks).
 *
 * @param header          the IPv4 or IPv6 header, offsets counted from the header's first byte
 * @param payload         the upper-layer bytes that were captured (a copy, owned by the holder)
 * @param payloadCutShort true when the capture's snapshot length cut the payload, so
 *                        {@code payload.length < header.payloadLength()}
 */
public record IpPacket(IpHeader header, byte[] payload, boolean payloadCutShort) {

    public IpPacket {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(payload, "payload");
    }

    public InetAddress source() {
        return header.source();
    }

    public InetAddress destination() {
        return header.destination();
    }

    /** The upper-layer protocol number, see {@link IpHeader#protocol()}. */
    public int protocol() {
        return header.protocol();
    }

    /**
     * Whether the payload is the start of an SCTP packet: protocol 132 and not a non-first fragment.
     * (A first fragment is SCTP too, and incomplete; see {@link IpHeader#isFragment()}.)
     */
    public boolean isSctp() {
        return header.protocol() == IpProtocols.SCTP && !isNonFirstFragment();
    }

    /** Whether the payload is from the middle or end of a fragmented packet, so it starts with no upper-layer header. */
    public boolean isNonFirstFragment() {
        if (header instanceof Ipv4Header v4) {
            return v4.fragmentOffset() != 0;
        }
        return ((Ipv6Header) header).fragment().map(f -> f.fragmentOffset() != 0).orElse(false);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpPacket p && header.equals(p.header) && Arrays.equals(payload, p.payload)
                && payloadCutShort == p.payloadCutShort;
    }

    @Override
    public int hashCode() {
        return Objects.hash(header, Arrays.hashCode(payload), payloadCutShort);
    }

    @Override
    public String toString() {
        return "IpPacket[" + header + ", payload=" + payload.length + " bytes" + (payloadCutShort ? " (cut short)" : "") + "]";
    }
}
