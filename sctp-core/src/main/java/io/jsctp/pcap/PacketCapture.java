package io.jsctp.pcap;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A pcapng file of the SCTP packets one host sends and receives, with an interface per local
 * address (named by the address) so that a multi-homed association's paths show apart in Wireshark.
 * The raw transport records each packet after its checksum is set (outbound) or before it is
 * checked (inbound); the simulator does the same for each simulated host.
 *
 * <p>Methods are synchronized, so one capture may be fed from several threads. A write that fails
 * stops the capture (the file may end in a partial block) and is reported by {@link #error()}; it
 * never disturbs the packets themselves.
 */
public final class PacketCapture implements AutoCloseable {
    private final PcapngWriter writer;
    private final OutputStream stream;
    private final Map<InetAddress, Integer> interfaces = new HashMap<>();
    private IOException error;

    public PacketCapture(OutputStream stream, String comment) throws IOException {
        this.stream = stream;
        this.writer = new PcapngWriter(stream, comment);
    }

    /** A capture written to {@code file} (created or replaced). */
    public static PacketCapture toFile(Path file, String comment) throws IOException {
        return new PacketCapture(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16), comment);
    }

    /**
     * Records one SCTP packet.
     *
     * @param epochNanos time of the packet in nanoseconds since the epoch
     * @param outbound   true for a packet this host sent
     * @param sctp       the SCTP packet from its common header; its position does not move
     */
    public synchronized void record(long epochNanos, boolean outbound, InetAddress source, InetAddress destination,
                                    ByteBuffer sctp) {
        if (error != null) {
            return;
        }
        InetAddress local = outbound ? source : destination;
        try {
            Integer id = interfaces.get(local);
            if (id == null) {
                id = writer.addInterface(local.getHostAddress(), "jsctp local address " + local.getHostAddress());
                interfaces.put(local, id);
            }
            writer.writeIpPacket(id, Math.max(0, epochNanos), outbound ? Direction.OUTBOUND : Direction.INBOUND,
                    source, destination, 132, sctp, null);
        } catch (IOException e) {
            error = e;
        } catch (IllegalArgumentException e) {
            error = new IOException("packet not capturable: " + e.getMessage(), e);
        }
    }

    /** Packets written so far. */
    public synchronized long packets() {
        return writer.packetCount();
    }

    /** The failure that stopped the capture, or null. */
    public synchronized IOException error() {
        return error;
    }

    public synchronized void flush() throws IOException {
        writer.flush();
        stream.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            writer.close();
        } finally {
            stream.close();
        }
    }
}
