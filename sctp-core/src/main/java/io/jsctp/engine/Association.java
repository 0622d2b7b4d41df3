package io.jsctp.engine;

import static io.jsctp.engine.SerialNumbers.ge;
import static io.jsctp.engine.SerialNumbers.gt;

import io.jsctp.engine.AssociationEvent.AddressChange;
import io.jsctp.engine.AssociationEvent.LossReason;
import io.jsctp.engine.AssociationEvent.StartFailure;
import io.jsctp.engine.path.Path;
import io.jsctp.engine.path.PathState;
import io.jsctp.engine.rx.ReassemblyQueue;
import io.jsctp.engine.rx.TsnTracker;
import io.jsctp.engine.tx.RetransmissionQueue;
import io.jsctp.engine.tx.SackOutcome;
import io.jsctp.engine.tx.SendQueue;
import io.jsctp.engine.tx.SentChunk;
import io.jsctp.wire.AbortChunk;
import io.jsctp.wire.Bytes;
import io.jsctp.wire.Chunk;
import io.jsctp.wire.CommonHeader;
import io.jsctp.wire.CookieAckChunk;
import io.jsctp.wire.CookieEchoChunk;
import io.jsctp.wire.CookiePreservativeParameter;
import io.jsctp.wire.CookieWhileShuttingDownCause;
import io.jsctp.wire.DataChunk;
import io.jsctp.wire.ErrorCause;
import io.jsctp.wire.ErrorChunk;
import io.jsctp.wire.HeartbeatAckChunk;
import io.jsctp.wire.HeartbeatChunk;
import io.jsctp.wire.InitAckChunk;
import io.jsctp.wire.InitChunk;
import io.jsctp.wire.InvalidMandatoryParameterCause;
import io.jsctp.wire.InvalidStreamIdentifierCause;
import io.jsctp.wire.MissingMandatoryParameterCause;
import io.jsctp.wire.NoUserDataCause;
import io.jsctp.wire.OpaqueChunk;
import io.jsctp.wire.Parameter;
import io.jsctp.wire.ProtocolViolationCause;
import io.jsctp.wire.SackChunk;
import io.jsctp.wire.SctpPacket;
import io.jsctp.wire.ShutdownAckChunk;
import io.jsctp.wire.ShutdownChunk;
import io.jsctp.wire.ShutdownCompleteChunk;
import io.jsctp.wire.StaleCookieCause;
import io.jsctp.wire.StateCookieParameter;
import io.jsctp.wire.UnrecognizedChunkTypeCause;
import io.jsctp.wire.UnrecognizedParametersCause;
import io.jsctp.wire.UnresolvableAddressCause;
import io.jsctp.wire.UserInitiatedAbortCause;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * One SCTP association: the Transmission Control Block of RFC 9260 §14 and the state machine of
 * §4 that drives it.
 *
 * <p>The association does no I/O and reads no clock of its own: packets come in through
 * {@link Endpoint}, user calls are the public methods here, and timers fire from the host's
 * {@link TimerQueue}; what it produces goes to the endpoint's {@link EngineOutput}. Every change of
 * state goes through {@link #setState}, which reports it, so a trace shows the machine at work.
 *
 * <p>Reading guide: the handshake (§5), data transfer (§6, §7), path management (§8), shutdown and
 * abort (§9) each have a section below, in that order, then the packet assembly that turns queued
 * chunks into packets.
 */
public final class Association {
    private static final long MS = 1_000_000L;

    private final Endpoint endpoint;
    private final int id;
    private final int peerPort;
    private final ProtocolParameters params;
    private final Counters counters = new Counters();
    private final Clock clock;
    private AssociationState state = AssociationState.CLOSED;

    // Tags (§5.3.1) and tie-tags (§5.2.2).
    private int localTag;
    private int peerTag;
    private int localInitialTsn;

    // Destinations (§8).
    private final List<Path> paths = new ArrayList<>(2);
    private Path primary;
    private int associationErrors;

    // Streams as negotiated (§5.1.1).
    private int outboundStreams;
    private int inboundStreams;

    // Sending side.
    private final SendQueue sendQueue;
    private RetransmissionQueue rtx;
    private long peerInitialRwnd;

    // Receiving side.
    private TsnTracker tracker;
    private ReassemblyQueue reassembly;
    private long unreadBytes;
    private long lastAdvertisedRwnd;
    private Path lastDataFrom;
    private boolean sackDue;
    private final List<Bytes> unrecognizedChunks = new ArrayList<>(0);

    // Handshake (§5.1).
    private List<InetAddress> connectAddresses = List.of();
    private int initTarget;
    private int initRetransmits;
    private long t1Nanos;
    private InitChunk sentInit;
    private CookieEchoChunk cookieEcho;
    private InetAddress cookieEchoTarget;
    private ErrorChunk cookieEchoError;
    private boolean cookieEchoDataAllowed;

    // Shutdown (§9.2).
    private int shutdownRetransmits;
    private boolean shutdownAckDue;

    private final Timer t1Init;
    private final Timer t1Cookie;
    private final Timer t2Shutdown;
    private final Timer t5Guard;
    private final Timer delayedSack;
    private final Timer autoclose;

    // Chunks to send that are not DATA or SACK, with their destination.
    private record Pending(InetAddress destination, Chunk chunk) {}

    private final ArrayList<Pending> control = new ArrayList<>(4);
    private boolean flushing;

    Association(Endpoint endpoint, int id, int peerPort, ProtocolParameters params) {
        this.endpoint = endpoint;
        this.id = id;
        this.peerPort = peerPort;
        this.params = params;
        this.clock = endpoint.host().clock();
        this.sendQueue = new SendQueue(params.outboundStreams());
        TimerQueue q = endpoint.host().timers();
        this.t1Init = new Timer(q, TimerKind.T1_INIT, null, this::onT1Init);
        this.t1Cookie = new Timer(q, TimerKind.T1_COOKIE, null, this::onT1Cookie);
        this.t2Shutdown = new Timer(q, TimerKind.T2_SHUTDOWN, null, this::onT2Shutdown);
        this.t5Guard = new Timer(q, TimerKind.T5_SHUTDOWN_GUARD, null, this::onT5Guard);
        this.delayedSack = new Timer(q, TimerKind.DELAYED_SACK, null, t -> onDelayedSack());
        this.autoclose = new Timer(q, TimerKind.AUTOCLOSE, null, t -> onAutoclose());
    }

    // ===================================================================================
    // Public view
    // ===================================================================================

    /** The association identifier: at least {@link Host#FIRST_ASSOCIATION_ID}, unique on its host. */
    public int id() {
        return id;
    }

    public AssociationState state() {
        return state;
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    public int localPort() {
        return endpoint.port();
    }

    public int peerPort() {
        return peerPort;
    }

    /** This association's copy of the protocol parameters; changes apply from the next use. */
    public ProtocolParameters parameters() {
        return params;
    }

    public Counters counters() {
        return counters;
    }

    /** Streams this side sends on, once known (the configured number before the handshake ends). */
    public int outboundStreams() {
        return outboundStreams > 0 ? outboundStreams : params.outboundStreams();
    }

    /** Streams the peer sends on, once known; 0 before. */
    public int inboundStreams() {
        return inboundStreams;
    }

    public int localVerificationTag() {
        return localTag;
    }

    public int peerVerificationTag() {
        return peerTag;
    }

    /** The peer's addresses, primary first (sctp_getpaddrs). */
    public List<InetAddress> peerAddresses() {
        List<InetAddress> out = new ArrayList<>(paths.size());
        if (primary != null) {
            out.add(primary.address());
        }
        for (Path p : paths) {
            if (p != primary) {
                out.add(p.address());
            }
        }
        return out;
    }

    /** The local addresses the association uses (sctp_getladdrs). */
    public List<InetAddress> localAddresses() {
        return endpoint.localAddresses();
    }

    public InetAddress primaryAddress() {
        return primary == null ? null : primary.address();
    }

    /** A snapshot of every destination. */
    public List<PathStatus> pathStatus() {
        List<PathStatus> out = new ArrayList<>(paths.size());
        for (Path p : paths) {
            out.add(new PathStatus(p.address(), p.localAddress(), p.state(), p.confirmed(), p == primary,
                    p.rto().srttNanos(), p.rto().rttvarNanos(), p.rto().rtoNanos(), p.congestion().cwnd(),
                    p.congestion().ssthresh(), p.flightSize(), p.mtu(), p.errorCount(), p.heartbeatIntervalNanos(),
                    p.pathMaxRetrans(), p.bytesSent(), p.bytesAcked(), p.packetsSent(), p.retransmissions(), p.timeouts()));
        }
        return out;
    }

    /** Bytes of user data queued or in flight (what counts against the send buffer). */
    public long sendBufferUsed() {
        return sendQueue.bytes() + (rtx == null ? 0 : rtx.outstandingBytes() + markedBytes());
    }

    /** Room left in the send buffer. */
    public long sendBufferAvailable() {
        return Math.max(0, params.sendBuffer() - sendBufferUsed());
    }

    /** Bytes delivered to the user and not yet reported read with {@link #consumed}. */
    public long unreadBytes() {
        return unreadBytes;
    }

    /** The receive window this side would advertise now (§6.2). */
    public long receiveWindow() {
        long held = (reassembly == null ? 0 : reassembly.bufferedBytes()) + unreadBytes;
        return Math.max(0, params.receiveBuffer() - held);
    }

    /** The peer's receive window as this side estimates it. */
    public long peerReceiveWindow() {
        return rtx == null ? 0 : rtx.peerRwnd();
    }

    /** True when nothing is queued and nothing is unacknowledged. */
    public boolean isDry() {
        return sendQueue.isEmpty() && (rtx == null || rtx.isEmpty());
    }

    @Override
    public String toString() {
        return "association " + id + " [" + state + "] " + endpoint.port() + "->" + peerAddresses() + ":" + peerPort;
    }

    // ===================================================================================
    // User calls
    // ===================================================================================

    /**
     * Queues a message for sending (RFC 6458 sctp_sendmsg).
     *
     * @return false when the send buffer has no room for it now; the user waits for
     *         {@link AssociationEvent.SendSpaceAvailable} and tries again (or fails with EAGAIN)
     * @throws EngineException for a message that can never be sent: wrong stream, empty, too large,
     *                         or an association that no longer accepts data
     */
    public boolean send(OutgoingMessage m) throws EngineException {
        if (m == null) {
            throw new EngineException(SctpError.INVALID_ARGUMENT, "message is null");
        }
        if (state == AssociationState.CLOSED) {
            throw new EngineException(SctpError.NOT_CONNECTED, "association " + id + " is closed");
        }
        if (!state.acceptsNewData() || shutdownRequested) {
            throw new EngineException(SctpError.SHUT_DOWN, "association " + id + " is shutting down (" + state + ")");
        }
        if (m.length() == 0) {
            throw new EngineException(SctpError.INVALID_ARGUMENT, "SCTP cannot send an empty message");
        }
        if (m.length() > params.maxMessageSize()) {
            throw new EngineException(SctpError.MESSAGE_TOO_LONG,
                    "message of " + m.length() + " bytes exceeds the maximum of " + params.maxMessageSize());
        }
        if (m.streamId() >= outboundStreams()) {
            throw new EngineException(SctpError.INVALID_STREAM,
                    "stream " + m.streamId() + " does not exist (" + outboundStreams() + " outbound streams)");
        }
        // The buffer bounds memory; one message is always accepted into an empty buffer, so a
        // message larger than the buffer can still be sent.
        long used = sendBufferUsed();
        if (used > 0 && used + m.length() > params.sendBuffer()) {
            senderBlocked = true;
            return false;
        }
        long now = clock.nanos();
        sendQueue.add(m, now);
        counters.messagesOut++;
        counters.userBytesOut += m.length();
        dryReported = false;
        touchAutoclose(now);
        flush();
        return true;
    }

    /**
     * The user has read {@code bytes} of delivered data (Linux's model: delivered data counts
     * against the receive window until the application reads it). May send a window update.
     */
    public void consumed(long bytes) {
        if (bytes < 0 || bytes > unreadBytes) {
            throw new IllegalArgumentException("consumed " + bytes + " bytes of " + unreadBytes + " unread");
        }
        unreadBytes -= bytes;
        if (tracker == null || state == AssociationState.CLOSED) {
            return;
        }
        // §6.2: a SACK may be sent to update the window as the application reads; do so once it
        // has opened by a meaningful amount, as Linux does (an MTU or 1/16 of the buffer).
        long rwnd = receiveWindow();
        long threshold = Math.max(params.receiveBuffer() / 16, fragmentPayloadSize());
        if (rwnd - lastAdvertisedRwnd >= threshold) {
            sackDue = true;
            flush();
        }
        deliverPending();
    }

    private boolean shutdownRequested;
    private boolean senderBlocked;
    private boolean dryReported = true;

    /** Graceful shutdown (RFC 9260 §9.2): queued data is still sent and acknowledged first. */
    public void shutdown() throws EngineException {
        switch (state) {
            case CLOSED:
                throw new EngineException(SctpError.NOT_CONNECTED, "association " + id + " is closed");
            case COOKIE_WAIT:
                // Nothing was established and the peer keeps no state for us: just stop.
                failStart(StartFailure.LOCAL_ABORT, List.of(), "user shut down during COOKIE-WAIT");
                return;
            case COOKIE_ECHOED:
                shutdownRequested = true; // carried out once the COOKIE ACK arrives
                return;
            case ESTABLISHED:
                setState(AssociationState.SHUTDOWN_PENDING, "user called shutdown");
                checkShutdownProgress();
                flush();
                return;
            default:
                return; // already shutting down
        }
    }

    /**
     * Abort (RFC 9260 §9.1): an ABORT goes to the peer with the reason as a User-Initiated Abort
     * cause, and everything not yet acknowledged is reported as failed.
     */
    public void abort(Bytes reason) {
        if (state == AssociationState.CLOSED) {
            return;
        }
        List<ErrorCause> causes = List.of(new UserInitiatedAbortCause(reason == null ? Bytes.EMPTY : reason));
        if (state != AssociationState.COOKIE_WAIT) {
            sendAbort(causes); // in COOKIE-WAIT the peer has no state and we do not know its tag
        }
        if (state == AssociationState.COOKIE_WAIT || state == AssociationState.COOKIE_ECHOED) {
            failStart(StartFailure.LOCAL_ABORT, causes, "user aborted");
        } else {
            fail(LossReason.LOCAL_ABORT, causes, "user aborted");
        }
    }

    /** RFC 6458 SCTP_PRIMARY_ADDR: makes a confirmed peer address the primary destination. */
    public void setPrimary(InetAddress address) throws EngineException {
        Path p = requirePath(address);
        if (!p.confirmed()) {
            throw new EngineException(SctpError.INVALID_ARGUMENT,
                    address.getHostAddress() + " is not confirmed yet (RFC 9260 §5.4)");
        }
        if (p != primary) {
            primary = p;
            notifyAddress(p, AddressChange.ADDR_MADE_PRIM);
            flush();
        }
    }

    /** RFC 6458 SCTP_SET_PEER_PRIMARY_ADDR needs ASCONF (RFC 5061), which jsctp does not implement. */
    public void requestPeerPrimary(InetAddress address) throws EngineException {
        requirePath(address);
        throw new EngineException(SctpError.NOT_SUPPORTED,
                "asking the peer to change its primary needs ASCONF (RFC 5061), which jsctp does not support");
    }

    /**
     * RFC 6458 SCTP_PEER_ADDR_PARAMS for one destination, or every destination when
     * {@code address} is null. Null values leave a setting unchanged.
     */
    public void setPathParameters(InetAddress address, Long heartbeatIntervalMillis, Boolean heartbeatEnabled,
                                  Integer pathMaxRetrans, Integer pathMtu) throws EngineException {
        List<Path> targets = address == null ? paths : List.of(requirePath(address));
        if (heartbeatIntervalMillis != null && heartbeatIntervalMillis <= 0) {
            throw new EngineException(SctpError.INVALID_ARGUMENT, "heartbeat interval must be positive");
        }
        if (pathMaxRetrans != null && pathMaxRetrans < 0) {
            throw new EngineException(SctpError.INVALID_ARGUMENT, "Path.Max.Retrans must not be negative");
        }
        if (pathMtu != null && (pathMtu < 576 || pathMtu > 65535)) {
            throw new EngineException(SctpError.INVALID_ARGUMENT, "path MTU must be between 576 and 65535");
        }
        long now = clock.nanos();
        for (Path p : targets) {
            if (heartbeatIntervalMillis != null) {
                p.setHeartbeatIntervalNanos(heartbeatIntervalMillis * MS);
            }
            if (heartbeatEnabled != null) {
                p.setHeartbeatEnabled(heartbeatEnabled);
            }
            if (pathMaxRetrans != null) {
                p.setPathMaxRetrans(pathMaxRetrans);
            }
            if (pathMtu != null) {
                p.setMtu(pathMtu);
            }
            if (heartbeatIntervalMillis != null || heartbeatEnabled != null) {
                startHeartbeatTimer(p, now);
            }
        }
    }

    /** RFC 6458 SPP_HB_DEMAND: sends a HEARTBEAT to the destination now. */
    public void requestHeartbeat(InetAddress address) throws EngineException {
        Path p = requirePath(address);
        if (state == AssociationState.CLOSED || state == AssociationState.COOKIE_WAIT) {
            throw new EngineException(SctpError.NOT_CONNECTED, "association " + id + " is not established");
        }
        sendHeartbeat(p, clock.nanos());
        flush();
    }

    /** The transport learned the MTU of the route to {@code address} (from the interface or ICMP). */
    public void setPathMtu(InetAddress address, int mtu) {
        Path p = pathFor(address);
        if (p != null && mtu >= 576) {
            p.setMtu(Math.min(mtu, 65535));
        }
    }

    private Path requirePath(InetAddress address) throws EngineException {
        if (address == null) {
            throw new EngineException(SctpError.INVALID_ARGUMENT, "address is null");
        }
        Path p = pathFor(address);
        if (p == null) {
            throw new EngineException(SctpError.INVALID_ARGUMENT,
                    address.getHostAddress() + " is not an address of the peer of association " + id);
        }
        return p;
    }

    // ===================================================================================
    // Setting up: as initiator (connect) and as responder (from a cookie)
    // ===================================================================================

    /** Starts the four-way handshake towards {@code peers} (RFC 9260 §5.1 A). */
    void startConnect(List<InetAddress> peers) {
        long now = clock.nanos();
        RandomSource random = endpoint.host().random();
        localTag = nonZero(random);
        localInitialTsn = random.nextInt();
        connectAddresses = List.copyOf(peers);
        for (InetAddress a : peers) {
            addPath(a, true, null, now); // §5.4 rule 1: addresses the user gave are confirmed
        }
        primary = paths.get(0);
        t1Nanos = params.rtoInitialNanos();
        sentInit = endpoint.buildInit(localTag, localInitialTsn, params, peers);
        setState(AssociationState.COOKIE_WAIT, "user called connect");
        initTarget = 0;
        initRetransmits = 0;
        sendInit(now);
    }

    private long initSentNanos;

    private void sendInit(long now) {
        InetAddress target = connectAddresses.get(initTarget);
        Path p = pathFor(target);
        transmitAlone(p == null ? null : p.localAddress(), target, 0, sentInit);
        initSentNanos = now;
        t1Init.start(now, t1Nanos);
        traceTimer(t1Init, t1Nanos);
    }

    /** Creates the association a valid COOKIE ECHO asks for (RFC 9260 §5.1 D and §5.1.5). */
    void startFromCookie(StateCookie c, InetAddress source, InetAddress destination) {
        long now = clock.nanos();
        localTag = c.localTag();
        peerTag = c.peerTag();
        localInitialTsn = c.localInitialTsn();
        for (int i = 0; i < c.peerAddresses().size(); i++) {
            InetAddress a = c.peerAddresses().get(i);
            if (endpoint.canReach(a)) {
                // §5.4 rule 2: only the address the INIT ACK went to is confirmed.
                addPath(a, i == 0, i == 0 ? c.localAddress() : null, now);
            }
        }
        if (pathFor(source) == null) {
            addPath(source, false, destination, now); // COOKIE ECHO from an address the INIT did not list
        }
        primary = pathFor(c.peerAddresses().get(0));
        if (primary == null) {
            primary = pathFor(source);
        }
        adoptNegotiated(c.peerInitialTsn(), c.peerRwnd(), c.outboundStreams(), c.inboundStreams());
        setState(AssociationState.ESTABLISHED, "valid COOKIE ECHO received");
        queueControl(source, new CookieAckChunk(), true);
        communicationUp(now);
    }

    /** Sets up both data directions once tags, TSNs and streams are agreed. */
    private void adoptNegotiated(int peerInitialTsn, long peerRwnd, int outbound, int inbound) {
        outboundStreams = outbound;
        inboundStreams = inbound;
        peerInitialRwnd = peerRwnd;
        sendQueue.setOutboundStreams(outbound, m -> reportSendFailed(m, false));
        if (rtx == null) {
            rtx = new RetransmissionQueue(localInitialTsn, peerRwnd);
        }
        tracker = new TsnTracker(peerInitialTsn, TRACKING_WINDOW, params.sackFrequency());
        reassembly = new ReassemblyQueue(inbound, partialDeliveryPoint());
        for (Path p : paths) {
            p.congestion().reset(peerRwnd);
        }
    }

    /** TSNs beyond the cumulative TSN the receiver tracks; gap blocks can express at most 65535. */
    static final int TRACKING_WINDOW = 1 << 15;

    private int partialDeliveryPoint() {
        return Math.max(params.receiveBuffer() / 2, 1);
    }

    private void communicationUp(long now) {
        deliver(new AssociationEvent.CommunicationUp(outboundStreams, inboundStreams));
        for (Path p : paths) {
            startHeartbeatTimer(p, now);
        }
        touchAutoclose(now);
        if (shutdownRequested && state == AssociationState.ESTABLISHED) {
            setState(AssociationState.SHUTDOWN_PENDING, "shutdown requested before the association was up");
            checkShutdownProgress();
        }
    }

    private static int nonZero(RandomSource r) {
        int v;
        do {
            v = r.nextInt();
        } while (v == 0); // §5.3.1: a tag is never 0
        return v;
    }

    private Path addPath(InetAddress address, boolean confirmed, InetAddress localAddress, long now) {
        Path existing = pathFor(address);
        if (existing != null) {
            if (confirmed && !existing.confirmed()) {
                existing.setConfirmed(true);
            }
            return existing;
        }
        InetAddress local = localAddress != null ? localAddress : endpoint.selectSource(address);
        int mtu = endpoint.pathMtu(address, local, params.defaultPathMtu());
        Path p = new Path(address, local, confirmed, mtu, params.rtoInitialNanos(), params.rtoMinNanos(),
                params.rtoMaxNanos(), peerInitialRwnd > 0 ? peerInitialRwnd : params.receiveBuffer(),
                params.heartbeatIntervalNanos(), params.pathMaxRetrans(), params.heartbeatEnabled());
        TimerQueue q = endpoint.host().timers();
        p.setTimers(new Timer(q, TimerKind.T3_RTX, address, t -> onT3(p)),
                new Timer(q, TimerKind.HEARTBEAT, address, t -> onHeartbeatTimer(p)));
        paths.add(p);
        endpoint.registerPeerAddress(this, address);
        if (state != AssociationState.CLOSED && state != AssociationState.COOKIE_WAIT) {
            startHeartbeatTimer(p, now);
        }
        return p;
    }

    Path pathFor(InetAddress address) {
        for (Path p : paths) {
            if (p.address().equals(address)) {
                return p;
            }
        }
        return null;
    }

    List<Path> paths() {
        return paths;
    }

    // ===================================================================================
    // Receiving a packet
    // ===================================================================================

    /**
     * A packet the endpoint found to belong to this association. Checks the verification tag
     * (RFC 9260 §8.5, §8.5.1), then processes the chunks in order.
     */
    void receive(InetAddress source, InetAddress destination, SctpPacket p, int length) {
        long now = clock.nanos();
        counters.packetsIn++;
        counters.bytesIn += length;
        Chunk first = p.firstChunk();
        if (first instanceof InitChunk init) {
            onInit(p, init, source, destination);
            flush();
            return;
        }
        if (first instanceof ShutdownAckChunk
                && (state == AssociationState.COOKIE_WAIT || state == AssociationState.COOKIE_ECHOED)) {
            // §8.5.1 E: treated as out of the blue; answered with SHUTDOWN COMPLETE, T bit set.
            transmitAlone(destination, source, p.verificationTag(), new ShutdownCompleteChunk(true));
            return;
        }
        if (!(first instanceof CookieEchoChunk) && !tagAcceptable(p, first)) {
            counters.discard(DiscardReason.BAD_VERIFICATION_TAG);
            endpoint.traceDiscard(source, destination, "verification tag " + hex(p.verificationTag())
                    + " does not match association " + id + " (RFC 9260 §8.5)");
            return;
        }
        Path from = pathFor(source);
        if (from != null) {
            from.heard(now);
            // Answer a destination from the address it reaches us at: the peer chose that pair of
            // addresses, so the reverse pair works too (a multi-homed host whose routing table
            // cannot tell its addresses apart, loopback for one, would otherwise answer every path
            // from the same address).
            if (!destination.equals(from.localAddress()) && endpoint.localAddresses().contains(destination)) {
                from.setLocalAddress(destination);
            }
        }
        boolean hadData = false;
        boolean newData = false;
        boolean duplicate = false;
        boolean immediate = false;
        for (Chunk c : p.chunks()) {
            counters.chunksIn[c.type()]++;
            if (state == AssociationState.CLOSED) {
                break; // an earlier chunk ended the association
            }
            if (c instanceof DataChunk d) {
                hadData = true;
                immediate |= d.immediate();
                int r = onData(d, from);
                newData |= r == DATA_NEW;
                duplicate |= r == DATA_DUPLICATE;
            } else if (c instanceof SackChunk s) {
                onSack(s, now);
            } else if (c instanceof HeartbeatChunk h) {
                onHeartbeat(h, source, destination);
            } else if (c instanceof HeartbeatAckChunk h) {
                onHeartbeatAck(h, now);
            } else if (c instanceof CookieEchoChunk e) {
                if (!onCookieEcho(p, e, source, destination)) {
                    break; // the cookie was not accepted: nothing bundled after it is processed
                }
            } else if (c instanceof CookieAckChunk) {
                onCookieAck(now);
            } else if (c instanceof InitAckChunk a) {
                onInitAck(a, source, destination, now);
            } else if (c instanceof AbortChunk a) {
                onAbort(a);
            } else if (c instanceof ShutdownChunk s) {
                onShutdown(s, source, now);
            } else if (c instanceof ShutdownAckChunk) {
                onShutdownAck(source, destination);
            } else if (c instanceof ShutdownCompleteChunk) {
                onShutdownComplete();
            } else if (c instanceof ErrorChunk e) {
                onError(e, now);
            } else if (c instanceof OpaqueChunk o) {
                // §3.2: the two high bits of an unknown type say skip or stop, report or not.
                if (o.action().reports()) {
                    unrecognizedChunks.add(wholeChunk(o));
                }
                if (!o.action().continues()) {
                    break;
                }
            } else {
                counters.discard(DiscardReason.UNEXPECTED_CHUNK); // a second INIT in one packet
            }
        }
        if (state == AssociationState.CLOSED) {
            return;
        }
        if (!unrecognizedChunks.isEmpty()) {
            List<ErrorCause> causes = new ArrayList<>(unrecognizedChunks.size());
            for (Bytes b : unrecognizedChunks) {
                causes.add(new UnrecognizedChunkTypeCause(b));
            }
            unrecognizedChunks.clear();
            if (peerTag != 0) {
                queueControl(source, new ErrorChunk(causes), false);
            }
        }
        if (hadData && tracker != null) {
            afterDataPacket(newData, duplicate, immediate, now);
        }
        flush();
    }

    /**
     * The rest of the packet whose COOKIE ECHO created this association: the chunks bundled after
     * it (DATA, typically), processed as any packet's; then the COOKIE ACK goes out.
     */
    void afterCookie(InetAddress source, InetAddress destination, SctpPacket p, int length) {
        List<Chunk> rest = p.chunks().subList(1, p.chunks().size());
        if (rest.isEmpty()) {
            counters.packetsIn++;
            counters.bytesIn += length;
            counters.chunksIn[CookieEchoChunk.TYPE]++;
            flush();
            return;
        }
        counters.chunksIn[CookieEchoChunk.TYPE]++;
        receive(source, destination, new SctpPacket(p.sourcePort(), p.destinationPort(), p.verificationTag(), rest),
                length);
    }

    private boolean tagAcceptable(SctpPacket p, Chunk first) {
        int tag = p.verificationTag();
        if (first instanceof AbortChunk a && a.tBit() || first instanceof ShutdownCompleteChunk s && s.tBit()) {
            // §8.5.1 B, C: with the T bit set, the packet carries the tag the peer expects from us.
            return peerTag != 0 && tag == peerTag;
        }
        return tag == localTag;
    }

    private static Bytes wholeChunk(OpaqueChunk o) {
        ByteBuffer b = ByteBuffer.allocate(o.length());
        b.put((byte) o.type()).put((byte) o.flags()).putShort((short) o.length());
        o.encodeValue(b);
        return Bytes.wrap(b.array());
    }

    // ===================================================================================
    // Handshake (RFC 9260 §5.1, §5.2)
    // ===================================================================================

    /** §5.1 C: the INIT ACK answering our INIT. */
    private void onInitAck(InitAckChunk ack, InetAddress source, InetAddress destination, long now) {
        if (state != AssociationState.COOKIE_WAIT) {
            counters.discard(DiscardReason.UNEXPECTED_CHUNK); // §5.2.3: unexpected INIT ACK
            return;
        }
        if (ack.initiateTag() == 0) {
            // §3.3.3: an INIT ACK with Initiate Tag 0 destroys the association.
            failStart(StartFailure.PROTOCOL_ERROR, List.of(new InvalidMandatoryParameterCause()),
                    "INIT ACK with Initiate Tag 0");
            return;
        }
        if (ack.outboundStreams() == 0 || ack.inboundStreams() == 0) {
            abortStart(ack.initiateTag(), source, destination, new InvalidMandatoryParameterCause(),
                    "INIT ACK with zero streams (RFC 9260 §3.3.3)");
            return;
        }
        PeerInit pi = PeerInit.parse(ack, source);
        if (pi.stateCookie == null) {
            abortStart(ack.initiateTag(), source, destination,
                    new MissingMandatoryParameterCause(List.of(StateCookieParameter.TYPE)),
                    "INIT ACK without a State Cookie (RFC 9260 §3.3.3)");
            return;
        }
        if (pi.hostName != null) {
            // §3.3.2.1.4: Host Name Addresses are not supported; the peer is told so.
            abortStart(ack.initiateTag(), source, destination,
                    new UnresolvableAddressCause(parameterBytes(pi.hostName)), "INIT ACK with a Host Name Address");
            return;
        }
        t1Init.stop();
        if (initRetransmits == 0) {
            Path target = pathFor(connectAddresses.get(initTarget));
            if (target != null) {
                target.rto().sample(now - initSentNanos); // the INIT was sent once: a valid RTT (Karn)
            }
        }
        peerTag = ack.initiateTag();
        for (InetAddress a : pi.addresses) {
            if (endpoint.canReach(a)) {
                addPath(a, false, a.equals(source) ? destination : null, now); // §5.1.2; §5.4 rule 3
            }
        }
        // The primary is the address whose INIT was answered, when it is still one of the peer's.
        Path answered = pathFor(connectAddresses.get(initTarget));
        primary = answered != null ? answered : pathFor(source);
        adoptNegotiated(ack.initialTsn(), ack.advertisedReceiverWindow(),
                Math.min(params.outboundStreams(), ack.inboundStreams()),
                Math.min(params.maxInboundStreams(), ack.outboundStreams()));
        // §3.2.1: unrecognized parameters of the INIT ACK are reported in an ERROR bundled with the COOKIE ECHO.
        cookieEchoError = pi.toReport.isEmpty() ? null
                : new ErrorChunk(List.of(new UnrecognizedParametersCause(pi.reportedBytes())));
        cookieEcho = new CookieEchoChunk(pi.stateCookie);
        cookieEchoTarget = primary.address();
        cookieRetransmits = 0;
        setState(AssociationState.COOKIE_ECHOED, "INIT ACK received");
        sendCookieEcho(now, true);
    }

    private int cookieRetransmits;
    private long cookieSentNanos;

    private void sendCookieEcho(long now, boolean withData) {
        queueControl(cookieEchoTarget, cookieEcho, true);
        if (cookieEchoError != null) {
            queueControl(cookieEchoTarget, cookieEchoError, false);
        }
        cookieEchoDataAllowed = withData; // §5.1: DATA may ride only in the packet with the COOKIE ECHO
        cookieSentNanos = now;
        long rto = primary.rto().rtoNanos();
        t1Cookie.start(now, rto);
        traceTimer(t1Cookie, rto);
    }

    /** §5.1 E: the COOKIE ACK. */
    private void onCookieAck(long now) {
        if (state != AssociationState.COOKIE_ECHOED) {
            counters.discard(DiscardReason.UNEXPECTED_CHUNK); // §5.2.5: duplicate COOKIE ACK
            return;
        }
        t1Cookie.stop();
        if (cookieRetransmits == 0) {
            primary.rto().sample(now - cookieSentNanos);
        }
        cookieEcho = null;
        cookieEchoError = null;
        setState(AssociationState.ESTABLISHED, "COOKIE ACK received");
        communicationUp(now);
    }

    private void onT1Init(Timer t) {
        traceExpiry(t);
        if (state != AssociationState.COOKIE_WAIT) {
            return;
        }
        initRetransmits++;
        if (initRetransmits > params.maxInitRetransmits()) {
            failStart(StartFailure.TIMED_OUT, List.of(), "INIT retransmitted Max.Init.Retransmits ("
                    + params.maxInitRetransmits() + ") times without an answer");
            return;
        }
        // §6.3.3 E2 applied to T1-init, and the next address of the set (RFC 6458 sctp_connectx).
        t1Nanos = Math.min(t1Nanos * 2, params.rtoMaxNanos());
        advanceInitTarget();
        sendInit(clock.nanos());
    }

    /** Moves the INIT to the next address of the connect set that has not refused it. */
    private void advanceInitTarget() {
        int n = connectAddresses.size();
        for (int i = 1; i <= n; i++) {
            int candidate = (initTarget + i) % n;
            Path p = pathFor(connectAddresses.get(candidate));
            if (p == null || !p.icmpRefused()) {
                initTarget = candidate;
                return;
            }
        }
    }

    private void onT1Cookie(Timer t) {
        traceExpiry(t);
        if (state != AssociationState.COOKIE_ECHOED) {
            return;
        }
        cookieRetransmits++;
        if (cookieRetransmits > params.maxInitRetransmits()) {
            failStart(StartFailure.TIMED_OUT, List.of(), "COOKIE ECHO retransmitted Max.Init.Retransmits ("
                    + params.maxInitRetransmits() + ") times without an answer");
            return;
        }
        primary.rto().backOff();
        sendCookieEcho(clock.nanos(), false);
        flush();
    }

    /**
     * An INIT for an association that exists (§5.2.1, §5.2.2, §9.2): a collision, a duplicate, or a
     * peer restarting. The INIT ACK reuses or replaces our tag as the RFC says for each state, and
     * the tie-tags let the COOKIE ECHO that follows be told apart (§5.2.4).
     */
    private void onInit(SctpPacket p, InitChunk init, InetAddress source, InetAddress destination) {
        if (p.verificationTag() != 0 || init.initiateTag() == 0) {
            counters.discard(DiscardReason.INVALID_INIT); // §8.5.1 A; §3.3.2 (RFC 9260: silently discard)
            return;
        }
        if (init.outboundStreams() == 0 || init.inboundStreams() == 0) {
            // §3.3.2: discard, answer with ABORT, and leave the existing association alone.
            transmitAlone(destination, source, init.initiateTag(),
                    new AbortChunk(false, List.of(new InvalidMandatoryParameterCause())));
            return;
        }
        PeerInit pi = PeerInit.parse(init, source);
        if (pi.hostName != null) {
            transmitAlone(destination, source, init.initiateTag(),
                    new AbortChunk(false, List.of(new UnresolvableAddressCause(parameterBytes(pi.hostName)))));
            return;
        }
        switch (state) {
            case COOKIE_WAIT:
                // §5.2.1: answer with the parameters of our own INIT, tag unchanged; no tie-tags
                // from the peer yet.
                endpoint.sendInitAck(init, peerPort, pi, source, destination, localTag, localInitialTsn, localTag, 0, params);
                return;
            case COOKIE_ECHOED:
                if (hasNewAddress(pi.addresses)) {
                    sendRestartAbort(init, pi, source, destination);
                    return;
                }
                endpoint.sendInitAck(init, peerPort, pi, source, destination, localTag, localInitialTsn, localTag, peerTag, params);
                return;
            case SHUTDOWN_ACK_SENT:
                // §9.2: the SHUTDOWN COMPLETE was probably lost; repeat the SHUTDOWN ACK.
                queueControl(source, new ShutdownAckChunk(), false);
                return;
            default:
                // §5.2.2: a new tag in the INIT ACK, ours and the peer's as tie-tags; the existing
                // association is left as it is until a COOKIE ECHO says what happened.
                if (hasNewAddress(pi.addresses)) {
                    sendRestartAbort(init, pi, source, destination);
                    return;
                }
                RandomSource r = endpoint.host().random();
                endpoint.sendInitAck(init, peerPort, pi, source, destination, nonZero(r), r.nextInt(), localTag, peerTag, params);
        }
    }

    private boolean hasNewAddress(List<InetAddress> addresses) {
        for (InetAddress a : addresses) {
            if (pathFor(a) == null && endpoint.canReach(a)) {
                return true;
            }
        }
        return false;
    }

    /** §5.2.2: a restart must not add addresses; the INIT is refused with the new ones listed. */
    private void sendRestartAbort(InitChunk init, PeerInit pi, InetAddress source, InetAddress destination) {
        List<Parameter> added = new ArrayList<>();
        for (InetAddress a : pi.addresses) {
            if (pathFor(a) == null && endpoint.canReach(a)) {
                added.add(Endpoint.addressParameter(a));
            }
        }
        ByteBuffer b = ByteBuffer.allocate(added.size() * 20);
        for (Parameter prm : added) {
            b.putShort((short) prm.type()).putShort((short) prm.length());
            prm.encodeValue(b);
        }
        Bytes list = Bytes.wrap(b.array(), 0, b.position());
        transmitAlone(destination, source, init.initiateTag(),
                new AbortChunk(false, List.of(new io.jsctp.wire.RestartWithNewAddressesCause(list))));
    }

    /**
     * §5.2.4: a COOKIE ECHO while this association exists. The tags in the cookie, compared with
     * ours, say which of the four cases of Table 7 this is.
     *
     * @return true when the cookie was accepted, so that chunks bundled after it are processed
     */
    private boolean onCookieEcho(SctpPacket p, CookieEchoChunk echo, InetAddress source, InetAddress destination) {
        long now = clock.nanos();
        CookieFactory.Verdict v = endpoint.cookies().verify(echo.cookie(), now);
        if (v instanceof CookieFactory.Invalid inv) {
            counters.discard(DiscardReason.INVALID_COOKIE);
            endpoint.traceDiscard(source, destination, inv.reason());
            return false;
        }
        if (v instanceof CookieFactory.Stale st) {
            counters.discard(DiscardReason.STALE_COOKIE);
            transmitAlone(destination, source, st.cookie().peerTag(),
                    new ErrorChunk(List.of(new StaleCookieCause(st.stalenessMicros()))));
            return false;
        }
        StateCookie c = ((CookieFactory.Valid) v).cookie();
        if (c.peerPort() != p.sourcePort() || c.localPort() != p.destinationPort()
                || c.localTag() != p.verificationTag()) {
            counters.discard(DiscardReason.INVALID_COOKIE); // §5.1.5 step 3: ports and tag must match
            return false;
        }
        boolean localMatch = c.localTag() == localTag;
        boolean peerMatch = c.peerTag() == peerTag;
        if (!localMatch && !peerMatch && c.localTieTag() == localTag && c.peerTieTag() == peerTag) {
            return restartFromCookie(c, source, destination, now); // action A
        }
        if (localMatch && (!peerMatch || peerTag == 0)) {
            // Action B: the peer restarted its INIT after answering ours; take its new tag.
            peerTag = c.peerTag();
            t1Init.stop();
            t1Cookie.stop();
            boolean wasUp = state != AssociationState.COOKIE_WAIT && state != AssociationState.COOKIE_ECHOED;
            if (!wasUp) {
                addCookiePaths(c, now);
                adoptNegotiated(c.peerInitialTsn(), c.peerRwnd(), c.outboundStreams(), c.inboundStreams());
                setState(AssociationState.ESTABLISHED, "COOKIE ECHO after INIT collision (RFC 9260 §5.2.4 B)");
            }
            queueControl(source, new CookieAckChunk(), true);
            if (!wasUp) {
                communicationUp(now);
            }
            return true;
        }
        if (localMatch && peerMatch) {
            // Action D: both tags match; establish if not yet, and acknowledge.
            if (state == AssociationState.COOKIE_ECHOED) {
                t1Cookie.stop();
                setState(AssociationState.ESTABLISHED, "COOKIE ECHO with matching tags (RFC 9260 §5.2.4 D)");
                queueControl(source, new CookieAckChunk(), true);
                communicationUp(now);
            } else {
                queueControl(source, new CookieAckChunk(), true);
            }
            return true;
        }
        // Action C (a late cookie) and every other combination: silently discarded.
        counters.discard(DiscardReason.INVALID_COOKIE);
        endpoint.traceDiscard(source, destination, "COOKIE ECHO tags match no case of RFC 9260 §5.2.4; discarded");
        return false;
    }

    private void addCookiePaths(StateCookie c, long now) {
        for (InetAddress a : c.peerAddresses()) {
            if (endpoint.canReach(a)) {
                addPath(a, false, null, now);
            }
        }
    }

    /** §5.2.4 action A: the peer restarted. */
    private boolean restartFromCookie(StateCookie c, InetAddress source, InetAddress destination, long now) {
        if (state == AssociationState.SHUTDOWN_ACK_SENT) {
            // The peer restarted while we were closing: repeat the SHUTDOWN ACK and say why no restart.
            queueControl(source, new ShutdownAckChunk(), false);
            queueControl(source, new ErrorChunk(List.of(new CookieWhileShuttingDownCause())), false);
            return false;
        }
        for (InetAddress a : c.peerAddresses()) {
            if (pathFor(a) == null && endpoint.canReach(a)) {
                counters.discard(DiscardReason.INVALID_COOKIE); // a restart may not add addresses (§5.2.2)
                return false;
            }
        }
        // Treated like an ABORT followed by a new association, reported as a RESTART; unsent and
        // unacknowledged data is reported failed (RFC 9260 allows keeping it; Linux does not either).
        failAllMessages();
        for (Path p : paths) {
            p.t3().stop();
            p.clearErrors();
            p.setState(PathState.ACTIVE);
        }
        stopAllTimers();
        localTag = c.localTag();
        peerTag = c.peerTag();
        localInitialTsn = c.localInitialTsn();
        rtx = null;
        unreadBytes = 0;
        associationErrors = 0;
        adoptNegotiated(c.peerInitialTsn(), c.peerRwnd(), c.outboundStreams(), c.inboundStreams());
        setState(AssociationState.ESTABLISHED, "peer restarted (RFC 9260 §5.2.4 A)");
        queueControl(source, new CookieAckChunk(), true);
        deliver(new AssociationEvent.Restart(outboundStreams, inboundStreams));
        for (Path p : paths) {
            startHeartbeatTimer(p, now);
        }
        return true;
    }

    /** An ABORT in answer to a bad INIT ACK, and the attempt fails. */
    private void abortStart(int peerTagForAbort, InetAddress source, InetAddress destination, ErrorCause cause,
                            String why) {
        transmitAlone(destination, source, peerTagForAbort, new AbortChunk(false, List.of(cause)));
        failStart(StartFailure.PROTOCOL_ERROR, List.of(cause), why);
    }

    private static Bytes parameterBytes(Parameter p) {
        ByteBuffer b = ByteBuffer.allocate(p.length());
        b.putShort((short) p.type()).putShort((short) p.length());
        p.encodeValue(b);
        return Bytes.wrap(b.array());
    }

    /** An ICMP error about a packet of this association (RFC 9260 Appendix C). */
    void onIcmp(IcmpMessage m) {
        Path p = pathFor(m.originalDestination());
        if (p == null) {
            counters.discard(DiscardReason.UNMATCHED_ICMP);
            return;
        }
        // Appendix C ICMP6: the quoted tag must be the peer's, or 0 with our INIT's Initiate Tag.
        boolean tagOk = m.verificationTag() == 0
                ? m.firstChunkType() == InitChunk.TYPE && m.initiateTag() == localTag
                : peerTag != 0 && m.verificationTag() == peerTag;
        if (!tagOk) {
            counters.discard(DiscardReason.UNMATCHED_ICMP);
            return;
        }
        switch (m.kind()) {
            case PACKET_TOO_BIG:
                if (m.nextHopMtu() >= 576 && m.nextHopMtu() < p.mtu()) {
                    p.setMtu(m.nextHopMtu()); // Appendix C ICMP7: the path MTU shrank
                }
                return;
            case PROTOCOL_UNREACHABLE:
            case PORT_UNREACHABLE:
                if (state == AssociationState.COOKIE_WAIT) {
                    // Appendix C ICMP8: nobody speaks SCTP there. Try the next address of the set;
                    // when every one has refused, the attempt is refused.
                    p.setIcmpRefused(true);
                    boolean allRefused = true;
                    for (InetAddress a : connectAddresses) {
                        Path q = pathFor(a);
                        allRefused &= q != null && q.icmpRefused();
                    }
                    if (allRefused) {
                        failStart(StartFailure.UNREACHABLE, List.of(),
                                "every address answered the INIT with ICMP " + m.kind().name().toLowerCase());
                    } else if (p.address().equals(connectAddresses.get(initTarget))) {
                        advanceInitTarget();
                        t1Init.stop();
                        sendInit(clock.nanos());
                    }
                }
                return;
            default:
                // Other unreachables are left to the retransmission timers (Appendix C ICMP9).
        }
    }

    // ===================================================================================
    // Receiving data (RFC 9260 §6.2, §6.5, §6.9)
    // ===================================================================================

    private static final int DATA_NEW = 1;
    private static final int DATA_DUPLICATE = 2;
    private static final int DATA_DROPPED = 3;

    private int onData(DataChunk d, Path from) {
        if (tracker == null || state == AssociationState.COOKIE_WAIT || state == AssociationState.COOKIE_ECHOED
                || state == AssociationState.SHUTDOWN_ACK_SENT) {
            counters.discard(DiscardReason.UNEXPECTED_CHUNK);
            return DATA_DROPPED;
        }
        if (d.payload().isEmpty()) {
            // §6.2: DATA without user data is answered with ABORT and the No User Data cause.
            List<ErrorCause> causes = List.of(new NoUserDataCause(d.tsn()));
            sendAbort(causes);
            fail(LossReason.PROTOCOL_ERROR, causes, "DATA chunk without user data (RFC 9260 §6.2)");
            return DATA_DROPPED;
        }
        switch (tracker.classify(d.tsn())) {
            case DUPLICATE:
                tracker.markDuplicate(d.tsn());
                counters.duplicateTsnsReceived++;
                return DATA_DUPLICATE;
            case OUT_OF_WINDOW:
                counters.discard(DiscardReason.NO_BUFFER_SPACE);
                return DATA_DROPPED;
            default:
                break;
        }
        if (from != null) {
            lastDataFrom = from;
        }
        if (d.streamId() >= inboundStreams) {
            // §6.5: acknowledge the TSN, report the stream, drop the data.
            tracker.markReceived(d.tsn());
            queueControl(from != null ? from.address() : primary.address(),
                    new ErrorChunk(List.of(new InvalidStreamIdentifierCause(d.streamId()))), false);
            return DATA_NEW;
        }
        if (receiveWindow() <= 0) {
            // §6.2: the buffer is full. The chunk the cumulative TSN waits for may take the place
            // of data held for reordering (reneging); anything else is dropped.
            boolean next = d.tsn() == tracker.cumulativeTsn() + 1;
            if (next && tracker.hasGaps()) {
                Integer dropped;
                while (receiveWindow() < d.payload().length() && (dropped = reassembly.dropHighestAbove(tracker.cumulativeTsn())) != null) {
                    tracker.unmark(dropped);
                }
            }
            if (receiveWindow() <= 0) {
                counters.discard(DiscardReason.NO_BUFFER_SPACE);
                return DATA_DROPPED;
            }
        }
        reassembly.add(d);
        tracker.markReceived(d.tsn());
        return DATA_NEW;
    }

    private void afterDataPacket(boolean newData, boolean duplicate, boolean immediate, long now) {
        deliverPending();
        if (state == AssociationState.SHUTDOWN_SENT && newData) {
            // §9.2: in SHUTDOWN-SENT every packet with DATA is answered with a SHUTDOWN.
            queueControl(shutdownDestination().address(), new ShutdownChunk(tracker.cumulativeTsn()), false);
            long rto = shutdownDestination().rto().rtoNanos();
            t2Shutdown.start(now, rto);
        }
        if (tracker.onDataPacket(newData, duplicate, immediate) || params.delayedSackNanos() == 0) {
            sackDue = true;
        } else if (tracker.sackPending()) {
            delayedSack.startIfStopped(now, params.delayedSackNanos());
        }
        if (newData) {
            touchAutoclose(now);
        }
    }

    /** Hands every message the reassembly queue can release to the user. */
    private void deliverPending() {
        if (reassembly == null) {
            return;
        }
        reassembly.deliver(m -> {
            unreadBytes += m.length();
            counters.userBytesIn += m.length();
            if (m.complete()) {
                counters.messagesIn++;
            }
            deliver(new AssociationEvent.DataArrival(m));
        });
    }

    private void onDelayedSack() {
        if (state != AssociationState.CLOSED && tracker != null && tracker.sackPending()) {
            sackDue = true;
            flush();
        }
    }

    // ===================================================================================
    // Acknowledgements, retransmission, congestion (RFC 9260 §6.2.1, §6.3, §7.2)
    // ===================================================================================

    private long lastPeerAdvertisedRwnd = -1;
    private boolean sackSinceTimeout;
    private int rtxAllowance; // packets of retransmissions that may ignore cwnd (§6.3.3 E3, §7.2.4)

    private void onSack(SackChunk sack, long now) {
        if (rtx == null || !(state == AssociationState.ESTABLISHED || state.isShuttingDown())) {
            counters.discard(DiscardReason.UNEXPECTED_CHUNK);
            return;
        }
        SackOutcome o = rtx.onSack(sack, now);
        if (o.stale) {
            return;
        }
        if (o.invalid) {
            List<ErrorCause> causes = List.of(ProtocolViolationCause.of("SACK acknowledges TSN "
                    + Integer.toUnsignedString(sack.cumulativeTsnAck()) + ", which was never sent"));
            sendAbort(causes);
            fail(LossReason.PROTOCOL_ERROR, causes, "SACK acknowledging unsent data");
            return;
        }
        sackSinceTimeout = true;
        lastPeerAdvertisedRwnd = sack.advertisedReceiverWindow();
        processAckOutcome(o, sack.cumulativeTsnAck(), now);
    }

    private void processAckOutcome(SackOutcome o, int cum, long now) {
        for (int i = 0; i < o.pathCount(); i++) {
            Path p = o.path(i);
            long acked = o.ackedBytes(i);
            if (acked > 0) {
                p.congestion().onAcked(acked, o.flightBefore(i), o.cumAdvanced, p.flightSize());
                // §8.2: an acknowledged TSN clears the error counter of the address it was sent to.
                p.clearErrors();
                if (p.state() != PathState.ACTIVE && p.confirmed()) {
                    setPathState(p, PathState.ACTIVE, "data sent to it was acknowledged");
                }
            }
            if (o.fastRetransmit(i)) {
                p.congestion().onFastRetransmit(rtx.nextTsn() - 1);
                rtxAllowance = Math.max(rtxAllowance, 1); // §7.2.4 (3): one packet regardless of cwnd
                traceCongestion(p, "fast retransmit");
            }
            // §6.3.2 R2, R3 and §6.2.1 D iii.
            if (p.flightSize() == 0) {
                p.t3().stop();
            } else if (acked > 0) {
                p.t3().start(now, p.rto().rtoNanos());
            } else if (o.reneged(i)) {
                p.t3().startIfStopped(now, p.rto().rtoNanos());
            }
            if (acked > 0 && tracing()) {
                traceCongestion(p, "SACK");
            }
        }
        for (Path p : paths) {
            if (p.congestion().inFastRecovery() && ge(cum, p.congestion().fastRecoveryExit())) {
                p.congestion().exitFastRecovery(); // §6.2.1 D iv
            }
        }
        if (o.ackedBytes > 0) {
            associationErrors = 0; // §8.1: acknowledged data resets the association's error counter
            if (senderBlocked && sendBufferAvailable() > 0) {
                senderBlocked = false;
                deliver(new AssociationEvent.SendSpaceAvailable());
            }
        }
        if (isDry() && !dryReported) {
            dryReported = true;
            deliver(new AssociationEvent.SenderDry());
        }
        checkShutdownProgress();
    }

    private long markedBytes() {
        long n = 0;
        if (rtx.markedCount() > 0) {
            for (int i = 0; i < rtx.size(); i++) {
                SentChunk s = rtx.at(i);
                if (s.markedForRetransmission()) {
                    n += s.chunk().payload().length();
                }
            }
        }
        return n;
    }

    /** §6.3.3: the retransmission timer of a destination expired. */
    private void onT3(Path p) {
        traceExpiry(p.t3());
        if (rtx == null || state == AssociationState.CLOSED || p.flightSize() == 0) {
            return;
        }
        long now = clock.nanos();
        p.onTimeoutCounted();
        // §6.1: unanswered zero-window probes do not count as errors while SACKs keep coming.
        boolean probing = lastPeerAdvertisedRwnd == 0 && sackSinceTimeout;
        sackSinceTimeout = false;
        p.congestion().onTimeout();    // E1
        p.rto().backOff();             // E2
        rtx.markAllInFlightTo(p);      // E3
        rtxAllowance = Math.max(rtxAllowance, 1);
        traceCongestion(p, "T3-rtx timeout");
        if (!probing) {
            strike(p, "T3-rtx expired");
        }
        if (state != AssociationState.CLOSED) {
            flush();
        }
        if (state != AssociationState.CLOSED && p.flightSize() == 0 && !p.t3().isRunning() && rtx.markedCount() > 0) {
            // Nothing could be sent (no usable destination): keep the timer running so we try again.
            p.t3().start(now, p.rto().rtoNanos());
        }
    }

    /**
     * One more error against a destination and the association (§8.1, §8.2, RFC 7829): the path may
     * become potentially failed or inactive, and the association may be declared unreachable.
     */
    private void strike(Path p, String why) {
        int errors = p.incrementErrors();
        associationErrors++;
        if (errors > p.pathMaxRetrans()) {
            if (p.state() != PathState.INACTIVE) {
                setPathState(p, PathState.INACTIVE, why + "; error count " + errors + " > Path.Max.Retrans");
            }
        } else if (params.potentiallyFailedEnabled() && errors > params.potentiallyFailedMaxRetrans()
                && p.state() == PathState.ACTIVE) {
            setPathState(p, PathState.POTENTIALLY_FAILED,
                    why + "; error count " + errors + " > PotentiallyFailed.Max.Retrans");
        }
        if (associationErrors > params.associationMaxRetrans()) {
            sendAbort(List.of());
            fail(LossReason.PEER_UNREACHABLE, List.of(), "error count " + associationErrors
                    + " > Association.Max.Retrans (RFC 9260 §8.1)");
        }
    }

    // ===================================================================================
    // Path management and heartbeats (RFC 9260 §8.3, §5.4, RFC 7829)
    // ===================================================================================

    private void setPathState(Path p, PathState to, String cause) {
        PathState from = p.state();
        if (from == to) {
            return;
        }
        p.setState(to);
        if (tracing()) {
            endpoint.output().trace(new TraceEvent.PathStateChanged(clock.nanos(), id, p.address(), from, to, cause));
        }
        switch (to) {
            case ACTIVE -> notifyAddress(p, AddressChange.ADDR_AVAILABLE);
            case INACTIVE -> notifyAddress(p, AddressChange.ADDR_UNREACHABLE);
            case POTENTIALLY_FAILED -> notifyAddress(p, AddressChange.ADDR_POTENTIALLY_FAILED);
        }
        // A potentially failed or recovered path changes how often it is probed.
        startHeartbeatTimer(p, clock.nanos());
    }

    private void notifyAddress(Path p, AddressChange change) {
        deliver(new AssociationEvent.PeerAddressChange(p.address(), change, 0));
    }

    /**
     * Arms the heartbeat timer of a destination. §8.3: an idle confirmed destination is probed once
     * per RTO plus HB.interval, jittered by ±50% of the RTO; §5.4 and RFC 7829 §5.1: an unconfirmed
     * or potentially failed destination is probed once per RTO.
     */
    private void startHeartbeatTimer(Path p, long now) {
        if (state == AssociationState.CLOSED || state == AssociationState.COOKIE_WAIT
                || state == AssociationState.COOKIE_ECHOED) {
            return;
        }
        long rto = p.rto().rtoNanos();
        long delay;
        if (!p.confirmed() || p.state() == PathState.POTENTIALLY_FAILED) {
            delay = rto;
        } else if (p.heartbeatEnabled()) {
            double jitter = endpoint.host().random().nextDouble() - 0.5; // [-0.5, 0.5)
            delay = rto + (long) (jitter * rto) + p.heartbeatIntervalNanos();
        } else if (p.state() == PathState.INACTIVE) {
            delay = rto; // an inactive path is probed even with heartbeats off, or it could never recover
        } else {
            p.heartbeatTimer().stop();
            return;
        }
        p.heartbeatTimer().start(now, delay);
    }

    private void onHeartbeatTimer(Path p) {
        traceExpiry(p.heartbeatTimer());
        if (state == AssociationState.CLOSED) {
            return;
        }
        long now = clock.nanos();
        if (p.heartbeatOutstanding()) {
            // §8.3: the last HEARTBEAT went unanswered: an error, and the RTO backs off.
            p.onHeartbeatAcked(); // no longer waiting for that one
            p.rto().backOff();
            strike(p, "HEARTBEAT unanswered");
            if (state == AssociationState.CLOSED) {
                return;
            }
        }
        boolean idle = now - p.lastDataSentNanos() >= p.heartbeatIntervalNanos();
        if (!p.confirmed() || p.state() != PathState.ACTIVE || (p.heartbeatEnabled() && idle)) {
            sendHeartbeat(p, now);
            flush();
        }
        startHeartbeatTimer(p, now);
    }

    private static final byte HEARTBEAT_INFO_VERSION = 1;

    private void sendHeartbeat(Path p, long now) {
        long nonce = endpoint.host().random().nextLong(); // §5.4: a 64-bit random nonce
        byte[] addr = p.address().getAddress();
        ByteBuffer b = ByteBuffer.allocate(2 + addr.length + 16);
        b.put(HEARTBEAT_INFO_VERSION).put((byte) addr.length).put(addr).putLong(now).putLong(nonce);
        p.onHeartbeatSent(nonce, now);
        queueControl(p.address(), new HeartbeatChunk(Bytes.wrap(b.array())), false);
    }

    /** §8.3: a HEARTBEAT is answered at once, to the address it came from. */
    private void onHeartbeat(HeartbeatChunk h, InetAddress source, InetAddress destination) {
        if (state == AssociationState.COOKIE_WAIT) {
            return;
        }
        queueControl(source, new HeartbeatAckChunk(h.info()), false);
    }

    private void onHeartbeatAck(HeartbeatAckChunk ack, long now) {
        ByteBuffer b = ack.info().asReadOnlyBuffer();
        if (b.remaining() < 2 || b.get() != HEARTBEAT_INFO_VERSION) {
            return; // not a heartbeat of ours
        }
        int len = b.get() & 0xff;
        if ((len != 4 && len != 16) || b.remaining() != len + 16) {
            return;
        }
        byte[] raw = new byte[len];
        b.get(raw);
        long sent = b.getLong();
        long nonce = b.getLong();
        Path p = null;
        for (Path q : paths) {
            if (java.util.Arrays.equals(q.address().getAddress(), raw)) {
                p = q;
            }
        }
        if (p == null || !p.heartbeatOutstanding() || nonce != p.heartbeatNonce() || sent != p.heartbeatSentNanos()) {
            return; // stale or forged: §5.4 requires the nonce to match
        }
        p.onHeartbeatAcked();
        p.rto().sample(now - sent); // each heartbeat gives an RTT sample
        p.clearErrors();
        associationErrors = 0; // §8.3
        if (!p.confirmed()) {
            p.setConfirmed(true);
            notifyAddress(p, AddressChange.ADDR_CONFIRMED);
        }
        if (p.state() != PathState.ACTIVE) {
            setPathState(p, PathState.ACTIVE, "HEARTBEAT acknowledged");
        } else {
            startHeartbeatTimer(p, now);
        }
    }

    /**
     * Where new data goes (§6.4, §8.2, RFC 7829): the primary while it is active; otherwise an
     * active confirmed destination; otherwise the least-failed one, so data keeps trying.
     */
    private Path dataPath() {
        if (primary != null && primary.confirmed() && primary.isActive()) {
            return primary;
        }
        Path best = null;
        for (Path p : paths) {
            if (p.confirmed() && p.isActive()) {
                return p;
            }
            if (p.confirmed() && (best == null || rank(p) < rank(best))) {
                best = p;
            }
        }
        return best;
    }

    private static int rank(Path p) {
        return (p.state() == PathState.POTENTIALLY_FAILED ? 0 : 1_000_000) + p.errorCount();
    }

    /** §6.4: a chunk that timed out goes to another active destination when there is one. */
    private Path retransmitTarget(SentChunk s, Path dataPath) {
        if (s.path().confirmed() && s.path().isActive() && dataPath == s.path()) {
            for (Path p : paths) {
                if (p != s.path() && p.confirmed() && p.isActive()) {
                    return p;
                }
            }
        }
        return dataPath;
    }

    // ===================================================================================
    // Shutdown and abort (RFC 9260 §9)
    // ===================================================================================

    /** Sends SHUTDOWN or SHUTDOWN ACK once nothing is left to send or acknowledge (§9.2). */
    private void checkShutdownProgress() {
        if (!isDry()) {
            return;
        }
        long now = clock.nanos();
        if (state == AssociationState.SHUTDOWN_PENDING) {
            Path to = shutdownDestination();
            queueControl(to.address(), new ShutdownChunk(tracker.cumulativeTsn()), false);
            shutdownRetransmits = 0;
            t2Shutdown.start(now, to.rto().rtoNanos());
            traceTimer(t2Shutdown, to.rto().rtoNanos());
            t5Guard.start(now, params.shutdownGuardNanos());
            traceTimer(t5Guard, params.shutdownGuardNanos());
            setState(AssociationState.SHUTDOWN_SENT, "all outstanding data acknowledged");
        } else if (state == AssociationState.SHUTDOWN_RECEIVED) {
            Path to = shutdownDestination();
            queueControl(to.address(), new ShutdownAckChunk(), false);
            shutdownRetransmits = 0;
            t2Shutdown.start(now, to.rto().rtoNanos());
            traceTimer(t2Shutdown, to.rto().rtoNanos());
            setState(AssociationState.SHUTDOWN_ACK_SENT, "all outstanding data acknowledged");
        }
    }

    private Path shutdownDestination() {
        Path p = dataPath();
        return p != null ? p : primary;
    }

    private void onShutdown(ShutdownChunk s, InetAddress source, long now) {
        switch (state) {
            case ESTABLISHED:
            case SHUTDOWN_PENDING:
                acknowledgeByShutdown(s, now);
                if (state == AssociationState.CLOSED) {
                    return;
                }
                setState(AssociationState.SHUTDOWN_RECEIVED, "SHUTDOWN received");
                deliver(new AssociationEvent.ShutdownReceived());
                checkShutdownProgress();
                return;
            case SHUTDOWN_SENT:
                // §9.2: SHUTDOWN crossing SHUTDOWN; answer with SHUTDOWN ACK at once.
                acknowledgeByShutdown(s, now);
                if (state == AssociationState.CLOSED) {
                    return;
                }
                queueControl(source, new ShutdownAckChunk(), false);
                setState(AssociationState.SHUTDOWN_ACK_SENT, "SHUTDOWN received in SHUTDOWN-SENT");
                deliver(new AssociationEvent.ShutdownReceived());
                t2Shutdown.start(now, shutdownDestination().rto().rtoNanos());
                return;
            case SHUTDOWN_RECEIVED:
                acknowledgeByShutdown(s, now);
                return;
            case SHUTDOWN_ACK_SENT:
                queueControl(source, new ShutdownAckChunk(), false); // the peer may have missed ours
                return;
            default:
                counters.discard(DiscardReason.UNEXPECTED_CHUNK);
        }
    }

    /** §9.2: a SHUTDOWN's Cumulative TSN Ack acknowledges data like a SACK without gap blocks. */
    private void acknowledgeByShutdown(ShutdownChunk s, long now) {
        if (rtx == null) {
            return;
        }
        long window = lastPeerAdvertisedRwnd >= 0 ? lastPeerAdvertisedRwnd : peerInitialRwnd;
        SackOutcome o = rtx.onSack(new SackChunk(s.cumulativeTsnAck(), window, List.of(), List.of()), now);
        if (o.invalid) {
            List<ErrorCause> causes = List.of(ProtocolViolationCause.of("SHUTDOWN acknowledges TSN "
                    + Integer.toUnsignedString(s.cumulativeTsnAck()) + ", which was never sent"));
            sendAbort(causes);
            fail(LossReason.PROTOCOL_ERROR, causes, "SHUTDOWN acknowledging unsent data");
            return;
        }
        if (!o.stale) {
            processAckOutcome(o, s.cumulativeTsnAck(), now);
        }
    }

    private void onShutdownAck(InetAddress source, InetAddress destination) {
        if (state == AssociationState.SHUTDOWN_SENT || state == AssociationState.SHUTDOWN_ACK_SENT) {
            // §9.2: SHUTDOWN COMPLETE, and the association is gone.
            t2Shutdown.stop();
            t5Guard.stop();
            transmitAlone(destination, source, peerTag, new ShutdownCompleteChunk(false));
            deliver(new AssociationEvent.ShutdownComplete());
            close("SHUTDOWN ACK received");
        } else {
            counters.discard(DiscardReason.UNEXPECTED_CHUNK);
        }
    }

    private void onShutdownComplete() {
        if (state == AssociationState.SHUTDOWN_ACK_SENT) {
            t2Shutdown.stop();
            deliver(new AssociationEvent.ShutdownComplete());
            close("SHUTDOWN COMPLETE received");
        } else {
            counters.discard(DiscardReason.UNEXPECTED_CHUNK);
        }
    }

    private void onT2Shutdown(Timer t) {
        traceExpiry(t);
        if (state != AssociationState.SHUTDOWN_SENT && state != AssociationState.SHUTDOWN_ACK_SENT) {
            return;
        }
        shutdownRetransmits++;
        if (shutdownRetransmits > params.associationMaxRetrans()) {
            // §9.2: the peer is unreachable; the TCB is destroyed.
            sendAbort(List.of());
            fail(LossReason.SHUTDOWN_TIMEOUT, List.of(), "SHUTDOWN retransmitted Association.Max.Retrans times");
            return;
        }
        Path from = shutdownDestination();
        from.rto().backOff();
        strikeQuietly(from);
        Path to = shutdownDestination(); // may have moved to another destination
        long now = clock.nanos();
        Chunk c = state == AssociationState.SHUTDOWN_SENT ? new ShutdownChunk(tracker.cumulativeTsn())
                : new ShutdownAckChunk();
        queueControl(to.address(), c, false);
        t2Shutdown.start(now, to.rto().rtoNanos());
        traceTimer(t2Shutdown, to.rto().rtoNanos());
        flush();
    }

    /** Counts a timeout against a destination without the association-wide consequences. */
    private void strikeQuietly(Path p) {
        int errors = p.incrementErrors();
        if (errors > p.pathMaxRetrans() && p.state() != PathState.INACTIVE) {
            setPathState(p, PathState.INACTIVE, "shutdown retransmission; error count " + errors);
        }
    }

    private void onT5Guard(Timer t) {
        traceExpiry(t);
        if (state.isShuttingDown()) {
            sendAbort(List.of());
            fail(LossReason.SHUTDOWN_TIMEOUT, List.of(), "T5-shutdown-guard expired (RFC 9260 §9.2)");
        }
    }

    private void onAbort(AbortChunk a) {
        if (state == AssociationState.COOKIE_WAIT || state == AssociationState.COOKIE_ECHOED) {
            // An ABORT in answer to our INIT or COOKIE ECHO: refused (ECONNREFUSED, as Linux reports).
            failStart(StartFailure.REFUSED, a.causes(), "ABORT received in " + state);
        } else {
            fail(LossReason.PEER_ABORTED, a.causes(), "ABORT received");
        }
    }

    private void onError(ErrorChunk e, long now) {
        if (state == AssociationState.COOKIE_ECHOED) {
            for (ErrorCause c : e.causes()) {
                if (c instanceof StaleCookieCause st) {
                    onStaleCookie(st, now);
                    return;
                }
            }
        }
        deliver(new AssociationEvent.RemoteError(e.causes()));
    }

    /**
     * §5.2.6: our cookie arrived stale. Start over with a new INIT that asks for a longer cookie life:
     * the measured round trip plus one second (more would ease replay attacks).
     */
    private void onStaleCookie(StaleCookieCause st, long now) {
        t1Cookie.stop();
        initRetransmits++;
        if (initRetransmits > params.maxInitRetransmits()) {
            failStart(StartFailure.TIMED_OUT, List.of(st), "cookie stale after Max.Init.Retransmits attempts");
            return;
        }
        long rttMillis = Math.max(0, (now - cookieSentNanos) / MS);
        List<Parameter> p = new ArrayList<>(sentInit.parameters());
        p.removeIf(x -> x instanceof CookiePreservativeParameter);
        p.add(new CookiePreservativeParameter(Math.min(0xffffffffL, rttMillis + 1000)));
        sentInit = new InitChunk(sentInit.initiateTag(), sentInit.advertisedReceiverWindow(), sentInit.outboundStreams(),
                sentInit.inboundStreams(), sentInit.initialTsn(), p);
        peerTag = 0;
        cookieEcho = null;
        setState(AssociationState.COOKIE_WAIT, "Stale Cookie error received (RFC 9260 §5.2.6)");
        sendInit(now);
    }

    private void touchAutoclose(long now) {
        if (params.autocloseNanos() > 0 && state != AssociationState.CLOSED) {
            autoclose.start(now, params.autocloseNanos());
        }
    }

    private void onAutoclose() {
        if (state == AssociationState.ESTABLISHED && isDry()) {
            setState(AssociationState.SHUTDOWN_PENDING, "idle for the autoclose time (RFC 6458 SCTP_AUTOCLOSE)");
            checkShutdownProgress();
            flush();
        } else if (state == AssociationState.ESTABLISHED) {
            touchAutoclose(clock.nanos());
        }
    }

    /** Sends an ABORT to the peer now, ahead of anything queued. */
    private void sendAbort(List<ErrorCause> causes) {
        Path to = dataPath();
        if (to == null) {
            to = primary;
        }
        if (to != null && peerTag != 0) {
            transmitAlone(to.localAddress(), to.address(), peerTag, new AbortChunk(false, causes));
        }
    }

    /** An established association ends abnormally. */
    private void fail(LossReason reason, List<ErrorCause> causes, String why) {
        failAllMessages();
        deliver(new AssociationEvent.CommunicationLost(reason, causes));
        close(why);
    }

    /** An association attempt ends without ever being established. */
    private void failStart(StartFailure reason, List<ErrorCause> causes, String why) {
        failAllMessages();
        deliver(new AssociationEvent.CannotStart(reason, causes));
        close(why);
    }

    /** RFC 6458 SCTP_SEND_FAILED_EVENT for everything queued or unacknowledged, each message once. */
    private void failAllMessages() {
        Set<OutgoingMessage> reported = Collections.newSetFromMap(new IdentityHashMap<>());
        if (rtx != null) {
            rtx.drain(m -> {
                if (reported.add(m)) {
                    reportSendFailed(m, true);
                }
            });
        }
        sendQueue.drain(m -> {
            if (reported.add(m)) {
                reportSendFailed(m, false);
            }
        }, m -> {
            if (reported.add(m)) {
                reportSendFailed(m, true);
            }
        });
    }

    private void reportSendFailed(OutgoingMessage m, boolean wasSent) {
        deliver(new AssociationEvent.SendFailed(m, wasSent, 0));
    }

    private void stopAllTimers() {
        t1Init.stop();
        t1Cookie.stop();
        t2Shutdown.stop();
        t5Guard.stop();
        delayedSack.stop();
        autoclose.stop();
        for (Path p : paths) {
            p.t3().stop();
            p.heartbeatTimer().stop();
        }
    }

    private void close(String why) {
        stopAllTimers();
        control.clear();
        sackDue = false;
        setState(AssociationState.CLOSED, why);
        endpoint.removed(this);
    }

    // ===================================================================================
    // Packet assembly (RFC 9260 §6.1, §6.10)
    // ===================================================================================

    /** One packet being filled for one destination. */
    private static final class Builder {
        final InetAddress destination;
        final InetAddress source;
        final Path path;
        final int maxSize;
        final List<Chunk> chunks = new ArrayList<>(4);
        int size = CommonHeader.LENGTH;
        boolean hasData;
        boolean exempt; // carries retransmissions sent regardless of cwnd

        Builder(InetAddress destination, InetAddress source, Path path, int maxSize) {
            this.destination = destination;
            this.source = source;
            this.path = path;
            this.maxSize = maxSize;
        }

        int room() {
            return maxSize - size;
        }

        boolean fits(Chunk c) {
            return c.paddedLength() <= room();
        }

        void add(Chunk c) {
            chunks.add(c);
            size += c.paddedLength();
            hasData |= c instanceof DataChunk;
        }

        boolean isEmpty() {
            return chunks.isEmpty();
        }

        boolean startsWithCookieEcho() {
            return !chunks.isEmpty() && chunks.get(0) instanceof CookieEchoChunk;
        }
    }

    /** Queues a control chunk; {@code first} puts it ahead of the others (COOKIE ECHO, COOKIE ACK). */
    private void queueControl(InetAddress destination, Chunk c, boolean first) {
        if (first) {
            control.add(0, new Pending(destination, c));
        } else {
            control.add(new Pending(destination, c));
        }
    }

    /** Sends a packet of one chunk now, outside the normal assembly (INIT, ABORT, OOTB-style answers). */
    private void transmitAlone(InetAddress source, InetAddress destination, int tag, Chunk c) {
        SctpPacket p = SctpPacket.of(endpoint.port(), peerPort, tag, c);
        emit(source, destination, p);
    }

    private void emit(InetAddress source, InetAddress destination, SctpPacket p) {
        counters.packetsOut++;
        counters.bytesOut += p.encodedLength();
        for (Chunk c : p.chunks()) {
            counters.chunksOut[c.type()]++;
        }
        Path path = pathFor(destination);
        if (path != null) {
            path.onPacketSent();
        }
        endpoint.output().transmit(new OutboundPacket(source, destination, p));
    }

    /**
     * Largest user data per DATA chunk: the smallest path MTU of the usable destinations less the
     * IP, common and DATA headers (§6.9), so that a chunk fits whichever path retransmits it.
     */
    private int fragmentPayloadSize() {
        int min = Integer.MAX_VALUE;
        for (Path p : paths) {
            if (p.confirmed()) {
                min = Math.min(min, p.maxPacketSize());
            }
        }
        if (min == Integer.MAX_VALUE) {
            min = params.defaultPathMtu() - Path.IPV6_HEADER;
        }
        return min - CommonHeader.LENGTH - DataChunk.HEADER_AND_FIXED_LENGTH;
    }

    private Builder builderFor(List<Builder> open, InetAddress destination) {
        for (Builder b : open) {
            if (b.destination.equals(destination)) {
                return b;
            }
        }
        Path p = pathFor(destination);
        int max = p != null ? p.maxPacketSize() : params.defaultPathMtu() - Path.IPV6_HEADER;
        InetAddress source = p != null ? p.localAddress() : endpoint.selectSource(destination);
        Builder b = new Builder(destination, source, p, max);
        open.add(b);
        return b;
    }

    /** Sends the builder's packet and puts a fresh one for the same destination in its place. */
    private Builder emitAndRenew(List<Builder> open, Builder b) {
        if (!b.isEmpty()) {
            emit(b.source, b.destination, new SctpPacket(endpoint.port(), peerPort, peerTag, b.chunks));
            if (b.exempt) {
                rtxAllowance = Math.max(0, rtxAllowance - 1);
            }
        }
        open.remove(b);
        return builderFor(open, b.destination);
    }

    private void addControl(List<Builder> open, InetAddress destination, Chunk c) {
        Builder b = builderFor(open, destination);
        if (!b.fits(c) && !b.isEmpty()) {
            b = emitAndRenew(open, b);
        }
        b.add(c); // a chunk larger than an empty packet still goes; IP fragments it
    }

    private void flush() {
        if (flushing || state == AssociationState.CLOSED) {
            return;
        }
        flushing = true;
        try {
            assembleAndSend();
        } finally {
            flushing = false;
        }
    }

    private void assembleAndSend() {
        long now = clock.nanos();
        List<Builder> open = new ArrayList<>(2);
        // 1. Control chunks, COOKIE ECHO or COOKIE ACK first (§6.10: control before DATA).
        for (Pending pc : control) {
            addControl(open, pc.destination(), pc.chunk());
        }
        control.clear();
        // 2. The SACK, to where the data it acknowledges came from (§6.4).
        if (sackDue && tracker != null) {
            Path to = lastDataFrom != null && lastDataFrom.state() != PathState.INACTIVE ? lastDataFrom : dataPath();
            if (to != null) {
                Builder b = builderFor(open, to.address());
                long rwnd = receiveWindow();
                int room = b.room() >= 16 + 8 ? b.room() : b.maxSize - CommonHeader.LENGTH;
                SackChunk sack = tracker.buildSack(rwnd, room);
                addControl(open, to.address(), sack);
                tracker.onSackSent();
                lastAdvertisedRwnd = rwnd;
                delayedSack.stop();
            }
            sackDue = false;
        }
        // 3. DATA: retransmissions first (§6.1 C), then new data.
        if (rtx != null && dataAllowed()) {
            Path dataPath = dataPath();
            if (dataPath != null) {
                if (rtx.markedCount() > 0) {
                    sendRetransmissions(open, dataPath, now);
                }
                if (rtx.markedCount() == 0) {
                    sendNewData(open, dataPath, now);
                }
            }
        }
        cookieEchoDataAllowed = false;
        for (Builder b : open) {
            if (!b.isEmpty()) {
                emit(b.source, b.destination, new SctpPacket(endpoint.port(), peerPort, peerTag, b.chunks));
                if (b.exempt) {
                    rtxAllowance = Math.max(0, rtxAllowance - 1);
                }
            }
        }
    }

    private boolean dataAllowed() {
        switch (state) {
            case ESTABLISHED:
            case SHUTDOWN_PENDING:
            case SHUTDOWN_RECEIVED:
                return true;
            case COOKIE_ECHOED:
                return cookieEchoDataAllowed;
            default:
                return false;
        }
    }

    private void sendRetransmissions(List<Builder> open, Path dataPath, long now) {
        for (int i = 0; i < rtx.size() && rtx.markedCount() > 0; i++) {
            SentChunk s = rtx.at(i);
            if (!s.markedForRetransmission()) {
                continue;
            }
            boolean fast = s.markedForFastRetransmit();
            Path target = fast ? (s.path().confirmed() && s.path().state() != PathState.INACTIVE ? s.path() : dataPath)
                    : retransmitTarget(s, dataPath);
            Builder b = builderFor(open, target.address());
            if (state == AssociationState.COOKIE_ECHOED && !b.startsWithCookieEcho()) {
                return;
            }
            if (!b.fits(s.chunk()) && !b.isEmpty()) {
                b = emitAndRenew(open, b);
            }
            boolean cwndOk = target.flightSize() < target.congestion().cwnd();
            if (!cwndOk) {
                if (b.exempt || (rtxAllowance > 0 && !b.hasData)) {
                    b.exempt = true;
                } else {
                    continue;
                }
            }
            b.add(s.chunk());
            rtx.retransmitted(s, target, now);
            target.onDataSent(now, s.chunk().payload().length(), true);
            target.t3().startIfStopped(now, target.rto().rtoNanos());
            if (fast) {
                counters.fastRetransmissions++;
            } else {
                counters.timeoutRetransmissions++;
            }
            if (tracing()) {
                endpoint.output().trace(new TraceEvent.Retransmitted(now, id, target.address(), s.tsn(), fast));
            }
        }
    }

    private void sendNewData(List<Builder> open, Path p, long now) {
        if (sendQueue.isEmpty()) {
            return;
        }
        Builder b = builderFor(open, p.address());
        if (state == AssociationState.COOKIE_ECHOED && !b.startsWithCookieEcho()) {
            return; // §5.1: until the COOKIE ACK, DATA travels only with the COOKIE ECHO
        }
        // §7.2.1: a destination left idle for more than an RTO has its cwnd decayed.
        if (p.lastDataSentNanos() != Long.MIN_VALUE && rtx.nothingInFlight()) {
            long idle = now - p.lastDataSentNanos();
            if (idle > p.rto().rtoNanos()) {
                p.congestion().onIdle(idle, p.rto().rtoNanos());
            }
        }
        int frag = fragmentPayloadSize();
        // §6.1 (Max.Burst): at most Max.Burst packets' worth beyond what is in flight, at once.
        long window = Math.min(p.congestion().cwnd(), p.flightSize() + (long) params.maxBurst() * p.maxPacketSize());
        while (!sendQueue.isEmpty() && p.flightSize() < window) {
            int next = Math.min(sendQueue.nextMessageRemaining(), frag);
            // Nagle (§6.1, RFC 6458 SCTP_NODELAY): with data in flight, hold back a packet that
            // could not be filled, unless it carries other chunks anyway.
            if (!params.noDelay() && !rtx.isEmpty() && b.isEmpty()
                    && sendQueue.bytes() + DataChunk.HEADER_AND_FIXED_LENGTH < b.room()) {
                break;
            }
            int room = b.room() - DataChunk.HEADER_AND_FIXED_LENGTH;
            if (room < next && !b.isEmpty()) {
                if (state == AssociationState.COOKIE_ECHOED) {
                    break; // the rest waits for the COOKIE ACK
                }
                b = emitAndRenew(open, b);
                room = b.room() - DataChunk.HEADER_AND_FIXED_LENGTH;
            }
            int max = Math.min(frag, room);
            if (max <= 0) {
                break;
            }
            // §6.1 A: no new data beyond the peer's window, except one chunk when none is in flight
            // (the zero window probe).
            if (rtx.peerRwnd() < Math.min(next, max) && !rtx.nothingInFlight()) {
                break;
            }
            DataChunk c = sendQueue.produce(rtx.nextTsn(), max, now, m -> reportSendFailed(m, false));
            if (c == null) {
                break;
            }
            b.add(c);
            rtx.sent(c, sendQueue.lastMessage(), sendQueue.lastWasEnd(), p, now);
            p.onDataSent(now, c.payload().length(), false);
            p.t3().startIfStopped(now, p.rto().rtoNanos()); // §6.3.2 R1
        }
    }

    // ===================================================================================
    // Small helpers: state changes, events, traces
    // ===================================================================================

    private void setState(AssociationState to, String cause) {
        AssociationState from = state;
        if (from == to) {
            return;
        }
        state = to;
        counters.stateChanges++;
        if (tracing()) {
            endpoint.output().trace(new TraceEvent.StateChanged(clock.nanos(), id, from, to, cause));
        }
    }

    private void deliver(AssociationEvent e) {
        endpoint.output().deliver(this, e);
    }

    private boolean tracing() {
        return endpoint.output().tracing();
    }

    private void traceTimer(Timer t, long duration) {
        if (tracing()) {
            endpoint.output().trace(new TraceEvent.TimerStarted(clock.nanos(), id, t.kind(), t.path(), duration));
        }
    }

    private void traceExpiry(Timer t) {
        counters.timerExpiries[t.kind().ordinal()]++;
        if (tracing()) {
            endpoint.output().trace(new TraceEvent.TimerExpired(clock.nanos(), id, t.kind(), t.path(), t.expirations()));
        }
    }

    private void traceCongestion(Path p, String cause) {
        if (tracing()) {
            endpoint.output().trace(new TraceEvent.CongestionChanged(clock.nanos(), id, p.address(), p.congestion().cwnd(),
                    p.congestion().ssthresh(), p.flightSize(), p.rto().rtoNanos(), cause));
        }
    }

    private static String hex(int v) {
        return String.format("0x%08x", v);
    }
}
