package io.jsctp.raw.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Objects;

import jnr.ffi.Pointer;

/**
 * Packets waiting to go out through one {@link RawSctpSocket#send(OutgoingBatch)} call, which hands
 * them all to the kernel with sendmmsg(2).
 *
 * <p>Each slot has a source address (or null: the kernel chooses by its routing table), a destination
 * and a region of a direct buffer that holds the SCTP packet, from the common header on. The caller
 * encodes straight into that region, so the bytes the kernel reads are the bytes the codec wrote, with
 * no copy in between:
 *
 * <pre>{@code
 * ByteBuffer out = batch.append(source, destination); // position 0, limit = slot capacity
 * codec.encode(packet, out);                           // relative puts; position ends at the length
 * ...
 * socket.send(batch);
 * }</pre>
 *
 * <p>The packet length is the buffer's position when {@code send} runs (so do not flip it). An empty slot
 * is not sent: it fails with EINVAL, which catches a flipped or forgotten buffer.
 *
 * <p>All the native structures (one mmsghdr, iovec, sockaddr and control message per slot) are laid out
 * once, when the batch is built; adding a packet writes only its addresses and, at send time, its length.
 * After {@code send}, each slot is {@link #SENT}, {@link #PENDING} (not tried: the socket's send buffer
 * was full, see {@link #blockedBy()}) or failed with an errno ({@link #error(int)}). Not thread-safe: a
 * batch belongs to the thread that fills and sends it.
 */
public final class OutgoingBatch {
    /** Slot status: handed to the kernel. */
    public static final int SENT = 0;
    /** Slot status: not yet tried. */
    public static final int PENDING = -1;

    /** sendmmsg(2) takes at most UIO_MAXIOV (1024) messages per call. */
    static final int MAX_VLEN = 1024;

    private static final int NAME_STRIDE = 32;    // sockaddr_in6 (28) rounded up to 8
    private static final int CONTROL_STRIDE = 40; // CMSG_SPACE(in6_pktinfo) = 40 >= CMSG_SPACE(in_pktinfo) = 32

    private final IpFamily family;
    private final int capacity;
    private final int slotBytes;

    private final ByteBuffer data;      // packets, network byte order
    private final ByteBuffer meta;      // mmsghdr[] | iovec[] | sockaddr[] | cmsg[], native order
    private final int iovecBase;
    private final int nameBase;
    private final int controlBase;
    private final Pointer[] mmsghdrPointers;
    private final ByteBuffer[] slots;
    private final InetAddress[] sources;
    private final InetAddress[] destinations;
    private final int[] status;
    private final AddressCodec codec = new AddressCodec();

    private int size;
    private int nextPending;
    private Errno blockedBy;

    /**
     * A batch for {@code family} with {@code capacity} slots of {@code slotBytes} bytes each.
     *
     * @param slotBytes the largest SCTP packet a slot can hold; a packet longer than the path allows
     *     fails at send time with EMSGSIZE from the kernel
     */
    public OutgoingBatch(IpFamily family, int capacity, int slotBytes) {
        this.family = Objects.requireNonNull(family, "family");
        if (capacity < 1 || capacity > 65536) {
            throw new IllegalArgumentException("capacity must be 1..65536, not " + capacity);
        }
        if (slotBytes < 12 || slotBytes > 65535) {
            throw new IllegalArgumentException("slotBytes must be 12..65535 (an SCTP common header fits), not " + slotBytes);
        }
        if ((long) capacity * slotBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("capacity * slotBytes exceeds 2 GiB");
        }
        this.capacity = capacity;
        this.slotBytes = slotBytes;
        this.data = ByteBuffer.allocateDirect(capacity * slotBytes); // big-endian: network order
        this.iovecBase = capacity * Native.MMSGHDR_SIZE;
        this.nameBase = iovecBase + capacity * Native.IOVEC_SIZE;
        this.controlBase = nameBase + capacity * NAME_STRIDE;
        this.meta = Native.allocate(controlBase + capacity * CONTROL_STRIDE);
        long dataAddress = Native.address(data);
        long metaAddress = Native.address(meta);

        this.mmsghdrPointers = new Pointer[capacity];
        this.slots = new ByteBuffer[capacity];
        this.sources = new InetAddress[capacity];
        this.destinations = new InetAddress[capacity];
        this.status = new int[capacity];
        for (int i = 0; i < capacity; i++) {
            int h = i * Native.MMSGHDR_SIZE;
            int iov = iovecBase + i * Native.IOVEC_SIZE;
            meta.putLong(h + Native.MSGHDR_NAME, metaAddress + nameBase + (long) i * NAME_STRIDE);
            meta.putInt(h + Native.MSGHDR_NAMELEN, family.sockaddrSize);
            meta.putLong(h + Native.MSGHDR_IOV, metaAddress + iov);
            meta.putLong(h + Native.MSGHDR_IOVLEN, 1);
            meta.putLong(h + Native.MSGHDR_CONTROL, metaAddress + controlBase + (long) i * CONTROL_STRIDE);
            meta.putLong(h + Native.MSGHDR_CONTROLLEN, 0);
            meta.putInt(h + Native.MSGHDR_FLAGS, 0);
            meta.putLong(iov, dataAddress + (long) i * slotBytes);
            meta.putLong(iov + 8, 0);
            mmsghdrPointers[i] = Native.pointer(metaAddress + h);
            data.limit((i + 1) * slotBytes).position(i * slotBytes);
            slots[i] = data.slice(); // big-endian, index 0 = first byte of the packet
            status[i] = PENDING;
        }
        data.clear();
    }

