package io.jsctp.raw.net;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Objects;

import jnr.ffi.Pointer;

/**
 * The packets one {@link RawSctpSocket#receive(ReceivedBatch)} call got from recvmmsg(2).
 *
 * <p>Entry {@code i} (0 to {@link #size()} - 1) has the source and destination address from the IP
 * header (IPv4) or from the sender's sockaddr and IPV6_PKTINFO (IPv6), the index of the interface it came
 * in on, the IPv4 TOS / IPv6 traffic class byte (for ECN, RFC 9260 Appendix A), and a view of the SCTP
 * packet: index 0 of {@link #packet(int)} is the first byte of the SCTP common header, its limit the end of
 * the packet, in network byte order.
 *
 * <p>Ownership: the views and addresses belong to the batch and stay valid only until the next
 * {@code receive} into it, which overwrites the memory. Decode (or copy) what you need before that.
 * The views are reused from call to call, so holding one does not keep it stable either.
 *
 * <p>Packets that are not a usable SCTP packet are left out and counted: longer than a slot
 * ({@link #truncatedCount()}), IPv4 fragments or malformed IP headers ({@link #malformedCount()}). The
 * kernel reassembles fragments before raw sockets see them, so the latter should stay at zero.
 * Not thread-safe: a batch belongs to the thread that receives into it.
 */
public final class ReceivedBatch {
    private static final int NAME_STRIDE = 32;      // sockaddr_in6 (28) rounded up
    /**
     * Room for IPV6_PKTINFO (40) + IPV6_TCLASS (24) + SO_RXQ_OVFL (24), or IP_PKTINFO (32) + SO_RXQ_OVFL
     * (24), with spare room so that MSG_CTRUNC does not happen.
     */
    private static final int CONTROL_STRIDE = 128;

    private static final int IPV4_HEADER_MIN = 20;

    private final IpFamily family;
    private final int capacity;
    private final int slotBytes;

    private final ByteBuffer data;    // network order
    private final ByteBuffer meta;    // native order
    private final int nameBase;
    private final int controlBase;
    private final Pointer vector;
    private final ByteBuffer[] views; // per slot, starting where the SCTP packet usually starts

    private final AddressCodec codec = new AddressCodec();

    // Entries of the last receive (compacted: entry i may come from any slot).
    private int size;
    private final InetAddress[] sources;
    private final InetAddress[] destinations;
    private final int[] interfaceIndexes;
    private final int[] trafficClasses;
    private final ByteBuffer[] packets;

    private long truncated;
    private long malformed;
    private long received;
    private long kernelDrops;

    /**
     * A batch for {@code family} with {@code capacity} slots of {@code slotBytes} bytes each. For IPv4
     * the slot also holds the IP header (20 to 60 bytes), which the kernel delivers on raw IPv4 sockets.
     */
    public ReceivedBatch(IpFamily family, int capacity, int slotBytes) {
        this.family = Objects.requireNonNull(family, "family");
        if (capacity < 1 || capacity > OutgoingBatch.MAX_VLEN) {
            throw new IllegalArgumentException("capacity must be 1.." + OutgoingBatch.MAX_VLEN + ", not " + capacity);
        }
        if (slotBytes < 64 || slotBytes > 65535) {
            throw new IllegalArgumentException("slotBytes must be 64..65535, not " + slotBytes);
        }
        this.capacity = capacity;
        this.slotBytes = slotBytes;
        this.data = ByteBuffer.allocateDirect(capacity * slotBytes);
        int iovecBase = capacity * Native.MMSGHDR_SIZE;
        this.nameBase = iovecBase + capacity * Native.IOVEC_SIZE;
        this.controlBase = nameBase + capacity * NAME_STRIDE;
        this.meta = Native.allocate(controlBase + capacity * CONTROL_STRIDE);
        long dataAddress = Native.address(data);
        long metaAddress = Native.address(meta);
        this.vector = Native.pointer(metaAddress);

        this.views = new ByteBuffer[capacity];
        this.sources = new InetAddress[capacity];
        this.destinations = new InetAddress[capacity];
        this.interfaceIndexes = new int[capacity];
        this.trafficClasses = new int[capacity];
        this.packets = new ByteBuffer[capacity];
        // IPv4 packets nearly always have a 20-byte header (options are rare and often filtered), so the
        // view is cut at offset 20 once; a packet with options gets a view of its own.
        int viewOffset = family == IpFamily.IPV4 ? IPV4_HEADER_MIN : 0;
        for (int i = 0; i < capacity; i++) {
            int h = i * Native.MMSGHDR_SIZE;
            int iov = iovecBase + i * Native.IOVEC_SIZE;
            meta.putLong(h + Native.MSGHDR_NAME, metaAddress + nameBase + (long) i * NAME_STRIDE);
            meta.putLong(h + Native.MSGHDR_IOV, metaAddress + iov);
            meta.putLong(h + Native.MSGHDR_IOVLEN, 1);
            meta.putLong(h + Native.MSGHDR_CONTROL, metaAddress + controlBase + (long) i * CONTROL_STRIDE);
            meta.putLong(iov, dataAddress + (long) i * slotBytes);
            meta.putLong(iov + 8, slotBytes);
            data.limit((i + 1) * slotBytes).position(i * slotBytes + viewOffset);
            views[i] = data.slice();
        }
        data.clear();
        prepare();
    }

