package io.jsctp.wire.ip;

import java.net.InetAddress;

/**
 * A parsed IPv4 or IPv6 header: who sent the packet, to whom, and where the upper-layer payload
 * (for jsctp: the SCTP packet, protocol 132) lies.
 *
 * <p>All offsets count from the first byte of the IP header, so {@code payloadOffset()} is also the
 * length of everything in front of the upper-layer payload (options and extension headers
 * included). A record of this type describes a buffer; it does not keep a reference to it.
 */
public sealed interface IpHeader permits Ipv4Header, Ipv6Header {

    /** 4 or 6. */
    int version();

    /** Source address, built from the packet's bytes (never from a name lookup). */
    InetAddress source();

    /** Destination address, built from the packet's bytes (never from a name lookup). */
    InetAddress destination();

    /**
     * The upper-layer protocol: IPv4 Protocol, or for IPv6 the Next Header value that ends the
     * extension header chain (see {@link Ipv6Header#protocol()} for fragments and ESP).
     */
    int protocol();

    /** Offset of the upper-layer payload from the first byte of the IP header. */
    int payloadOffset();

    /** Length of the upper-layer payload as the header declares it. */
    int payloadLength();

    /**
     * True when this packet is a fragment (more fragments follow, or it does not start at offset
     * 0), so its payload is not a whole upper-layer packet.
     */
    boolean isFragment();

    /** Length of the whole IP packet as the header declares it: header, extension headers and payload. */
    default int packetLength() {
        return payloadOffset() + payloadLength();
    }
}
