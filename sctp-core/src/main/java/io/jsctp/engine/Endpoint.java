package io.jsctp.engine;

import io.jsctp.wire.AbortChunk;
import io.jsctp.wire.Chunk;
import io.jsctp.wire.CookieEchoChunk;
import io.jsctp.wire.ErrorChunk;
import io.jsctp.wire.InitAckChunk;
import io.jsctp.wire.InitChunk;
import io.jsctp.wire.InvalidMandatoryParameterCause;
import io.jsctp.wire.Ipv4AddressParameter;
import io.jsctp.wire.Ipv6AddressParameter;
import io.jsctp.wire.OutOfResourceCause;
import io.jsctp.wire.Parameter;
import io.jsctp.wire.SctpPacket;
import io.jsctp.wire.StaleCookieCause;
import io.jsctp.wire.StateCookieParameter;
import io.jsctp.wire.SupportedAddressTypesParameter;
import io.jsctp.wire.UnresolvableAddressCause;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An SCTP endpoint (RFC 9260 §1.3): one port, a set of local addresses, and the associations that
 * use them. It finds the association each packet belongs to (§8.5) and handles what belongs to
 * none: a new INIT, which gets an INIT ACK and leaves no state behind; a COOKIE ECHO, which creates
 * the association; and everything else out of the blue (§8.4).
 *
 * <p>Not thread safe: the host's driver thread calls every method.
 */
public final class Endpoint {
    private record PeerKey(InetAddress address, int port) {}

    private final Host host;
    private final int port;
    private final List<InetAddress> localAddresses;
    private final boolean ipv6Capable;
    private final ProtocolParameters params;
    private final EngineOutput output;
    private final SourceAddressSelector selector;
    private final CookieFactory cookies;
    private final Counters counters = new Counters();
    private final Map<PeerKey, Association> byPeer = new HashMap<>();
    private final Map<Integer, Association> byId = new LinkedHashMap<>();
    private PathMtuProvider mtuProvider = (d, s) -> 0;
    private boolean listening;
    private boolean closing;

    Endpoint(Host host, int port, List<InetAddress> localAddresses, boolean ipv6Capable, ProtocolParameters params,
             EngineOutput output, SourceAddressSelector selector) {
        this.host = host;
        this.port = port;
        this.localAddresses = List.copyOf(new LinkedHashSet<>(localAddresses));
        this.ipv6Capable = ipv6Capable;
        this.params = params;
        this.output = output;
        this.selector = selector != null ? selector : SourceAddressSelector.SAME_FAMILY;
        // Cookies live up to Valid.Cookie.Life (plus a preservative of at most as much again):
        // keys rotate at that pace and the previous one is kept.
        this.cookies = new CookieFactory(host.random(), Math.max(2 * params.validCookieLifeNanos(), 60_000_000_000L),
                host.clock().nanos());
        for (InetAddress a : this.localAddresses) {
            if (a instanceof Inet6Address && !ipv6Capable) {
                throw new IllegalArgumentException("an IPv4 endpoint cannot use " + a.getHostAddress());
            }
        }
    }

    public Host host() {
        return host;
    }

    public int port() {
        return port;
    }

    public List<InetAddress> localAddresses() {
        return localAddresses;
    }

    /** True for an IPv6 endpoint, which takes IPv4 and IPv6 peers; false for IPv4 only. */
    public boolean ipv6Capable() {
        return ipv6Capable;
    }

    /** The endpoint's protocol parameters, copied into each association it creates from now on. */
    public ProtocolParameters parameters() {
        return params;
    }

    public Counters counters() {
        return counters;
    }

    EngineOutput output() {
        return output;
    }

    CookieFactory cookies() {
        return cookies;
    }

    public void setPathMtuProvider(PathMtuProvider p) {
        mtuProvider = p;
    }

    /** Accept associations initiated by peers (RFC 6458 listen()). */
    public void listen(boolean on) {
        listening = on;
    }

    public boolean listening() {
        return listening;
    }

    public Association association(int id) {
        return byId.get(id);
    }

    /** The endpoint's associations in order of creation. */
    public List<Association> associations() {
        return List.copyOf(byId.values());
    }

    /** The association with a peer transport address, or null. */
    public Association associationWith(InetAddress peer, int peerPort) {
        return byPeer.get(new PeerKey(peer, peerPort));
    }

