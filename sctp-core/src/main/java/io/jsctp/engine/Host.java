package io.jsctp.engine;

import io.jsctp.wire.DecodeOptions;
import io.jsctp.wire.MalformedPacketException;
import io.jsctp.wire.SctpPacket;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Everything SCTP on one host (or one network namespace): the endpoints by port, one timer queue
 * for all of them, association identifiers unique across them, and the answers to packets for
 * ports nobody uses (RFC 9260 §8.4). The kernel does this for kernel SCTP; jsctp does it here, the
 * same way in the simulator and on raw sockets.
 *
 * <p>Not thread safe: one driver thread calls every method.
 */
public final class Host {
    private final String name;
    private final Clock clock;
    private final RandomSource random;
    private final EngineOutput output;
    private final TimerQueue timers = new TimerQueue();
    private final Map<Integer, List<Endpoint>> endpoints = new HashMap<>();
    private final Set<Integer> associationIds = new HashSet<>();
    private final Counters counters = new Counters();
    private int nextAssociationId = FIRST_ASSOCIATION_ID;
    private IntPredicate portUsedElsewhere = port -> false;

    /**
     * RFC 6458 reserves 0 (SCTP_FUTURE_ASSOC), 1 (SCTP_CURRENT_ASSOC) and 2 (SCTP_ALL_ASSOC);
     * identifiers start above them.
     */
    public static final int FIRST_ASSOCIATION_ID = 3;

    /**
     * @param output where packets answering out-of-the-blue traffic go, and host-level trace events
     */
    public Host(String name, Clock clock, RandomSource random, EngineOutput output) {
        this.name = name;
        this.clock = clock;
        this.random = random;
        this.output = output;
    }

    public String name() {
        return name;
    }

    public Clock clock() {
        return clock;
    }

    RandomSource random() {
        return random;
    }

    TimerQueue timers() {
        return timers;
    }

    /** Host-wide counters: packets that reached no endpoint, and drops before demultiplexing. */
    public Counters counters() {
        return counters;
    }

    /**
     * Tells the host which ports another process on the same machine serves, so that packets to
     * them are left alone rather than answered with an ABORT (several jsctp processes can share one
     * host; each only answers for ports no other claims).
     */
    public void setPortUsedElsewhere(IntPredicate p) {
        portUsedElsewhere = p;
    }

    /**
     * Opens an endpoint on a port.
     *
     * @param localAddresses the addresses it uses (at least one); the socket layer resolves a
     *                       wildcard bind into the host's addresses
     * @throws EngineException when an endpoint already uses the port with an overlapping address
     */
    public Endpoint bind(int port, List<InetAddress> localAddresses, boolean ipv6Capable, ProtocolParameters params,
                         EngineOutput endpointOutput, SourceAddressSelector selector) throws EngineException {
        if (port < 1 || port > 65535) {
            throw new EngineException(SctpError.INVALID_ARGUMENT, "port must be between 1 and 65535, not " + port);
        }
        if (localAddresses.isEmpty()) {
            throw new EngineException(SctpError.INVALID_ARGUMENT, "an endpoint needs at least one local address");
        }
        for (Endpoint e : endpoints.getOrDefault(port, List.of())) {
            for (InetAddress a : localAddresses) {
                if (e.localAddresses().contains(a)) {
                    throw new EngineException(SctpError.INVALID_ARGUMENT,
                            "port " + port + " is already bound on " + a.getHostAddress());
                }
            }
        }
        Endpoint e = new Endpoint(this, port, localAddresses, ipv6Capable, params.copy(), endpointOutput, selector);
        endpoints.computeIfAbsent(port, k -> new ArrayList<>(1)).add(e);
        return e;
    }

    /** True when some endpoint of this host uses the port. */
    public boolean portInUse(int port) {
        return endpoints.containsKey(port);
    }

    void unbind(Endpoint e) {
        List<Endpoint> list = endpoints.get(e.port());
        if (list != null) {
            list.remove(e);
            if (list.isEmpty()) {
                endpoints.remove(e.port());
            }
        }
    }