    public IpFamily family() {
        return family;
    }

    public int capacity() {
        return capacity;
    }

    /** The largest packet one slot holds. */
    public int slotBytes() {
        return slotBytes;
    }

    /** Number of slots filled since the last {@link #clear()}. */
    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public boolean isFull() {
        return size == capacity;
    }

    /**
     * Takes the next slot for a packet from {@code source} (null: the kernel picks the source) to
     * {@code destination} and returns its buffer, cleared (position 0, limit = {@link #slotBytes()}).
     * Write the packet with relative puts and leave the position at its end.
     *
     * @throws IllegalStateException if the batch is full
     * @throws IllegalArgumentException if an address is of the other family, or is the wildcard or a
     *     multicast address (SCTP is unicast only, RFC 9260 §3.1 / §5.1.2)
     * @throws NullPointerException if {@code destination} is null
     */
    public ByteBuffer append(InetAddress source, InetAddress destination) {
        Objects.requireNonNull(destination, "destination");
        if (size == capacity) {
            throw new IllegalStateException("batch is full (" + capacity + " packets): send or clear it first");
        }
        checkAddress(destination, "destination");
        if (source != null) {
            checkAddress(source, "source");
        }
        int i = size;
        int h = i * Native.MMSGHDR_SIZE;
        codec.writeSockaddr(meta, nameBase + i * NAME_STRIDE, destination);
        writeSourceControl(i, h, source);
        sources[i] = source;
        destinations[i] = destination;
        status[i] = PENDING;
        size++;
        ByteBuffer slot = slots[i];
        slot.clear();
        return slot;
    }

    /** Appends a copy of the remaining bytes of {@code packet}; the packet buffer itself is left as is. */
    public void append(InetAddress source, InetAddress destination, ByteBuffer packet) {
        Objects.requireNonNull(packet, "packet");
        if (packet.remaining() > slotBytes) {
            throw new IllegalArgumentException("packet of " + packet.remaining() + " bytes exceeds the slot size " + slotBytes);
        }
        ByteBuffer slot = append(source, destination);
        slot.put(packet.duplicate());
    }

    private void checkAddress(InetAddress address, String role) {
        if (!family.matches(address)) {
            throw new IllegalArgumentException(role + " " + address + " is not an " + family + " address");
        }
        if (address.isAnyLocalAddress() || address.isMulticastAddress()) {
            throw new IllegalArgumentException(role + " " + address + " is not a unicast address");
        }
    }

    /**
     * IP_PKTINFO (ip(7)) / IPV6_PKTINFO (ipv6(7), RFC 3542 §6.1) chooses the source address of this one
     * packet, which is how a multi-homed endpoint sends each path's packets from that path's address
     * (RFC 9260 §6.4). With no source, msg_controllen is 0 and the kernel picks one.
     */
    private void writeSourceControl(int i, int h, InetAddress source) {
        if (source == null) {
            meta.putLong(h + Native.MSGHDR_CONTROLLEN, 0);
            return;
        }
        int c = controlBase + i * CONTROL_STRIDE;
        if (family == IpFamily.IPV4) {
            meta.putLong(c, Native.cmsgLen(Native.IN_PKTINFO_SIZE));
            meta.putInt(c + 8, Native.IPPROTO_IP);
            meta.putInt(c + 12, Native.IP_PKTINFO);
            meta.putInt(c + 16, 0);                       // ipi_ifindex: any interface
            codec.writeAddress(meta, c + 20, source);     // ipi_spec_dst: the source to use
            meta.putInt(c + 24, 0);                       // ipi_addr: ignored on send
            meta.putLong(h + Native.MSGHDR_CONTROLLEN, Native.cmsgSpace(Native.IN_PKTINFO_SIZE));
        } else {
            meta.putLong(c, Native.cmsgLen(Native.IN6_PKTINFO_SIZE));
            meta.putInt(c + 8, Native.IPPROTO_IPV6);
            meta.putInt(c + 12, Native.IPV6_PKTINFO);
            codec.writeAddress(meta, c + 16, source);     // ipi6_addr: the source to use
            // ipi6_ifindex: a link-local source only exists on its own link, so name that interface.
            int scope = ((Inet6Address) source).getScopeId();
            meta.putInt(c + 32, Math.max(0, scope));
            meta.putInt(c + 36, 0);                       // padding up to CMSG_SPACE
            meta.putLong(h + Native.MSGHDR_CONTROLLEN, Native.cmsgSpace(Native.IN6_PKTINFO_SIZE));
        }
    }