    /**
     * Starts an association with a peer reachable at any of {@code peers}, all on {@code peerPort}
     * (RFC 6458 sctp_connectx). The association exists, with its identifier, from this moment; its
     * outcome arrives later as {@link AssociationEvent.CommunicationUp} or
     * {@link AssociationEvent.CannotStart}.
     */
    public Association connect(List<InetAddress> peers, int peerPort) throws EngineException {
        if (closing) {
            throw new EngineException(SctpError.NOT_CONNECTED, "endpoint on port " + port + " is closing");
        }
        if (peers == null || peers.isEmpty()) {
            throw new EngineException(SctpError.INVALID_ARGUMENT, "at least one peer address is needed");
        }
        if (peerPort < 1 || peerPort > 65535) {
            throw new EngineException(SctpError.INVALID_ARGUMENT, "peer port must be between 1 and 65535, not " + peerPort);
        }
        Set<InetAddress> unique = new LinkedHashSet<>();
        for (InetAddress a : peers) {
            if (a == null) {
                throw new EngineException(SctpError.INVALID_ARGUMENT, "peer address is null");
            }
            if (a instanceof Inet6Address && !ipv6Capable) {
                throw new EngineException(SctpError.ADDRESS_FAMILY,
                        "an IPv4 endpoint cannot connect to " + a.getHostAddress());
            }
            if (!PeerInit.usable(a)) {
                throw new EngineException(SctpError.INVALID_ARGUMENT,
                        a.getHostAddress() + " is a wildcard, multicast or broadcast address");
            }
            if (!canReach(a)) {
                throw new EngineException(SctpError.INVALID_ARGUMENT,
                        "no local address of this endpoint can reach " + a.getHostAddress());
            }
            if (byPeer.containsKey(new PeerKey(a, peerPort))) {
                throw new EngineException(SctpError.ALREADY_CONNECTED,
                        "an association with " + a.getHostAddress() + " port " + peerPort + " already exists");
            }
            unique.add(a);
        }
        if (byId.size() >= params.maxAssociationsPerEndpoint()) {
            throw new EngineException(SctpError.NO_RESOURCES, "endpoint has its maximum of "
                    + params.maxAssociationsPerEndpoint() + " associations");
        }
        Association a = new Association(this, host.newAssociationId(), peerPort, params.copy());
        byId.put(a.id(), a);
        a.startConnect(new ArrayList<>(unique));
        return a;
    }

    /**
     * Closes the endpoint: no new associations; it leaves the host once its last association is
     * gone. The socket layer shuts down or aborts the associations first.
     */
    public void close() {
        closing = true;
        listening = false;
        if (byId.isEmpty()) {
            host.unbind(this);
        }
    }

    // ---- demultiplexing (§8.5) ----

    void receive(InetAddress source, InetAddress destination, SctpPacket p, int length) {
        Association a = byPeer.get(new PeerKey(source, p.sourcePort()));
        Chunk first = p.firstChunk();
        if (a == null && first instanceof InitAckChunk) {
            a = findForInitAck(p); // the INIT ACK may come from an address the INIT did not go to
        }
        if (a == null && first instanceof InitChunk init) {
            a = findByAddresses(PeerInit.parse(init, source).addresses, p.sourcePort());
        }
        if (a != null) {
            a.receive(source, destination, p, length);
            return;
        }
        counters.packetsIn++;
        counters.bytesIn += length;
        if (OutOfTheBlue.nonUnicast(source, destination)) {
            discard(DiscardReason.NON_UNICAST, source, destination, "non-unicast address (RFC 9260 §8.4 item 1)");
            return;
        }
        if (first instanceof InitChunk init && listening) {
            onInit(p, init, source, destination);
            return;
        }
        if (first instanceof CookieEchoChunk echo) {
            onCookieEcho(p, echo, source, destination, length);
            return;
        }
        SctpPacket answer = OutOfTheBlue.answer(p);
        if (answer == null) {
            discard(DiscardReason.OUT_OF_THE_BLUE, source, destination, "out of the blue, answered with silence (RFC 9260 §8.4)");
            return;
        }
        transmit(destination, source, answer);
    }

    private Association findForInitAck(SctpPacket p) {
        for (Association a : byId.values()) {
            if (a.state() == AssociationState.COOKIE_WAIT && a.peerPort() == p.sourcePort()
                    && a.localVerificationTag() == p.verificationTag()) {
                return a;
            }
        }
        return null;
    }

    private Association findByAddresses(List<InetAddress> addresses, int peerPort) {
        for (InetAddress x : addresses) {
            Association a = byPeer.get(new PeerKey(x, peerPort));
            if (a != null) {
                return a;
            }
        }
        return null;
    }