    public Collection<Endpoint> endpoints() {
        List<Endpoint> all = new ArrayList<>();
        for (List<Endpoint> l : endpoints.values()) {
            all.addAll(l);
        }
        return all;
    }

    int newAssociationId() {
        for (int tries = 0; tries < Integer.MAX_VALUE; tries++) {
            int id = nextAssociationId;
            nextAssociationId = nextAssociationId == Integer.MAX_VALUE ? FIRST_ASSOCIATION_ID : nextAssociationId + 1;
            if (associationIds.add(id)) {
                return id;
            }
        }
        throw new IllegalStateException("no association identifier left");
    }

    void releaseAssociationId(int id) {
        associationIds.remove(id);
    }

    /**
     * A packet that arrived from the network: checked (checksum, structure), then handed to the
     * endpoint of its port, or answered as out of the blue.
     */
    public void receive(InetAddress source, InetAddress destination, ByteBuffer packet, int offset, int length) {
        SctpPacket p;
        try {
            p = io.jsctp.wire.PacketDecoder.decode(packet, offset, length, DecodeOptions.RECEIVER);
        } catch (MalformedPacketException e) {
            DiscardReason r = e.problem() == MalformedPacketException.Problem.BAD_CHECKSUM
                    ? DiscardReason.BAD_CHECKSUM : DiscardReason.MALFORMED;
            counters.packetsIn++;
            counters.discard(r);
            if (output.tracing()) {
                output.trace(new TraceEvent.PacketDiscarded(clock.nanos(), source, destination,
                        r.name().toLowerCase() + ": " + e.getMessage()));
            }
            return;
        }
        receive(source, destination, p, length);
    }

    /** A packet already decoded (tests, and callers that decode themselves). */
    public void receive(InetAddress source, InetAddress destination, SctpPacket p) {
        receive(source, destination, p, p.encodedLength());
    }

    private void receive(InetAddress source, InetAddress destination, SctpPacket p, int length) {
        Endpoint e = endpointFor(p.destinationPort(), destination);
        if (e != null) {
            e.receive(source, destination, p, length);
            return;
        }
        counters.packetsIn++;
        counters.bytesIn += length;
        if (OutOfTheBlue.nonUnicast(source, destination)) {
            discard(DiscardReason.NON_UNICAST, source, destination, "non-unicast address (RFC 9260 §8.4 item 1)");
            return;
        }
        if (portUsedElsewhere.test(p.destinationPort())) {
            return; // another process on this host serves the port; it answers
        }
        SctpPacket answer = OutOfTheBlue.answer(p);
        if (answer == null) {
            discard(DiscardReason.OUT_OF_THE_BLUE, source, destination, "out of the blue, answered with silence (RFC 9260 §8.4)");
            return;
        }
        counters.packetsOut++;
        output.transmit(new OutboundPacket(destination, source, answer));
    }

    private Endpoint endpointFor(int port, InetAddress destination) {
        List<Endpoint> list = endpoints.get(port);
        if (list == null) {
            return null;
        }
        for (Endpoint e : list) {
            if (e.localAddresses().contains(destination)) {
                return e;
            }
        }
        return list.size() == 1 ? list.get(0) : null;
    }

    void discard(DiscardReason r, InetAddress source, InetAddress destination, String why) {
        counters.discard(r);
        if (output.tracing()) {
            output.trace(new TraceEvent.PacketDiscarded(clock.nanos(), source, destination, why));
        }
    }

    /** An ICMP error about one of our packets (RFC 9260 Appendix C). */
    public void receiveIcmp(IcmpMessage m) {
        Endpoint e = endpointFor(m.sourcePort(), m.originalSource());
        if (e == null) {
            counters.discard(DiscardReason.UNMATCHED_ICMP);
            return;
        }
        e.receiveIcmp(m);
    }

    /** When the next timer is due (the engine's timer request), or {@link Long#MAX_VALUE}. */
    public long nextDeadline() {
        return timers.nextDeadline();
    }

    /** Fires every timer that is due at the clock's current time. */
    public void runTimers() {
        timers.runExpired(clock.nanos());
    }
}
