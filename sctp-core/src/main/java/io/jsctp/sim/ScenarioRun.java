package io.jsctp.sim;

import io.jsctp.engine.Association;
import io.jsctp.engine.AssociationEvent;
import io.jsctp.engine.AssociationState;
import io.jsctp.engine.Endpoint;
import io.jsctp.engine.EngineException;
import io.jsctp.engine.OutgoingMessage;
import io.jsctp.engine.PathStatus;
import io.jsctp.engine.ProtocolParameters;
import io.jsctp.wire.Bytes;
import java.net.InetAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Carries out a {@link Scenario} in a {@link Simulator} and reports what happened. The sender's
 * messages have contents derived from their index, and both sides keep a digest per stream (in
 * order for ordered messages, order-independent for unordered ones), so that every byte lost,
 * duplicated, corrupted or misordered shows as a mismatch.
 */
public final class ScenarioRun {
    public static final int SERVER_PORT = 5000;
    public static final int CLIENT_PORT = 40000;

    private final Scenario sc;
    private final Simulator sim;
    private final SimHost a;
    private final SimHost b;
    private final List<InetAddress> connectTo = new ArrayList<>();
    private Association client;
    private Association server;

    // Sender progress.
    private long messagesQueued;
    private long bytesQueued;
    private long totalMessages;
    private boolean shutdownCalled;
    private final Digests sent;
    // Receiver progress.
    private final Digests received;
    private long bytesDelivered;
    private long messagesDelivered;
    private final Map<Integer, java.io.ByteArrayOutputStream> partial = new HashMap<>();
    // Failover measurement.
    private long cutAt = -1;
    private long[] ackedAtCut;
    private long failoverNanos = -1;
    private String startFailure;
    private String lossReason;

    public ScenarioRun(Scenario sc) {
        this.sc = sc;
        this.sim = new Simulator(sc.seed);
        LinkConditions c = new LinkConditions().delayMillis(sc.delayMillis).jitterMillis(sc.jitterMillis)
                .bandwidthMbit(sc.bandwidthMbit).loss(sc.loss).duplicate(sc.duplicate).reorder(sc.reorder).mtu(sc.mtu);
        sim.defaultConditions(c);
        String[] aAddrs = new String[sc.paths];
        String[] bAddrs = new String[sc.paths + sc.connectDead];
        for (int i = 0; i < sc.paths; i++) {
            aAddrs[i] = addr(i, 1);
            bAddrs[sc.connectDead + i] = addr(i, 2);
        }
        for (int k = 0; k < sc.connectDead; k++) {
            bAddrs[k] = addr(100 + k, 2); // host B's, but no link leads there
        }
        this.a = sim.addHost("host-a", aAddrs);
        this.b = sim.addHost("host-b", bAddrs);
        for (int i = 0; i < sc.paths; i++) {
            sim.link(addr(i, 1), addr(i, 2));
        }
        for (String s : bAddrs) {
            connectTo.add(Simulator.address(s));
        }
        this.sent = new Digests(sc.streams);
        this.received = new Digests(sc.streams);
        this.totalMessages = sc.bytes == 0 ? 0 : (sc.bytes + sc.messageSize - 1) / sc.messageSize;
    }

    private String addr(int path, int host) {
        return sc.ipv6 ? "fd00:" + Integer.toHexString(path) + "::" + host : "10." + (path / 256) + "." + (path % 256) + "." + host;
    }

    public Simulator simulator() {
        return sim;
    }

    public SimHost hostA() {
        return a;
    }

    public SimHost hostB() {
        return b;
    }

    public Association client() {
        return client;
    }

    public Association server() {
        return server;
    }

    private ProtocolParameters params() {
        ProtocolParameters p = new ProtocolParameters();
        if (sc.rtoMinMillis > 0 || sc.rtoInitialMillis > 0) {
            long min = sc.rtoMinMillis > 0 ? sc.rtoMinMillis : p.rtoMinNanos() / 1_000_000;
            long init = sc.rtoInitialMillis > 0 ? sc.rtoInitialMillis : Math.max(min, p.rtoInitialNanos() / 1_000_000);
            p.rto(Duration.ofMillis(init), Duration.ofMillis(min), Duration.ofNanos(p.rtoMaxNanos()));
        }
        if (sc.pfMaxRetrans >= 0) {
            p.potentiallyFailedMaxRetrans(sc.pfMaxRetrans);
        } else {
            p.potentiallyFailedMaxRetrans(p.pathMaxRetrans() + 1); // plain RFC 9260 unless asked
        }
        if (sc.heartbeatIntervalMillis > 0) {
            p.heartbeatInterval(Duration.ofMillis(sc.heartbeatIntervalMillis));
        }
        if (sc.receiveBuffer > 0) {
            p.receiveBuffer(sc.receiveBuffer);
        }
        if (sc.sendBuffer > 0) {
            p.sendBuffer(sc.sendBuffer);
        }
        p.noDelay(sc.noDelay);
        p.outboundStreams(sc.streams).maxInboundStreams(Math.max(sc.streams, 1));
        p.maxMessageSize(Math.max(sc.messageSize, p.maxMessageSize()));
        return p;
    }