    /** §5.1 B: a new INIT gets an INIT ACK with a State Cookie; nothing is kept. */
    private void onInit(SctpPacket p, InitChunk init, InetAddress source, InetAddress destination) {
        if (p.verificationTag() != 0 || init.initiateTag() == 0) {
            // §8.5.1 A: an INIT travels with tag 0; §3.3.2: Initiate Tag 0 is silently discarded.
            discard(DiscardReason.INVALID_INIT, source, destination,
                    p.verificationTag() != 0 ? "INIT with a non-zero verification tag (RFC 9260 §8.5.1 A)"
                            : "INIT with Initiate Tag 0 (RFC 9260 §3.3.2)");
            return;
        }
        if (init.outboundStreams() == 0 || init.inboundStreams() == 0) {
            // §3.3.2: zero streams: discard, and answer with ABORT using the Initiate Tag.
            transmit(destination, source, SctpPacket.of(port, p.sourcePort(), init.initiateTag(),
                    new AbortChunk(false, List.of(new InvalidMandatoryParameterCause()))));
            return;
        }
        PeerInit pi = PeerInit.parse(init, source);
        if (pi.hostName != null) {
            // §3.3.2.1.4: a Host Name Address is answered with ABORT and Unresolvable Address.
            ByteBuffer b = ByteBuffer.allocate(pi.hostName.length());
            b.putShort((short) pi.hostName.type()).putShort((short) pi.hostName.length());
            pi.hostName.encodeValue(b);
            transmit(destination, source, SctpPacket.of(port, p.sourcePort(), init.initiateTag(),
                    new AbortChunk(false, List.of(new UnresolvableAddressCause(io.jsctp.wire.Bytes.wrap(b.array()))))));
            return;
        }
        RandomSource r = host.random();
        int tag;
        do {
            tag = r.nextInt();
        } while (tag == 0);
        sendInitAck(init, p.sourcePort(), pi, source, destination, tag, r.nextInt(), 0, 0, params);
    }

    /** Builds and sends an INIT ACK with a freshly signed State Cookie. */
    void sendInitAck(InitChunk init, int peerPort, PeerInit pi, InetAddress source, InetAddress destination,
                     int localTag, int localInitialTsn, int localTieTag, int peerTieTag, ProtocolParameters p) {
        long now = host.clock().nanos();
        int os = Math.min(p.outboundStreams(), init.inboundStreams());
        int mis = Math.min(p.maxInboundStreams(), init.outboundStreams());
        // §5.1.3: a Cookie Preservative lengthens the life of this cookie, by at most Valid.Cookie.Life.
        long extra = Math.min(pi.cookiePreservativeMillis * 1_000_000L, p.validCookieLifeNanos());
        List<InetAddress> peerAddrs = new ArrayList<>();
        for (InetAddress a : pi.addresses) {
            if (a.equals(source) || canReach(a)) {
                peerAddrs.add(a);
            }
        }
        StateCookie c = new StateCookie(now, p.validCookieLifeNanos() + extra, localTag, localInitialTsn,
                init.initiateTag(), init.initialTsn(), init.advertisedReceiverWindow(), os, mis, port,
                peerPort, localTieTag, peerTieTag, destination, peerAddrs);
        List<Parameter> params = new ArrayList<>(addressParameters(List.of(source)));
        params.add(new StateCookieParameter(cookies.make(c, now)));
        params.addAll(pi.unrecognizedParameters()); // §3.2.1: reported in the INIT ACK
        InitAckChunk ack = new InitAckChunk(localTag, p.receiveBuffer(), p.outboundStreams(), p.maxInboundStreams(),
                localInitialTsn, params);
        transmit(destination, source, SctpPacket.of(port, peerPort, init.initiateTag(), ack));
    }

    /** §5.1 D and §5.1.5: a COOKIE ECHO for no existing association. */
    private void onCookieEcho(SctpPacket p, CookieEchoChunk echo, InetAddress source, InetAddress destination, int length) {
        long now = host.clock().nanos();
        CookieFactory.Verdict v = cookies.verify(echo.cookie(), now);
        if (v instanceof CookieFactory.Invalid inv) {
            discard(DiscardReason.INVALID_COOKIE, source, destination, inv.reason());
            return;
        }
        if (v instanceof CookieFactory.Stale st) {
            // §5.1.5 step 3: tell the peer by how much its cookie missed.
            counters.discard(DiscardReason.STALE_COOKIE);
            transmit(destination, source, SctpPacket.of(port, p.sourcePort(), st.cookie().peerTag(),
                    new ErrorChunk(List.of(new StaleCookieCause(st.stalenessMicros())))));
            return;
        }
        StateCookie c = ((CookieFactory.Valid) v).cookie();
        if (c.peerPort() != p.sourcePort() || c.localPort() != p.destinationPort()
                || c.localTag() != p.verificationTag()) {
            discard(DiscardReason.INVALID_COOKIE, source, destination,
                    "COOKIE ECHO ports or tag differ from the cookie's (RFC 9260 §5.1.5)");
            return;
        }
        Association existing = findByAddresses(c.peerAddresses(), p.sourcePort());
        if (existing != null) {
            existing.receive(source, destination, p, length); // §5.2.4 decides
            return;
        }
        if (!listening && c.localTieTag() == 0) {
            discard(DiscardReason.OUT_OF_THE_BLUE, source, destination, "COOKIE ECHO for an endpoint that does not listen");
            return;
        }
        if (byId.size() >= params.maxAssociationsPerEndpoint()) {
            counters.discard(DiscardReason.TOO_MANY_ASSOCIATIONS);
            transmit(destination, source, SctpPacket.of(port, p.sourcePort(), c.peerTag(),
                    new AbortChunk(false, List.of(new OutOfResourceCause()))));
            return;
        }
        Association a = new Association(this, host.newAssociationId(), p.sourcePort(), params.copy());
        byId.put(a.id(), a);
        a.startFromCookie(c, source, destination);
        // Chunks bundled after the COOKIE ECHO (DATA, typically) belong to the new association.
        a.afterCookie(source, destination, p, length);
    }