    public IpFamily family() {
        return family;
    }

    public int capacity() {
        return capacity;
    }

    public int slotBytes() {
        return slotBytes;
    }

    /** Number of packets of the last receive. */
    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Source address of packet {@code i} (the peer). */
    public InetAddress source(int i) {
        checkIndex(i);
        return sources[i];
    }

    /** Destination address of packet {@code i} (one of ours). */
    public InetAddress destination(int i) {
        checkIndex(i);
        return destinations[i];
    }

    /** Index of the interface packet {@code i} arrived on (if_nametoindex(3) numbering). */
    public int interfaceIndex(int i) {
        checkIndex(i);
        return interfaceIndexes[i];
    }

    /** The IPv4 TOS or IPv6 traffic class byte; its two low bits are the ECN field (RFC 3168). */
    public int trafficClass(int i) {
        checkIndex(i);
        return trafficClasses[i];
    }

    /**
     * The SCTP packet {@code i}: index 0 is the common header, the limit is the packet's end, byte order
     * big-endian. Valid until the next receive into this batch.
     */
    public ByteBuffer packet(int i) {
        checkIndex(i);
        return packets[i];
    }

    /** Packets dropped since this batch was made because they were longer than a slot. */
    public long truncatedCount() {
        return truncated;
    }

    /** Packets dropped since this batch was made because the IP header was malformed or a fragment. */
    public long malformedCount() {
        return malformed;
    }

    /** Packets delivered by this batch since it was made. */
    public long receivedCount() {
        return received;
    }

