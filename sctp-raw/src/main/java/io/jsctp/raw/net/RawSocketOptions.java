package io.jsctp.raw.net;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Settings for {@link RawSctpSocket#open(IpFamily, RawSocketOptions)}; immutable, each {@code with}
 * method returns a changed copy.
 */
public final class RawSocketOptions {
    /** 4 MiB: about 2800 full-size Ethernet packets; the kernel doubles it for bookkeeping (socket(7)). */
    public static final int DEFAULT_BUFFER_BYTES = 4 << 20;
    /** Packets per sendmmsg/recvmmsg call; measured on veth, gains flatten out past a few dozen. */
    public static final int DEFAULT_BATCH_SIZE = 64;
    /** The largest IPv4 datagram and the largest IPv6 payload without jumbograms (RFC 791, RFC 8200). */
    public static final int DEFAULT_SLOT_BYTES = 65535;

    private final int receiveBufferBytes;
    private final int sendBufferBytes;
    private final PathMtuDiscovery pathMtuDiscovery;
    private final int batchSize;
    private final int slotBytes;
    private final boolean allowKernelSctp;
    private final List<Path> kernelSctpMarkers;

    private RawSocketOptions(int receiveBufferBytes, int sendBufferBytes, PathMtuDiscovery pathMtuDiscovery,
                             int batchSize, int slotBytes, boolean allowKernelSctp, List<Path> kernelSctpMarkers) {
        this.receiveBufferBytes = receiveBufferBytes;
        this.sendBufferBytes = sendBufferBytes;
        this.pathMtuDiscovery = pathMtuDiscovery;
        this.batchSize = batchSize;
        this.slotBytes = slotBytes;
        this.allowKernelSctp = allowKernelSctp;
        this.kernelSctpMarkers = kernelSctpMarkers;
    }

    /** The defaults: 4 MiB buffers, PROBE, 64-packet batches of 65535-byte slots, no kernel SCTP allowed. */
    public static RawSocketOptions defaults() {
        return new RawSocketOptions(DEFAULT_BUFFER_BYTES, DEFAULT_BUFFER_BYTES, PathMtuDiscovery.PROBE,
                DEFAULT_BATCH_SIZE, DEFAULT_SLOT_BYTES, false, KernelSctpCheck.DEFAULT_MARKERS);
    }

    /**
     * SO_RCVBUF to ask for. As root the size is forced past net.core.rmem_max with SO_RCVBUFFORCE;
     * otherwise the kernel caps it at rmem_max. {@link RawSctpSocket#receiveBufferBytes()} tells what
     * was granted.
     */
    public RawSocketOptions receiveBufferBytes(int bytes) {
        return new RawSocketOptions(positive(bytes, "receiveBufferBytes"), sendBufferBytes, pathMtuDiscovery,
                batchSize, slotBytes, allowKernelSctp, kernelSctpMarkers);
    }

    /** SO_SNDBUF to ask for, forced with SO_SNDBUFFORCE when allowed. */
    public RawSocketOptions sendBufferBytes(int bytes) {
        return new RawSocketOptions(receiveBufferBytes, positive(bytes, "sendBufferBytes"), pathMtuDiscovery,
                batchSize, slotBytes, allowKernelSctp, kernelSctpMarkers);
    }

    public RawSocketOptions pathMtuDiscovery(PathMtuDiscovery mode) {
        return new RawSocketOptions(receiveBufferBytes, sendBufferBytes, Objects.requireNonNull(mode, "mode"),
                batchSize, slotBytes, allowKernelSctp, kernelSctpMarkers);
    }

    /** Slots of the batches {@link RawSctpSocket#newOutgoingBatch()} and {@code newReceivedBatch()} make. */
    public RawSocketOptions batchSize(int packets) {
        if (packets < 1 || packets > OutgoingBatch.MAX_VLEN) {
            throw new IllegalArgumentException("batchSize must be 1.." + OutgoingBatch.MAX_VLEN + ", not " + packets);
        }
        return new RawSocketOptions(receiveBufferBytes, sendBufferBytes, pathMtuDiscovery,
                packets, slotBytes, allowKernelSctp, kernelSctpMarkers);
    }

    /**
     * Bytes per slot of those batches. A received packet larger than a slot is dropped (and counted), so
     * keep it at least the largest MTU of the namespace's interfaces (loopback's is 65536).
     */
    public RawSocketOptions slotBytes(int bytes) {
        if (bytes < 64 || bytes > 65535) {
            throw new IllegalArgumentException("slotBytes must be 64..65535, not " + bytes);
        }
        return new RawSocketOptions(receiveBufferBytes, sendBufferBytes, pathMtuDiscovery,
                batchSize, bytes, allowKernelSctp, kernelSctpMarkers);
    }

    /** See {@link KernelSctpCheck}: true runs even if the kernel's SCTP is loaded. */
    public RawSocketOptions allowKernelSctp(boolean allow) {
        return new RawSocketOptions(receiveBufferBytes, sendBufferBytes, pathMtuDiscovery,
                batchSize, slotBytes, allow, kernelSctpMarkers);
    }

    /** Other files to look for instead of {@code /proc/net/sctp}; for tests. */
    public RawSocketOptions kernelSctpMarkers(List<Path> markers) {
        return new RawSocketOptions(receiveBufferBytes, sendBufferBytes, pathMtuDiscovery,
                batchSize, slotBytes, allowKernelSctp, List.copyOf(markers));
    }

    public int receiveBufferBytes() {
        return receiveBufferBytes;
    }

    public int sendBufferBytes() {
        return sendBufferBytes;
    }

    public PathMtuDiscovery pathMtuDiscovery() {
        return pathMtuDiscovery;
    }

    public int batchSize() {
        return batchSize;
    }

    public int slotBytes() {
        return slotBytes;
    }

    public boolean allowKernelSctp() {
        return allowKernelSctp;
    }

    public List<Path> kernelSctpMarkers() {
        return kernelSctpMarkers;
    }

    private static int positive(int v, String what) {
        if (v <= 0) {
            throw new IllegalArgumentException(what + " must be positive, not " + v);
        }
        return v;
    }

    @Override
    public String toString() {
        return "RawSocketOptions[rcvbuf=" + receiveBufferBytes + ", sndbuf=" + sendBufferBytes
                + ", pmtud=" + pathMtuDiscovery + ", batch=" + batchSize + "x" + slotBytes
                + ", allowKernelSctp=" + allowKernelSctp + "]";
    }
}
