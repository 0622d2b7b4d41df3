package io.jsctp.wire.ip;

/**
 * IP protocol numbers (IPv4 Protocol, IPv6 Next Header) that this package names, from the IANA
 * "Assigned Internet Protocol Numbers" registry.
 */
public final class IpProtocols {

    /** IPv6 Hop-by-Hop Options header (RFC 8200 §4.3). */
    public static final int HOP_BY_HOP = 0;
    public static final int ICMP = 1;
    public static final int TCP = 6;
    public static final int UDP = 17;
    /** IPv6 Routing header (RFC 8200 §4.4). */
    public static final int ROUTING = 43;
    /** IPv6 Fragment header (RFC 8200 §4.5). */
    public static final int FRAGMENT = 44;
    /** Encapsulating Security Payload (RFC 4303): what follows is encrypted, so parsing stops there. */
    public static final int ESP = 50;
    /** Authentication Header (RFC 4302 §2.2): an extension header whose length is in 4-octet units. */
    public static final int AUTHENTICATION_HEADER = 51;
    public static final int ICMPV6 = 58;
    /** IPv6 "No Next Header" (RFC 8200 §4.7). */
    public static final int NO_NEXT_HEADER = 59;
    /** IPv6 Destination Options header (RFC 8200 §4.6). */
    public static final int DESTINATION_OPTIONS = 60;
    /** SCTP (RFC 9260 §1.4; IANA protocol number 132). */
    public static final int SCTP = 132;

    private IpProtocols() {
    }
}
