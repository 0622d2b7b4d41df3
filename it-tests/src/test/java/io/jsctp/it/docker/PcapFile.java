package io.jsctp.it.docker;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Just enough of the classic pcap format to check what tcpdump captured in a container: the IP
 * datagrams, with the link-layer header taken off. Reads the link types tcpdump produces on
 * Docker interfaces (Ethernet; Linux cooked capture v1 and v2 for {@code -i any}; raw IP).
 *
 * <p>Writing and analysing captures is {@code sctp-core}'s pcap package's job; this reader exists
 * so that the container plumbing can be checked on its own.
 */
public record PcapFile(int linkType, List<byte[]> datagrams) {

    static final int LINKTYPE_ETHERNET = 1;
    static final int LINKTYPE_RAW = 101;
    static final int LINKTYPE_LINUX_SLL = 113;
    static final int LINKTYPE_IPV4 = 228;
    static final int LINKTYPE_IPV6 = 229;
    static final int LINKTYPE_LINUX_SLL2 = 276;

    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86DD;
    private static final int ETHERTYPE_VLAN = 0x8100;

    public static PcapFile read(Path file) throws IOException {
        return parse(Files.readAllBytes(file), file.toString());
    }

    /** Parses a whole pcap file held in memory; {@code file} names it in error messages. */
    public static PcapFile parse(byte[] bytes, String file) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (in.remaining() < 24) {
            throw new IOException(file + ": " + in.remaining() + " bytes, shorter than a pcap header");
        }
        // The magic number says the byte order of every header field that follows (microsecond
        // and nanosecond variants alike; the timestamps are not needed here).
        int magic = in.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        if (magic == 0xA1B2C3D4 || magic == 0xA1B23C4D) {
            in.order(ByteOrder.LITTLE_ENDIAN);
        } else if (Integer.reverseBytes(magic) == 0xA1B2C3D4
                || Integer.reverseBytes(magic) == 0xA1B23C4D) {
            in.order(ByteOrder.BIG_ENDIAN);
        } else {
            throw new IOException(String.format("%s: not a pcap file (magic 0x%08x)", file, magic));
        }
        int linkType = in.getInt(20) & 0x0FFFFFFF; // the top bits may carry FCS information
        in.position(24);
        List<byte[]> datagrams = new ArrayList<>();
        while (in.remaining() >= 16) {
            in.position(in.position() + 8); // timestamp
            int captured = in.getInt();
            in.getInt(); // original length
            if (captured < 0 || captured > in.remaining()) {
                throw new IOException(file + ": record of " + captured + " bytes runs past the end");
            }
            byte[] frame = new byte[captured];
            in.get(frame);
            byte[] datagram = stripLinkHeader(linkType, frame);
            if (datagram != null) {
                datagrams.add(datagram);
            }
        }
        if (in.hasRemaining()) {
            throw new IOException(file + ": " + in.remaining() + " stray bytes after the last record");
        }
        return new PcapFile(linkType, List.copyOf(datagrams));
    }

    /** The IP datagram inside a frame, or null for frames that carry something else (ARP). */
    private static byte[] stripLinkHeader(int linkType, byte[] frame) throws IOException {
        int offset;
        int protocol;
        switch (linkType) {
            case LINKTYPE_ETHERNET -> {
                offset = 14;
                protocol = u16(frame, 12);
                while (protocol == ETHERTYPE_VLAN && frame.length >= offset + 4) {
                    protocol = u16(frame, offset + 2);
                    offset += 4;
                }
            }
            case LINKTYPE_LINUX_SLL -> {
                offset = 16;
                protocol = u16(frame, 14);
            }
            case LINKTYPE_LINUX_SLL2 -> {
                offset = 20;
                protocol = u16(frame, 0);
            }
            case LINKTYPE_RAW, LINKTYPE_IPV4, LINKTYPE_IPV6 -> {
                return frame;
            }
            default -> throw new IOException("pcap link type " + linkType + " is not supported");
        }
        if (protocol != ETHERTYPE_IPV4 && protocol != ETHERTYPE_IPV6) {
            return null;
        }
        return Arrays.copyOfRange(frame, Math.min(offset, frame.length), frame.length);
    }

    /** IPv4 datagrams of the given IP protocol (132 for SCTP). */
    public List<Ipv4> ipv4(int protocol) {
        List<Ipv4> result = new ArrayList<>();
        for (byte[] d : datagrams) {
            if (d.length >= 20 && (d[0] >> 4) == 4 && (d[9] & 0xFF) == protocol) {
                int headerLength = (d[0] & 0x0F) * 4;
                if (headerLength >= 20 && headerLength <= d.length) {
                    result.add(
                            new Ipv4(
                                    address(d, 12),
                                    address(d, 16),
                                    Arrays.copyOfRange(d, headerLength, d.length)));
                }
            }
        }
        return result;
    }

    /** An IPv4 datagram: dotted source and destination, and what follows the IP header. */
    public record Ipv4(String source, String destination, byte[] payload) {}

    private static String address(byte[] d, int at) {
        return (d[at] & 0xFF) + "." + (d[at + 1] & 0xFF) + "." + (d[at + 2] & 0xFF) + "." + (d[at + 3] & 0xFF);
    }

    private static int u16(byte[] b, int at) throws IOException {
        if (b.length < at + 2) {
            throw new IOException("frame of " + b.length + " bytes is too short for its link header");
        }
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }
}
