package io.jsctp.sim;

import io.jsctp.engine.Association;
import io.jsctp.engine.AssociationEvent;
import io.jsctp.engine.Endpoint;
import io.jsctp.engine.EngineException;
import io.jsctp.engine.EngineOutput;
import io.jsctp.engine.Host;
import io.jsctp.engine.OutboundPacket;
import io.jsctp.engine.ProtocolParameters;
import io.jsctp.engine.RandomSource;
import io.jsctp.engine.TraceEvent;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A simulated host: a jsctp {@link Host} with its addresses, attached to the simulator's links. It
 * records every event its associations deliver, and plays the application: by default it reads
 * delivered data at once (so the receive window reopens), which a test can pause to model a
 * receiver that stops reading.
 *
 * <p>Listeners and reads run as simulator tasks after the engine call that produced the event, never
 * inside it: the engine is not re-entered.
 */
public final class SimHost implements EngineOutput {
    /** An event with the time it was delivered. */
    public record Recorded(long time, Association association, AssociationEvent event) {}

    private final Simulator sim;
    private final String name;
    private final List<InetAddress> addresses;
    private final Host host;
    private final List<Recorded> events = new ArrayList<>();
    private final List<BiConsumer<Association, AssociationEvent>> listeners = new ArrayList<>();
    private final Map<Association, Long> unread = new HashMap<>();
    private boolean sctpEnabled = true;
    private boolean reading = true;
    private boolean readScheduled;

    SimHost(Simulator sim, String name, List<InetAddress> addresses, RandomSource random) {
        this.sim = sim;
        this.name = name;
        this.addresses = List.copyOf(addresses);
        this.host = new Host(name, sim.clock(), random, this);
    }

    public String name() {
        return name;
    }

    public List<InetAddress> addresses() {
        return addresses;
    }

    public InetAddress address(int i) {
        return addresses.get(i);
    }

    /** The engine of this host. */
    public Host host() {
        return host;
    }

    /** A host without SCTP answers every SCTP packet with ICMP protocol unreachable, as Linux does. */
    public SimHost sctpEnabled(boolean on) {
        sctpEnabled = on;
        return this;
    }

    public boolean sctpEnabled() {
        return sctpEnabled;
    }

    /** Opens an endpoint on all of this host's addresses. */
    public Endpoint endpoint(int port, ProtocolParameters params) {
        try {
            boolean v6 = false;
            for (InetAddress a : addresses) {
                v6 |= a instanceof Inet6Address;
            }
            Endpoint e = host.bind(port, addresses, v6, params, this, sim.sourceSelector());
            e.setPathMtuProvider(sim::mtuFor);
            return e;
        } catch (EngineException ex) {
            throw new IllegalStateException(ex.getMessage(), ex);
        }
    }

    /** Opens an endpoint that accepts associations. */
    public Endpoint listen(int port, ProtocolParameters params) {
        Endpoint e = endpoint(port, params);
        e.listen(true);
        return e;
    }

    /** Every event delivered so far, in order. */
    public List<Recorded> events() {
        return events;
    }

    /** The events of one association, in order. */
    public List<AssociationEvent> events(Association a) {
        List<AssociationEvent> out = new ArrayList<>();
        for (Recorded r : events) {
            if (r.association() == a) {
                out.add(r.event());
            }
        }
        return out;
    }

    /** The first event of the given kind, or null. */
    public <E extends AssociationEvent> E first(Class<E> kind) {
        for (Recorded r : events) {
            if (kind.isInstance(r.event())) {
                return kind.cast(r.event());
            }
        }
        return null;
    }

    /** Calls {@code l} for each event, as a simulator task after the engine call that made it. */
    public void onEvent(BiConsumer<Association, AssociationEvent> l) {
        listeners.add(l);
    }

    /** Stops or resumes reading delivered data (a stopped reader lets the receive window close). */
    public void setReading(boolean on) {
        reading = on;
        if (on) {
            scheduleRead();
        }
    }

    // ---- EngineOutput ----

    @Override
    public void transmit(OutboundPacket packet) {
        sim.send(this, packet);
    }

    @Override
    public void deliver(Association association, AssociationEvent event) {
        events.add(new Recorded(sim.clock().nanos(), association, event));
        if (event instanceof AssociationEvent.DataArrival d) {
            unread.merge(association, (long) d.message().length(), Long::sum);
            scheduleRead();
        }
        if (!listeners.isEmpty()) {
            sim.after(0, () -> {
                for (BiConsumer<Association, AssociationEvent> l : listeners) {
                    l.accept(association, event);
                }
            });
        }
    }

    @Override
    public boolean tracing() {
        return sim.tracing();
    }

    @Override
    public void trace(TraceEvent event) {
        sim.trace(this, event);
    }

    private void scheduleRead() {
        if (reading && !readScheduled && !unread.isEmpty()) {
            readScheduled = true;
            sim.after(0, this::readAll);
        }
    }

    private void readAll() {
        readScheduled = false;
        if (!reading) {
            return;
        }
        Map<Association, Long> now = new HashMap<>(unread);
        unread.clear();
        for (Map.Entry<Association, Long> e : now.entrySet()) {
            Association a = e.getKey();
            if (a.unreadBytes() >= e.getValue()) {
                a.consumed(e.getValue());
            }
        }
    }

    @Override
    public String toString() {
        return name + addresses;
    }
}
