package io.jsctp.pcap;

import io.jsctp.wire.ip.IpFormatException;
import io.jsctp.wire.ip.IpHeader;
import io.jsctp.wire.ip.IpParser;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * Finds the IP packet behind a frame's link-layer header. Header layouts are those of the
 * LINKTYPE_ registry (draft-ietf-opsawg-pcaplinktype and the per-type pages it refers to).
 */
final class LinkLayer {

    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86dd;
    // IEEE 802.1Q customer tag, 802.1ad service tag, and the pre-standard QinQ outer tag.
    private static final int ETHERTYPE_VLAN = 0x8100;
    private static final int ETHERTYPE_QINQ = 0x88a8;
    private static final int ETHERTYPE_QINQ_OLD = 0x9100;

    // BSD address family values for the NULL/LOOP headers: AF_INET is 2 everywhere, AF_INET6
    // differs between BSDs: 24 (NetBSD, OpenBSD, BSD/OS), 28 (FreeBSD, DragonFly), 30 (Darwin).
    private static final int AF_INET = 2;
    private static final int[] AF_INET6 = {24, 28, 30};

    // Linux ARPHRD_NETLINK: in a cooked capture its protocol field is a netlink family, not an EtherType.
    private static final int ARPHRD_NETLINK = 824;

    // Linux packet types (the sll_pkttype field): 0 to us, 1 broadcast, 2 multicast, 3 to another
    // host (promiscuous), 4 sent by us.
    private static final int PACKET_OUTGOING = 4;

    /** Where the IP packet starts and which version the link layer announced (0: the version nibble decides). */
    private record Location(int start, int version) {
    }

    private static final Location NOT_IP = new Location(-1, 0);

    private LinkLayer() {
    }

    static Optional<IpPacket> ipPacket(Frame frame) throws CaptureFormatException {
        byte[] data = frame.data();
        Location at = locate(frame);
        if (at == NOT_IP) {
            return Optional.empty();
        }
        int available = data.length - at.start;
        IpHeader header;
        try {
            header = IpParser.parseCaptured(ByteBuffer.wrap(data, at.start, available), frame.originalLength() - at.start);
        } catch (IpFormatException e) {
            // Errors that mean "the bytes ended inside the header", as opposed to a header that
            // contradicts itself; with a frame cut by the snapshot length those are the capture's doing.
            boolean ranOut = e.reason() == IpFormatException.Reason.TRUNCATED
                    || e.reason() == IpFormatException.Reason.OPTIONS_TRUNCATED
                    || (e.reason() == IpFormatException.Reason.EXTENSION_HEADER_TRUNCATED && e.offset() == available);
            if (frame.isCutShort() && ranOut) {
                throw new CaptureFormatException(CaptureFormatException.Reason.PACKET_CUT_BY_SNAPLEN,
                        fileOffset(frame, data.length), frame.number(),
                        "the capture kept " + data.length + " of " + frame.originalLength()
                                + " bytes, which ends inside the IP header: " + e.getMessage(), e);
            }
            throw new CaptureFormatException(CaptureFormatException.Reason.MALFORMED_IP_PACKET,
                    fileOffset(frame, at.start + e.offset()), frame.number(),
                    "IP packet starting at byte " + at.start + " of the frame: " + e.getMessage(), e);
        }
        if (at.version != 0 && header.version() != at.version) {
            throw new CaptureFormatException(CaptureFormatException.Reason.IP_VERSION_MISMATCH,
                    fileOffset(frame, at.start), frame.number(),
                    LinkType.name(frame.linkType()) + " header announces IPv" + at.version
                            + " but the packet is IPv" + header.version());
        }
        int from = at.start + header.payloadOffset();
        int declaredEnd = from + header.payloadLength();
        int to = Math.min(declaredEnd, data.length);
        return Optional.of(new IpPacket(header, Arrays.copyOfRange(data, from, to), to < declaredEnd));
    }

    /** The direction a Linux cooked header records, or UNKNOWN for other link types. */
    static Direction direction(int linkType, byte[] data) {
        int packetType;
        if (linkType == LinkType.LINUX_SLL && data.length >= 2) {
            packetType = u16(data, 0);
        } else if (linkType == LinkType.LINUX_SLL2 && data.length >= 11) {
            packetType = data[10] & 0xff;
        } else {
            return Direction.UNKNOWN;
        }
        if (packetType == PACKET_OUTGOING) {
            return Direction.OUTBOUND;
        }
        return packetType < PACKET_OUTGOING ? Direction.INBOUND : Direction.UNKNOWN;
    }