    // ---- helpers for associations ----

    /** The INIT of an association starting towards {@code peers}. */
    InitChunk buildInit(int tag, int initialTsn, ProtocolParameters p, List<InetAddress> peers) {
        List<Parameter> params = new ArrayList<>(addressParameters(peers));
        params.add(ipv6Capable ? SupportedAddressTypesParameter.of(Ipv4AddressParameter.TYPE, Ipv6AddressParameter.TYPE)
                : SupportedAddressTypesParameter.of(Ipv4AddressParameter.TYPE));
        return new InitChunk(tag, p.receiveBuffer(), p.outboundStreams(), p.maxInboundStreams(), initialTsn, params);
    }

    /**
     * The local addresses to announce to peers like {@code peers} (§5.1.2): of the families and
     * scopes they can use. A single address is not listed: the packet's source says it.
     */
    private List<Parameter> addressParameters(List<InetAddress> peers) {
        boolean loopbackPeer = false;
        boolean otherPeer = false;
        for (InetAddress a : peers) {
            loopbackPeer |= a.isLoopbackAddress();
            otherPeer |= !a.isLoopbackAddress();
        }
        List<Parameter> out = new ArrayList<>();
        for (InetAddress a : localAddresses) {
            boolean scopeOk = a.isLoopbackAddress() ? loopbackPeer : otherPeer;
            if (scopeOk) {
                out.add(addressParameter(a));
            }
        }
        return out.size() > 1 ? out : List.of();
    }

    static Parameter addressParameter(InetAddress a) {
        return a instanceof Inet4Address v4 ? new Ipv4AddressParameter(v4)
                : new Ipv6AddressParameter((Inet6Address) a);
    }

    /** True when some local address of a matching family and scope can reach {@code a}. */
    boolean canReach(InetAddress a) {
        if (a instanceof Inet6Address && !ipv6Capable) {
            return false;
        }
        if (!PeerInit.usable(a)) {
            return false;
        }
        for (InetAddress l : localAddresses) {
            if (l.isLoopbackAddress() == a.isLoopbackAddress()) {
                return true;
            }
        }
        return false;
    }

    InetAddress selectSource(InetAddress destination) {
        return selector.select(destination, localAddresses);
    }

    int pathMtu(InetAddress destination, InetAddress source, int fallback) {
        int m = mtuProvider.mtu(destination, source);
        return m >= 576 ? Math.min(m, 65535) : fallback;
    }

    void registerPeerAddress(Association a, InetAddress address) {
        byPeer.putIfAbsent(new PeerKey(address, a.peerPort()), a);
    }

    void removed(Association a) {
        byId.remove(a.id());
        byPeer.values().removeIf(x -> x == a);
        host.releaseAssociationId(a.id());
        if (closing && byId.isEmpty()) {
            host.unbind(this);
        }
    }

    void receiveIcmp(IcmpMessage m) {
        Association a = byPeer.get(new PeerKey(m.originalDestination(), m.destinationPort()));
        if (a == null) {
            counters.discard(DiscardReason.UNMATCHED_ICMP);
            return;
        }
        a.onIcmp(m);
    }

    private void transmit(InetAddress source, InetAddress destination, SctpPacket p) {
        counters.packetsOut++;
        counters.bytesOut += p.encodedLength();
        for (Chunk c : p.chunks()) {
            counters.chunksOut[c.type()]++;
        }
        output.transmit(new OutboundPacket(source, destination, p));
    }

    private void discard(DiscardReason r, InetAddress source, InetAddress destination, String why) {
        counters.discard(r);
        traceDiscard(source, destination, why);
    }

    void traceDiscard(InetAddress source, InetAddress destination, String why) {
        if (output.tracing()) {
            output.trace(new TraceEvent.PacketDiscarded(host.clock().nanos(), source, destination, why));
        }
    }

    @Override
    public String toString() {
        return "endpoint " + port + " " + localAddresses;
    }
}