    /**
     * The socket's count of packets the kernel dropped because the receive buffer was full, as of the
     * last packet received (SO_RXQ_OVFL, socket(7)). A rising number means the receiving side cannot keep
     * up: grow the buffer or receive more often.
     */
    public long kernelDropCount() {
        return kernelDrops;
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("entry " + i + " of a batch holding " + size);
        }
    }

    // --- used by RawSctpSocket ---

    Pointer vector() {
        return vector;
    }

    /**
     * Resets what recvmmsg overwrites: msg_namelen and msg_controllen are value-result fields (recvmsg(2)),
     * so each call must offer the full sizes again. Also forgets the previous entries.
     */
    void prepare() {
        for (int i = 0; i < size; i++) {
            sources[i] = null;
            destinations[i] = null;
            packets[i] = null;
        }
        size = 0;
        for (int i = 0; i < capacity; i++) {
            int h = i * Native.MMSGHDR_SIZE;
            meta.putInt(h + Native.MSGHDR_NAMELEN, NAME_STRIDE);
            meta.putLong(h + Native.MSGHDR_CONTROLLEN, CONTROL_STRIDE);
            meta.putInt(h + Native.MSGHDR_FLAGS, 0);
        }
    }

    /** Parses the {@code n} messages recvmmsg returned into entries; returns the number of entries. */
    int fill(int n) {
        for (int k = 0; k < n; k++) {
            int h = k * Native.MMSGHDR_SIZE;
            int length = meta.getInt(h + Native.MMSGHDR_LEN);
            int flags = meta.getInt(h + Native.MSGHDR_FLAGS);
            if ((flags & Native.MSG_TRUNC) != 0) {
                // recvmsg(2): MSG_TRUNC means the datagram was longer than the buffer; an SCTP packet cut
                // short fails its checksum anyway, so drop it here and count it.
                truncated++;
                readControl(k, h, -1);
                continue;
            }
            boolean ok = family == IpFamily.IPV4 ? parseIpv4(k, h, length) : parseIpv6(k, h, length);
            if (ok) {
                size++;
                received++;
            } else {
                malformed++;
            }
        }
        return size;
    }

    /**
     * An IPv4 raw socket delivers the IP header (raw(7)); RFC 791 §3.1 gives its layout. The total
     * length and header length are checked against what arrived, so a lying header cannot make the view
     * reach past the packet.
     */
    private boolean parseIpv4(int k, int h, int length) {
        int base = k * slotBytes;
        if (length < IPV4_HEADER_MIN) {
            return false;
        }
        int versionAndIhl = data.get(base) & 0xff;
        int ihl = (versionAndIhl & 0x0f) * 4;
        if ((versionAndIhl >>> 4) != 4 || ihl < IPV4_HEADER_MIN || ihl > length) {
            return false;
        }
        int totalLength = data.getShort(base + 2) & 0xffff;
        if (totalLength < ihl || totalLength > length) {
            return false;
        }
        // Flags and fragment offset: a non-first fragment does not start with an SCTP header, and a
        // first fragment (MF set) holds only part of the packet. Both are dropped.
        int fragment = data.getShort(base + 6) & 0x3fff;
        if (fragment != 0) {
            return false;
        }
        if ((data.get(base + 9) & 0xff) != Native.IPPROTO_SCTP) {
            return false;
        }
        int e = size;
        trafficClasses[e] = data.get(base + 1) & 0xff;
        sources[e] = codec.ipv4At(data, base + 12);
        destinations[e] = codec.ipv4At(data, base + 16);
        interfaceIndexes[e] = readControl(k, h, e);
        ByteBuffer view;
        if (ihl == IPV4_HEADER_MIN) {
            view = views[k];
            view.clear();
            view.limit(totalLength - ihl);
        } else {
            // IP options present: a view of its own (the only allocation on this path, and a rare one).
            ByteBuffer d = data.duplicate();
            d.limit(base + totalLength).position(base + ihl);
            view = d.slice();
        }
        packets[e] = view;
        return true;
    }

    /**
     * An IPv6 raw socket delivers only the payload (ipv6(7)): the source comes from msg_name, the
     * destination and interface from the IPV6_PKTINFO control message (RFC 3542 §6).
     */
    private boolean parseIpv6(int k, int h, int length) {
        int e = size;
        int name = nameBase + k * NAME_STRIDE;
        if (meta.getInt(h + Native.MSGHDR_NAMELEN) < Native.SOCKADDR_IN6_SIZE
                || (meta.getShort(name) & 0xffff) != Native.AF_INET6) {
            return false;
        }
        destinations[e] = null;
        trafficClasses[e] = 0;
        interfaceIndexes[e] = readControl(k, h, e);
        if (destinations[e] == null) {
            return false; // IPV6_RECVPKTINFO is always on; without it we cannot tell which address was hit
        }
        sources[e] = codec.ipv6At(meta, name + 8, meta.getInt(name + 24));
        ByteBuffer view = views[k];
        view.clear();
        view.limit(length);
        packets[e] = view;
        return true;
    }

    /**
     * Walks the control messages of message {@code k} (cmsg(3)); fills the destination (IPv6) and the
     * traffic class (IPv6) of entry {@code e} (unless it is -1) and returns the interface index.
     */
    private int readControl(int k, int h, int e) {
        int base = controlBase + k * CONTROL_STRIDE;
        long controlLength = Math.min(meta.getLong(h + Native.MSGHDR_CONTROLLEN), CONTROL_STRIDE);
        int interfaceIndex = 0;
        int off = 0;
        while (off + Native.CMSG_HDR <= controlLength) {
            long cmsgLen = meta.getLong(base + off);
            if (cmsgLen < Native.CMSG_HDR || off + cmsgLen > controlLength) {
                break;
            }
            int level = meta.getInt(base + off + 8);
            int type = meta.getInt(base + off + 12);
            int d = base + off + Native.CMSG_HDR;
            if (level == Native.IPPROTO_IP && type == Native.IP_PKTINFO) {
                // struct in_pktinfo: ipi_ifindex, ipi_spec_dst, ipi_addr (ip(7)).
                interfaceIndex = meta.getInt(d);
            } else if (level == Native.IPPROTO_IPV6 && type == Native.IPV6_PKTINFO) {
                // struct in6_pktinfo: ipi6_addr, ipi6_ifindex.
                interfaceIndex = meta.getInt(d + 16);
                if (e >= 0) {
                    boolean linkLocal = (meta.get(d) & 0xff) == 0xfe && (meta.get(d + 1) & 0xc0) == 0x80;
                    destinations[e] = codec.ipv6At(meta, d, linkLocal ? interfaceIndex : 0);
                }
            } else if (level == Native.IPPROTO_IPV6 && type == Native.IPV6_TCLASS) {
                if (e >= 0) {
                    trafficClasses[e] = meta.getInt(d) & 0xff;
                }
            } else if (level == Native.SOL_SOCKET && type == Native.SO_RXQ_OVFL) {
                kernelDrops = meta.getInt(d) & 0xffffffffL;
            }
            off += Native.cmsgAlign((int) cmsgLen);
        }
        return interfaceIndex;
    }
}