    /** Runs the scenario to its end (or the time limit) and reports. */
    public ScenarioResult run() {
        long wallStart = System.nanoTime(); // the wall clock measures the simulator, not the engine
        Endpoint server = b.listen(SERVER_PORT, params());
        Endpoint clientEndpoint = a.endpoint(CLIENT_PORT, params());
        b.onEvent(this::onServerEvent);
        a.onEvent(this::onClientEvent);
        for (Scenario.PathEvent e : sc.cuts) {
            sim.at(e.atNanos(), () -> cutPath(e.path()));
        }
        for (Scenario.PathEvent e : sc.restores) {
            sim.at(e.atNanos(), () -> link(e.path()).restore());
        }
        sim.addPacketObserver((time, host, outbound, src, dst, bytes) -> {
            if (!outbound && host == a && cutAt >= 0 && failoverNanos < 0) {
                checkFailover(time);
            }
        });
        try {
            client = clientEndpoint.connect(connectTo, SERVER_PORT);
        } catch (EngineException e) {
            throw new IllegalStateException("connect refused by the engine: " + e.getMessage(), e);
        }
        sim.runUntil(this::finished, sc.timeLimitNanos);
        long wall = System.nanoTime() - wallStart;
        return result(wall, server);
    }

    private SimLink link(int path) {
        if (path < 0 || path >= sc.paths) {
            throw new IllegalArgumentException("no path " + path + " (paths 0 to " + (sc.paths - 1) + ")");
        }
        return sim.links().get(path);
    }

    private void cutPath(int path) {
        link(path).cut();
        if (cutAt < 0 && client != null && client.state() != AssociationState.CLOSED) {
            cutAt = sim.now();
            ackedAtCut = ackedPerPath();
        }
    }

    private long[] ackedPerPath() {
        long[] out = new long[sc.paths];
        for (PathStatus s : client.pathStatus()) {
            int i = pathIndex(s.address());
            if (i >= 0) {
                out[i] = s.bytesAcked();
            }
        }
        return out;
    }

    private int pathIndex(InetAddress peer) {
        int i = connectTo.indexOf(peer) - sc.connectDead;
        return i >= 0 && i < sc.paths ? i : -1;
    }

    private void checkFailover(long time) {
        long[] now = ackedPerPath();
        for (Scenario.PathEvent cut : sc.cuts) {
            for (int i = 0; i < now.length; i++) {
                if (i != cut.path() && now[i] > ackedAtCut[i]) {
                    failoverNanos = time - cutAt;
                    return;
                }
            }
            return; // only the first cut is measured
        }
    }

    private boolean finished() {
        boolean clientDone = client != null && client.state() == AssociationState.CLOSED;
        boolean serverDone = server == null ? startFailure != null : server.state() == AssociationState.CLOSED;
        return clientDone && serverDone;
    }

    private void onClientEvent(Association assoc, AssociationEvent e) {
        if (assoc != client) {
            return;
        }
        if (e instanceof AssociationEvent.CommunicationUp || e instanceof AssociationEvent.SendSpaceAvailable) {
            pump();
        } else if (e instanceof AssociationEvent.CannotStart cs) {
            startFailure = cs.reason().name();
        } else if (e instanceof AssociationEvent.CommunicationLost cl) {
            lossReason = cl.reason().name();
        }
    }

    private void onServerEvent(Association assoc, AssociationEvent e) {
        if (server == null && e instanceof AssociationEvent.CommunicationUp) {
            server = assoc;
        }
        if (e instanceof AssociationEvent.DataArrival d) {
            var m = d.message();
            bytesDelivered += m.length();
            if (m.complete()) {
                messagesDelivered++;
            }
            if (m.unordered()) {
                java.io.ByteArrayOutputStream buf = partial.computeIfAbsent(m.streamId(), k -> new java.io.ByteArrayOutputStream());
                buf.writeBytes(m.payload().toArray());
                if (m.complete()) {
                    received.addUnordered(m.streamId(), buf.toByteArray());
                    partial.remove(m.streamId());
                }
            } else {
                received.addOrdered(m.streamId(), m.payload());
            }
        }
    }

