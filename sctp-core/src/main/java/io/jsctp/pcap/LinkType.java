package io.jsctp.pcap;

/**
 * Link-layer type numbers (the LINKTYPE_ registry of draft-ietf-opsawg-pcaplinktype) that this
 * package can find an IP packet in. A frame's link type says what header precedes the IP packet.
 */
public final class LinkType {

    /** BSD loopback: a 4-byte address family in the capturing host's byte order. */
    public static final int NULL = 0;
    /** IEEE 802.3 Ethernet, with any number of 802.1Q / 802.1ad VLAN tags. */
    public static final int ETHERNET = 1;
    /** Raw IP: the packet starts with its IPv4 or IPv6 header. What {@link PcapngWriter} writes. */
    public static final int RAW = 101;
    /** OpenBSD loopback: like {@link #NULL} but the family is big-endian. */
    public static final int LOOP = 108;
    /** Linux "cooked" capture, version 1 (16-byte header; {@code tcpdump -i any}). */
    public static final int LINUX_SLL = 113;
    /** Raw IPv4 only. */
    public static final int IPV4 = 228;
    /** Raw IPv6 only. */
    public static final int IPV6 = 229;
    /** Linux "cooked" capture, version 2 (20-byte header, carries the interface index). */
    public static final int LINUX_SLL2 = 276;

    private LinkType() {
    }

    /** A short name for messages, or "LINKTYPE n" for numbers not listed here. */
    public static String name(int linkType) {
        switch (linkType) {
            case NULL:
                return "NULL";
            case ETHERNET:
                return "ETHERNET";
            case RAW:
                return "RAW";
            case LOOP:
                return "LOOP";
            case LINUX_SLL:
                return "LINUX_SLL";
            case IPV4:
                return "IPV4";
            case IPV6:
                return "IPV6";
            case LINUX_SLL2:
                return "LINUX_SLL2";
            default:
                return "LINKTYPE " + linkType;
        }
    }
}