    /** The buffer of slot {@code i} (the same object {@link #append} returned). */
    public ByteBuffer packet(int i) {
        checkIndex(i);
        return slots[i];
    }

    public InetAddress source(int i) {
        checkIndex(i);
        return sources[i];
    }

    public InetAddress destination(int i) {
        checkIndex(i);
        return destinations[i];
    }

    /** {@link #SENT}, {@link #PENDING}, or the errno number the kernel refused the packet with. */
    public int status(int i) {
        checkIndex(i);
        return status[i];
    }

    /** The error slot {@code i} failed with, or null if it was sent or is pending. */
    public Errno error(int i) {
        int s = status(i);
        return s > 0 ? Errno.fromNumber(s) : null;
    }

    public boolean isSent(int i) {
        return status(i) == SENT;
    }

    /** Index of the first slot not yet tried; equals {@link #size()} once every slot has an outcome. */
    public int firstPending() {
        return nextPending;
    }

    public int pendingCount() {
        return size - nextPending;
    }

    public int sentCount() {
        int n = 0;
        for (int i = 0; i < nextPending; i++) {
            if (status[i] == SENT) {
                n++;
            }
        }
        return n;
    }

    public int failedCount() {
        return nextPending - sentCount();
    }

    /**
     * Why the last send stopped before the end, leaving slots {@link #PENDING}; null if nothing stopped it.
     * <ul>
     * <li>ENOBUFS: the socket's send buffer is full. This is how raw sockets say it: they append data
     * with no transport header, and ip_append_data/ip6_append_data then charge the packet against
     * 2 x SO_SNDBUF and fail with ENOBUFS rather than EAGAIN. Wait for {@link Poller#WRITABLE} (POLLOUT
     * returns once the charge falls under half the buffer) and send again. A packet dropped later by a
     * full device queue is not reported this way (for IPv4 raw sockets the kernel hides that ENOBUFS
     * unless IP_RECVERR is set): it counts as sent and is simply lost, which SCTP recovers from.</li>
     * <li>EAGAIN: the same for socket types that say it the usual way; handle it identically.</li>
     * <li>ENOMEM: the kernel is short of memory; retry later or count the packets as lost (SCTP
     * retransmits).</li>
     * </ul>
     */
    public Errno blockedBy() {
        return blockedBy;
    }

    /** Empties the batch for reuse; the memory stays allocated. */
    public void clear() {
        for (int i = 0; i < size; i++) {
            sources[i] = null;
            destinations[i] = null;
            status[i] = PENDING;
        }
        size = 0;
        nextPending = 0;
        blockedBy = null;
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("slot " + i + " of a batch holding " + size);
        }
    }

    // --- used by RawSctpSocket ---

    /**
     * Writes the lengths of the pending slots into their iovecs and returns the end of the run of
     * non-empty slots that starts at {@link #nextPending}, capped to {@link #MAX_VLEN} messages.
     */
    int prepareRun() {
        int start = nextPending;
        int end = start;
        int limit = Math.min(size, start + MAX_VLEN);
        while (end < limit) {
            int len = slots[end].position();
            if (len == 0) {
                break;
            }
            meta.putLong(iovecBase + end * Native.IOVEC_SIZE + 8, len);
            end++;
        }
        return end;
    }

    Pointer mmsghdr(int i) {
        return mmsghdrPointers[i];
    }

    void markSent(int count) {
        for (int k = 0; k < count; k++) {
            status[nextPending++] = SENT;
        }
    }

    void markFailed(int errno) {
        status[nextPending++] = errno;
    }

    void setBlockedBy(Errno errno) {
        blockedBy = errno;
    }
}