    /** Queues messages while the send buffer takes them; then shuts down. */
    private void pump() {
        if (client.state() == AssociationState.CLOSED) {
            return;
        }
        try {
            while (messagesQueued < totalMessages) {
                long i = messagesQueued;
                int len = (int) Math.min(sc.messageSize, sc.bytes - bytesQueued);
                int stream = (int) (i % sc.streams);
                boolean unordered = sc.unorderedFraction > 0 && (mix(i) & 0xffff) < sc.unorderedFraction * 65536;
                byte[] payload = content(i, len);
                OutgoingMessage m = OutgoingMessage.of(stream, 51, Bytes.wrap(payload)).withUnordered(unordered);
                if (!client.send(m)) {
                    return; // the buffer is full; SendSpaceAvailable brings us back
                }
                if (unordered) {
                    sent.addUnordered(stream, payload);
                } else {
                    sent.addOrdered(stream, Bytes.wrap(payload));
                }
                messagesQueued++;
                bytesQueued += len;
            }
            if (!shutdownCalled) {
                shutdownCalled = true;
                client.shutdown();
            }
        } catch (EngineException e) {
            throw new IllegalStateException("send refused: " + e.getMessage(), e);
        }
    }

    static long mix(long x) {
        x ^= x >>> 33;
        x *= 0xff51afd7ed558ccdL;
        x ^= x >>> 33;
        return x;
    }

    /** Message {@code i}'s contents: cheap, and different for every message and position. */
    static byte[] content(long i, int len) {
        byte[] p = new byte[len];
        long x = mix(i + 1);
        for (int j = 0; j < len; j++) {
            if ((j & 7) == 0) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
            p[j] = (byte) (x >>> ((j & 7) * 8));
        }
        return p;
    }

    private ScenarioResult result(long wallNanos, Endpoint serverEndpoint) {
        boolean established = client != null && startFailure == null;
        boolean cleanClose = lossReason == null && startFailure == null
                && a.first(AssociationEvent.ShutdownComplete.class) != null
                && b.first(AssociationEvent.ShutdownComplete.class) != null;
        long[] perPath = new long[sc.paths];
        for (int i = 0; i < sc.paths; i++) {
            perPath[i] = sim.links().get(i).forward().bytes();
        }
        long t3 = 0;
        long fast = 0;
        if (client != null) {
            t3 = client.counters().timeoutRetransmissions();
            fast = client.counters().fastRetransmissions();
        }
        return new ScenarioResult(sc.bytes, bytesDelivered, totalMessages, messagesDelivered,
                sent.matches(received), established, startFailure, lossReason, cleanClose, sim.now(), wallNanos, t3,
                fast, failoverNanos, perPath, sim.packetsSent(), sim.packetsDropped());
    }

    /** Per-stream digests: sequential for ordered messages, a sum of hashes for unordered ones. */
    static final class Digests {
        private final MessageDigest[] ordered;
        private final long[] unorderedSum;
        private final long[] unorderedCount;

        Digests(int streams) {
            ordered = new MessageDigest[streams];
            unorderedSum = new long[streams];
            unorderedCount = new long[streams];
        }

        void addOrdered(int stream, Bytes b) {
            MessageDigest d = ordered[stream];
            if (d == null) {
                try {
                    d = MessageDigest.getInstance("SHA-256");
                } catch (NoSuchAlgorithmException e) {
                    throw new IllegalStateException("SHA-256 is part of every JDK", e);
                }
                ordered[stream] = d;
            }
            d.update(b.asReadOnlyBuffer());
        }

        void addUnordered(int stream, byte[] p) {
            long h = 1469598103934665603L;
            for (byte x : p) {
                h = (h ^ (x & 0xff)) * 1099511628211L;
            }
            unorderedSum[stream] += mix(h ^ p.length);
            unorderedCount[stream]++;
        }

        boolean matches(Digests o) {
            for (int s = 0; s < ordered.length; s++) {
                byte[] x = ordered[s] == null ? null : clone(ordered[s]).digest();
                byte[] y = o.ordered[s] == null ? null : clone(o.ordered[s]).digest();
                if (!java.util.Arrays.equals(x, y) || unorderedSum[s] != o.unorderedSum[s]
                        || unorderedCount[s] != o.unorderedCount[s]) {
                    return false;
                }
            }
            return true;
        }

        private static MessageDigest clone(MessageDigest d) {
            try {
                return (MessageDigest) d.clone();
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException("SHA-256 digests can be cloned", e);
            }
        }
    }
}