    private static Location locate(Frame frame) throws CaptureFormatException {
        byte[] d = frame.data();
        int linkType = frame.linkType();
        switch (linkType) {
            case LinkType.RAW:
            case 12: // DLT_RAW on most BSDs and Linux, written by tools that put DLT values in files (scapy does)
            case 14: // DLT_RAW on OpenBSD, likewise
                return new Location(0, 0);
            case LinkType.IPV4:
                return new Location(0, 4);
            case LinkType.IPV6:
                return new Location(0, 6);
            case LinkType.ETHERNET:
                // destination MAC (6), source MAC (6), EtherType (2)
                require(frame, 14, "Ethernet");
                return fromEtherType(frame, u16(d, 12), 14);
            case LinkType.LINUX_SLL:
                // packet type (2), ARPHRD type (2), address length (2), address (8), protocol (2)
                require(frame, 16, "Linux cooked (SLL)");
                if (u16(d, 2) == ARPHRD_NETLINK) {
                    return NOT_IP;
                }
                return fromEtherType(frame, u16(d, 14), 16);
            case LinkType.LINUX_SLL2:
                // protocol (2), reserved (2), interface index (4), ARPHRD type (2), packet type (1),
                // address length (1), address (8)
                require(frame, 20, "Linux cooked (SLL2)");
                if (u16(d, 8) == ARPHRD_NETLINK) {
                    return NOT_IP;
                }
                return fromEtherType(frame, u16(d, 0), 20);
            case LinkType.NULL: {
                // The family is in the capturing host's byte order, which the file does not record:
                // try both (the other reading of a small number is never a valid family).
                require(frame, 4, "BSD loopback (NULL)");
                int big = (int) u32(d, 0);
                return fromFamily(big, Integer.reverseBytes(big));
            }
            case LinkType.LOOP: {
                require(frame, 4, "OpenBSD loopback (LOOP)");
                int big = (int) u32(d, 0);
                return fromFamily(big, big);
            }
            default:
                throw new CaptureFormatException(CaptureFormatException.Reason.UNSUPPORTED_LINK_TYPE,
                        fileOffset(frame, 0), frame.number(),
                        "cannot find an IP packet behind link type " + LinkType.name(linkType));
        }
    }

    private static Location fromFamily(int family, int swapped) {
        if (family == AF_INET || swapped == AF_INET) {
            return new Location(4, 4);
        }
        for (int af : AF_INET6) {
            if (family == af || swapped == af) {
                return new Location(4, 6);
            }
        }
        return NOT_IP;
    }

    /**
     * Follows VLAN tags: each tag is 2 bytes of tag control information and the next EtherType,
     * placed where the payload would start.
     */
    private static Location fromEtherType(Frame frame, int etherType, int payloadStart) throws CaptureFormatException {
        byte[] d = frame.data();
        int type = etherType;
        int start = payloadStart;
        while (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ || type == ETHERTYPE_QINQ_OLD) {
            require(frame, start + 4, "VLAN tag");
            type = u16(d, start + 2);
            start += 4;
        }
        if (type == ETHERTYPE_IPV4) {
            return new Location(start, 4);
        }
        if (type == ETHERTYPE_IPV6) {
            return new Location(start, 6);
        }
        return NOT_IP;
    }

    private static void require(Frame frame, int length, String what) throws CaptureFormatException {
        if (frame.data().length < length) {
            throw new CaptureFormatException(CaptureFormatException.Reason.LINK_HEADER_TRUNCATED,
                    fileOffset(frame, frame.data().length), frame.number(),
                    what + " header needs " + length + " bytes, the frame has " + frame.data().length);
        }
    }

    private static long fileOffset(Frame frame, int indexInFrame) {
        return frame.dataOffset() < 0 ? -1 : frame.dataOffset() + indexInFrame;
    }

    private static int u16(byte[] b, int i) {
        return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }

    private static long u32(byte[] b, int i) {
        return ((long) u16(b, i) << 16) | u16(b, i + 2);
    }
}
