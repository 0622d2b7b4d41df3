package io.jsctp.sim;

import io.jsctp.engine.IcmpMessage;
import io.jsctp.engine.OutboundPacket;
import io.jsctp.engine.RandomSource;
import io.jsctp.engine.SourceAddressSelector;
import io.jsctp.engine.TraceEvent;
import io.jsctp.wire.CommonHeader;
import io.jsctp.wire.PacketEncoder;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;

/**
 * A deterministic network of simulated hosts on a virtual clock. Time jumps straight to the next
 * packet delivery or timer, so a test of eight INIT retransmissions with a 60-second RTO.Max runs in
 * milliseconds; and every random choice (the engines' tags and TSNs, the links' losses) flows from
 * one seed, so the same seed gives the same packets.
 */
public final class Simulator {
    /** Sees every packet a host sends or receives, as bytes, for captures and logs. */
    public interface PacketObserver {
        void packet(long time, SimHost host, boolean outbound, InetAddress source, InetAddress destination, byte[] sctp);
    }

    /** Sees every trace event of every host. */
    public interface TraceObserver {
        void trace(SimHost host, TraceEvent event);
    }

    private record Task(long time, long seq, Runnable action) implements Comparable<Task> {
        @Override
        public int compareTo(Task o) {
            int c = Long.compare(time, o.time);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final long seed;
    private final VirtualClock clock = new VirtualClock();
    private final RandomSource random;
    private final PriorityQueue<Task> tasks = new PriorityQueue<>();
    private final List<SimHost> hosts = new ArrayList<>();
    private final List<SimLink> links = new ArrayList<>();
    private final List<PacketObserver> packetObservers = new ArrayList<>();
    private final List<TraceObserver> traceObservers = new ArrayList<>();
    private LinkConditions defaults = new LinkConditions();
    private long seq;
    private long packetsSent;
    private long packetsDropped;

    public Simulator(long seed) {
        this.seed = seed;
        this.random = RandomSource.seeded(seed);
    }

    public long seed() {
        return seed;
    }

    public VirtualClock clock() {
        return clock;
    }

    /** Virtual time now, in nanoseconds. */
    public long now() {
        return clock.nanos();
    }

    /** Conditions given to links created from now on. */
    public Simulator defaultConditions(LinkConditions c) {
        defaults = c.copy();
        return this;
    }

    /** Adds a host with the given addresses (textual IPv4 or IPv6 literals). */
    public SimHost addHost(String name, String... addresses) {
        List<InetAddress> list = new ArrayList<>();
        for (String a : addresses) {
            list.add(address(a));
        }
        // Each host draws from its own stream, derived from the seed and the host's position.
        SimHost h = new SimHost(this, name, list, RandomSource.seeded(seed * 31 + hosts.size() + 1));
        hosts.add(h);
        return h;
    }

    public List<SimHost> hosts() {
        return hosts;
    }

    /** Joins two addresses with a link under the default conditions. */
    public SimLink link(String a, String b) {
        return link(address(a), address(b));
    }

    public SimLink link(InetAddress a, InetAddress b) {
        if (ownerOf(a) == null || ownerOf(b) == null) {
            throw new IllegalArgumentException("both ends of a link must be addresses of hosts: " + a + ", " + b);
        }
        SimLink l = new SimLink(links.size(), a, b, defaults);
        links.add(l);
        return l;
    }

    public List<SimLink> links() {
        return links;
    }

    public SimLink linkBetween(InetAddress a, InetAddress b) {
        for (SimLink l : links) {
            if (l.connects(a, b)) {
                return l;
            }
        }
        return null;
    }

    public void addPacketObserver(PacketObserver o) {
        packetObservers.add(o);
    }

    public void addTraceObserver(TraceObserver o) {
        traceObservers.add(o);
    }

    boolean tracing() {
        return !traceObservers.isEmpty();
    }

    void trace(SimHost h, TraceEvent e) {
        for (TraceObserver o : traceObservers) {
            o.trace(h, e);
        }
    }

    /** Packets sent by all hosts. */
    public long packetsSent() {
        return packetsSent;
    }

    /** Packets the network dropped (loss, cuts, MTU, full queues, no route). */
    public long packetsDropped() {
        return packetsDropped;
    }

    // ---- scheduling ----

    /** Runs {@code r} at virtual time {@code time} (not before now). */
    public void at(long time, Runnable r) {
        tasks.add(new Task(Math.max(time, clock.nanos()), seq++, r));
    }

    /** Runs {@code r} {@code delay} nanoseconds from now. */
    public void after(long delay, Runnable r) {
        at(clock.nanos() + delay, r);
    }

    /**
     * Runs until {@code done} holds or virtual time reaches {@code until}.
     *
     * @return true when {@code done} held
     */
    public boolean runUntil(BooleanSupplier done, long until) {
        while (!done.getAsBoolean()) {
            if (!step(until)) {
                clock.advanceTo(Math.max(clock.nanos(), until));
                return done.getAsBoolean();
            }
        }
        return true;
    }

    /** Runs for {@code duration} nanoseconds of virtual time. */
    public void runFor(long duration) {
        long until = clock.nanos() + duration;
        while (step(until)) {
            // keep going
        }
        clock.advanceTo(Math.max(clock.nanos(), until));
    }

    /** Does the next thing due no later than {@code limit}; false when nothing is. */
    private boolean step(long limit) {
        Task t = tasks.peek();
        long tTask = t == null ? Long.MAX_VALUE : t.time;
        long tTimer = Long.MAX_VALUE;
        SimHost timerHost = null;
        for (SimHost h : hosts) {
            long d = h.host().nextDeadline();
            if (d < tTimer) {
                tTimer = d;
                timerHost = h;
            }
        }
        long next = Math.min(tTask, tTimer);
        if (next > limit || next == Long.MAX_VALUE) {
            return false;
        }
        clock.advanceTo(Math.max(next, clock.nanos()));
        if (tTask <= tTimer) {
            tasks.poll().action.run();
        } else {
            timerHost.host().runTimers();
        }
        return true;
    }

    // ---- the network ----

    SourceAddressSelector sourceSelector() {
        // The local address with a link to the destination, as routing would choose on a real host.
        return (destination, candidates) -> {
            for (InetAddress c : candidates) {
                if (linkBetween(c, destination) != null) {
                    return c;
                }
            }
            return SourceAddressSelector.SAME_FAMILY.select(destination, candidates);
        };
    }

    int mtuFor(InetAddress destination, InetAddress source) {
        SimLink l = source == null ? null : linkBetween(source, destination);
        return l == null ? 0 : l.from(source).conditions.mtu;
    }

    SimHost ownerOf(InetAddress a) {
        for (SimHost h : hosts) {
            if (h.addresses().contains(a)) {
                return h;
            }
        }
        return null;
    }

    void send(SimHost from, OutboundPacket op) {
        byte[] bytes = PacketEncoder.encode(op.packet());
        InetAddress dst = op.destination();
        InetAddress src = op.source() != null ? op.source() : sourceSelector().select(dst, from.addresses());
        packetsSent++;
        long now = clock.nanos();
        for (PacketObserver o : packetObservers) {
            o.packet(now, from, true, src, dst, bytes);
        }
        SimLink link = src == null ? null : linkBetween(src, dst);
        if (link == null) {
            packetsDropped++; // no route
            return;
        }
        SimLink.Direction dir = link.from(src);
        LinkConditions c = dir.conditions;
        int ipLength = bytes.length + (dst instanceof Inet6Address ? 40 : 20);
        if (dir.cut) {
            drop(dir);
            return;
        }
        if (ipLength > c.mtu) {
            drop(dir);
            // The sending side learns of it as a real router would tell it (ICMP packet too big).
            after(c.delayNanos, () -> from.host().receiveIcmp(icmp(IcmpMessage.Kind.PACKET_TOO_BIG, dst, src, dst,
                    bytes, c.mtu)));
            return;
        }
        if (c.loss > 0 && random.nextDouble() < c.loss) {
            drop(dir);
            return;
        }
        long departure = Math.max(now, dir.busyUntil);
        if (c.bitsPerSecond > 0) {
            long waitingBytes = (departure - now) * c.bitsPerSecond / 8 / 1_000_000_000L;
            if (waitingBytes + ipLength > c.queueBytes) {
                drop(dir); // drop-tail: the queue in front of the link is full
                return;
            }
            departure += ipLength * 8L * 1_000_000_000L / c.bitsPerSecond;
            dir.busyUntil = departure;
        }
        long arrival = departure + c.delayNanos;
        if (c.jitterNanos > 0) {
            arrival += (long) ((random.nextDouble() * 2 - 1) * c.jitterNanos);
            arrival = Math.max(arrival, departure);
        }
        if (c.reorder > 0 && random.nextDouble() < c.reorder) {
            // Held back by up to another delay (at least 1 ms), so later packets overtake it.
            arrival += Math.max(c.delayNanos, 1_000_000L) * (1 + random.nextInt(2));
        } else {
            arrival = Math.max(arrival, dir.lastArrival); // otherwise the link keeps its order
            dir.lastArrival = arrival;
        }
        dir.packets++;
        dir.bytes += ipLength;
        at(arrival, () -> arrive(src, dst, bytes));
        if (c.duplicate > 0 && random.nextDouble() < c.duplicate) {
            at(arrival + 1 + random.nextInt(1_000_000), () -> arrive(src, dst, bytes));
        }
    }

    private void drop(SimLink.Direction dir) {
        dir.dropped++;
        packetsDropped++;
    }

    private void arrive(InetAddress src, InetAddress dst, byte[] bytes) {
        SimHost to = ownerOf(dst);
        if (to == null) {
            return;
        }
        long now = clock.nanos();
        for (PacketObserver o : packetObservers) {
            o.packet(now, to, false, src, dst, bytes);
        }
        if (!to.sctpEnabled()) {
            // A host without SCTP answers with ICMP protocol unreachable.
            SimHost from = ownerOf(src);
            SimLink l = linkBetween(dst, src);
            if (from != null && l != null && !l.from(dst).cut) {
                after(l.from(dst).conditions.delayNanos, () -> from.host().receiveIcmp(
                        icmp(IcmpMessage.Kind.PROTOCOL_UNREACHABLE, dst, src, dst, bytes, 0)));
            }
            return;
        }
        to.host().receive(src, dst, ByteBuffer.wrap(bytes), 0, bytes.length);
    }

    private static IcmpMessage icmp(IcmpMessage.Kind kind, InetAddress reporter, InetAddress origSrc, InetAddress origDst,
                                    byte[] sctp, int mtu) {
        ByteBuffer b = ByteBuffer.wrap(sctp);
        int firstType = CommonHeader.firstChunkType(b, 0, sctp.length);
        int initiateTag = firstType == 1 && sctp.length >= 20 ? b.getInt(16) : 0;
        return new IcmpMessage(kind, reporter, origSrc, origDst, CommonHeader.sourcePort(b, 0),
                CommonHeader.destinationPort(b, 0), CommonHeader.verificationTag(b, 0), firstType, initiateTag, mtu);
    }

    private static final java.util.regex.Pattern IPV4 = java.util.regex.Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final java.util.regex.Pattern IPV6 = java.util.regex.Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    /** An address from a literal; anything that is not a literal is refused rather than looked up. */
    public static InetAddress address(String literal) {
        if (literal == null || !(IPV4.matcher(literal).matches() || IPV6.matcher(literal).matches())) {
            throw new IllegalArgumentException("not an IP address literal: " + literal);
        }
        try {
            return InetAddress.getByName(literal); // a literal: no lookup takes place
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address literal: " + literal, e);
        }
    }
}
