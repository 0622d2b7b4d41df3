package io.jsctp.socket;

import io.jsctp.engine.Association;
import io.jsctp.engine.AssociationEvent;
import io.jsctp.engine.Clock;
import io.jsctp.engine.EngineOutput;
import io.jsctp.engine.Host;
import io.jsctp.engine.IcmpMessage;
import io.jsctp.engine.OutboundPacket;
import io.jsctp.engine.RandomSource;
import io.jsctp.engine.TraceEvent;
import io.jsctp.pcap.PacketCapture;
import io.jsctp.raw.net.Errno;
import io.jsctp.raw.net.ErrnoException;
import io.jsctp.raw.net.IcmpReport;
import io.jsctp.raw.net.IcmpSocket;
import io.jsctp.raw.net.IpFamily;
import io.jsctp.raw.net.NetworkNamespace;
import io.jsctp.raw.net.OutgoingBatch;
import io.jsctp.raw.net.Poller;
import io.jsctp.raw.net.RawSctpSocket;
import io.jsctp.raw.net.RawSocketOptions;
import io.jsctp.raw.net.ReceivedBatch;
import io.jsctp.raw.net.Wakeup;
import io.jsctp.wire.CommonHeader;
import io.jsctp.wire.InitChunk;
import io.jsctp.wire.PacketEncoder;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * jsctp on one host (one network namespace) of this process: the raw IPv4 and IPv6 sockets for
 * protocol 132, the ICMP sockets that tell of unreachable peers and smaller paths, and the one
 * platform thread that runs the engine. Every {@link SctpSocket} of the namespace shares them: the
 * kernel hands every SCTP packet to every raw socket, so there is one per family and jsctp
 * demultiplexes in Java.
 *
 * <p>The loop thread owns the engine. It waits in poll(2) until a packet arrives, a timer is due or a
 * user thread hands it work; it receives and sends in batches (recvmmsg/sendmmsg), which is where a
 * user-space stack wins or loses. User threads never touch the engine: they queue work with
 * {@link #execute} or {@link #call}.
 */
public final class SctpStack implements AutoCloseable {
    private static final Object DEFAULT_LOCK = new Object();
    private static SctpStack defaultStack;

    private final StackOptions options;
    private final String name;
    private final Clock clock = System::nanoTime;
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final CopyOnWriteArrayList<Consumer<TraceLine>> tracers = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<PacketObserver> packetObservers = new CopyOnWriteArrayList<>();
    private volatile PacketFilter filter = PacketFilter.PASS_ALL;
    private final List<SctpSocket> sockets = new ArrayList<>(); // loop thread only
    private volatile boolean running = true;
    private Thread thread;

    // Owned by the loop thread.
    private Host host;
    private RawSctpSocket raw4;
    private RawSctpSocket raw6;
    private IcmpSocket icmp4;
    private IcmpSocket icmp6;
    private Wakeup wakeup;
    private Poller poller;
    private int key4 = -1;
    private int key6 = -1;
    private int keyIcmp4 = -1;
    private int keyIcmp6 = -1;
    private ReceivedBatch rx4;
    private ReceivedBatch rx6;
    private OutgoingBatch tx4;
    private OutgoingBatch tx6;
    private OutboundPacket[] inFlight4;
    private OutboundPacket[] inFlight6;
    private RouteSelector routes;
    private PortRegistry ports;
    private PacketCapture capture;
    private long sendErrors;
    private final java.util.concurrent.ConcurrentHashMap<Errno, Long> sendErrorsByErrno = new java.util.concurrent.ConcurrentHashMap<>();
    private long droppedWhileBlocked;

    /** A trace event with the stack it came from, for printers. */
    public record TraceLine(String stack, TraceEvent event) {}

    private SctpStack(StackOptions options) {
        this.options = options;
        this.name = options.name != null ? options.name : options.namespace != null ? options.namespace : "local";
    }

    /**
     * The stack of this process in its own network namespace, started on first use.
     *
     * @throws ErrnoException EPERM when the process lacks CAP_NET_RAW; EBUSY when the kernel has SCTP
     *                        loaded (see {@link StackOptions#allowKernelSctp})
     */
    public static SctpStack defaultStack() throws ErrnoException {
        synchronized (DEFAULT_LOCK) {
            if (defaultStack == null || !defaultStack.running) {
                defaultStack = open(new StackOptions());
            }
            return defaultStack;
        }
    }

    /** Starts a stack: in another network namespace, with its own options, or both. */
    public static SctpStack open(StackOptions options) throws ErrnoException {
        SctpStack s = new SctpStack(options);
        s.start();
        return s;
    }

    public String name() {
        return name;
    }

    public StackOptions options() {
        return options;
    }

    private void start() throws ErrnoException {
        CountDownLatch ready = new CountDownLatch(1);
        ErrnoException[] failure = new ErrnoException[1];
        Runnable body = () -> {
            try {
                openResources();
            } catch (ErrnoException e) {
                failure[0] = e;
                running = false;
                closeResources();
                ready.countDown();
                return;
            } catch (RuntimeException e) {
                failure[0] = new ErrnoException("start", Errno.EIO, e.toString(), e);
                running = false;
                closeResources();
                ready.countDown();
                return;
            }
            ready.countDown();
            loop();
        };
        if (options.namespace != null) {
            try {
                thread = NetworkNamespace.of(options.namespace).startThread("jsctp-" + name, body);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ErrnoException("start", Errno.EINTR, "interrupted while entering " + options.namespace);
            }
        } else {
            thread = new Thread(body, "jsctp-" + name);
            thread.setDaemon(true);
            thread.start();
        }
        try {
            ready.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ErrnoException("start", Errno.EINTR, "interrupted while starting the stack");
        }
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    private void openResources() throws ErrnoException {
        RawSocketOptions rawOptions = options.raw.allowKernelSctp(options.allowKernelSctp);
        raw4 = RawSctpSocket.open(IpFamily.IPV4, rawOptions);
        try {
            raw6 = RawSctpSocket.open(IpFamily.IPV6, rawOptions);
        } catch (ErrnoException e) {
            raw6 = null; // a host without IPv6: IPv4 only
        }
        try {
            icmp4 = IcmpSocket.open(IpFamily.IPV4);
        } catch (ErrnoException e) {
            icmp4 = null; // unreachable peers are then found by timeouts alone
        }
        if (raw6 != null) {
            try {
                icmp6 = IcmpSocket.open(IpFamily.IPV6);
            } catch (ErrnoException e) {
                icmp6 = null;
            }
        }
        wakeup = Wakeup.open();
        poller = new Poller(5);
        poller.add(wakeup, Poller.READABLE);
        key4 = poller.add(raw4, Poller.READABLE);
        rx4 = raw4.newReceivedBatch();
        tx4 = raw4.newOutgoingBatch();
        inFlight4 = new OutboundPacket[tx4.capacity()];
        if (raw6 != null) {
            key6 = poller.add(raw6, Poller.READABLE);
            rx6 = raw6.newReceivedBatch();
            tx6 = raw6.newOutgoingBatch();
            inFlight6 = new OutboundPacket[tx6.capacity()];
        }
        if (icmp4 != null) {
            keyIcmp4 = poller.add(icmp4, Poller.READABLE);
        }
        if (icmp6 != null) {
            keyIcmp6 = poller.add(icmp6, Poller.READABLE);
        }
        routes = new RouteSelector();
        String nsId;
        try {
            nsId = NetworkNamespace.currentThreadNamespaceId();
        } catch (IOException e) {
            nsId = "default";
        }
        ports = new PortRegistry(nsId);
        host = new Host(name, clock, RandomSource.secure(), new HostOutput());
        host.setPortUsedElsewhere(port -> !options.answerOutOfTheBlue || ports.heldElsewhere(port));
        if (options.capture != null) {
            try {
                capture = PacketCapture.toFile(options.capture, "jsctp stack " + name);
            } catch (IOException e) {
                throw new ErrnoException("capture", Errno.EIO, "cannot write " + options.capture + ": " + e.getMessage());
            }
        }
    }

    // ---- the loop ----

    private void loop() {
        while (running) {
            try {
                iterate();
            } catch (ErrnoException e) {
                if (!running) {
                    break;
                }
                // A socket-level failure (not one packet's): keep the stack alive and retry.
                sleepBriefly();
            } catch (RuntimeException | Error e) {
                // A bug in the engine must not kill every socket of the process silently.
                Thread.UncaughtExceptionHandler h = Thread.getDefaultUncaughtExceptionHandler();
                if (h != null) {
                    h.uncaughtException(thread, e);
                } else {
                    e.printStackTrace();
                }
                sleepBriefly();
            }
        }
        closeResources();
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    private void iterate() throws ErrnoException {
        int timeout = 0;
        if (commands.isEmpty()) {
            long deadline = host.nextDeadline();
            if (deadline == Long.MAX_VALUE) {
                timeout = 1000;
            } else {
                long wait = deadline - clock.nanos();
                timeout = wait <= 0 ? 0 : (int) Math.min(1000, (wait + 999_999) / 1_000_000);
            }
        }
        poller.poll(timeout);
        wakeupPending.set(false);
        wakeup.drain();
        if (poller.isReadable(key4)) {
            receive(raw4, rx4);
        }
        if (key6 >= 0 && poller.isReadable(key6)) {
            receive(raw6, rx6);
        }
        if (keyIcmp4 >= 0 && poller.isReadable(keyIcmp4)) {
            receiveIcmp(icmp4);
        }
        if (keyIcmp6 >= 0 && poller.isReadable(keyIcmp6)) {
            receiveIcmp(icmp6);
        }
        Runnable r;
        int budget = 4096;
        while (budget-- > 0 && (r = commands.poll()) != null) {
            r.run();
            flushIfFull();
        }
        host.runTimers();
        flush();
        for (SctpSocket s : sockets) {
            s.afterLoopIteration();
        }
        flush();
    }

    private void receive(RawSctpSocket raw, ReceivedBatch batch) throws ErrnoException {
        // Bounded, so that timers and commands are not starved by a flood.
        for (int round = 0; round < 16; round++) {
            int n = raw.receive(batch);
            if (n == 0) {
                return;
            }
            long wall = capture != null ? epochNanos() : 0;
            for (int i = 0; i < n; i++) {
                ByteBuffer p = batch.packet(i);
                InetAddress src = batch.source(i);
                InetAddress dst = batch.destination(i);
                if (!filter.pass(false, src, dst)) {
                    continue;
                }
                if (capture != null) {
                    capture.record(wall, false, src, dst, p);
                }
                for (PacketObserver o : packetObservers) {
                    o.packet(clock.nanos(), false, src, dst, p.duplicate());
                }
                host.receive(src, dst, p, p.position(), p.remaining());
            }
            flushIfFull();
            if (n < batch.capacity()) {
                return;
            }
        }
    }

    private void receiveIcmp(IcmpSocket s) throws ErrnoException {
        for (int i = 0; i < 64; i++) {
            IcmpReport r = s.receive();
            if (r == null) {
                return;
            }
            if (r.originalSource() == null || r.originalDestination() == null || r.quotedLength() < 8) {
                continue;
            }
            IcmpMessage.Kind kind;
            switch (r.kind()) {
                case PROTOCOL_UNREACHABLE -> kind = IcmpMessage.Kind.PROTOCOL_UNREACHABLE;
                case PORT_UNREACHABLE -> kind = IcmpMessage.Kind.PORT_UNREACHABLE;
                case HOST_UNREACHABLE -> kind = IcmpMessage.Kind.HOST_UNREACHABLE;
                case NET_UNREACHABLE -> kind = IcmpMessage.Kind.NETWORK_UNREACHABLE;
                case ADMIN_PROHIBITED -> kind = IcmpMessage.Kind.ADMIN_PROHIBITED;
                case FRAGMENTATION_NEEDED, PACKET_TOO_BIG -> kind = IcmpMessage.Kind.PACKET_TOO_BIG;
                default -> kind = IcmpMessage.Kind.OTHER;
            }
            if (kind == IcmpMessage.Kind.PACKET_TOO_BIG) {
                routes.invalidate();
            }
            host.receiveIcmp(new IcmpMessage(kind, r.reporter(), r.originalSource(), r.originalDestination(),
                    r.sourcePort(), r.destinationPort(), (int) r.verificationTag(), r.firstChunkType(),
                    (int) r.initiateTag(), r.nextHopMtu()));
        }
    }

    // ---- sending ----

    /** Encodes a packet straight into the send batch of its family (loop thread). */
    void transmit(OutboundPacket op) {
        boolean v6 = op.destination() instanceof Inet6Address;
        if (v6 && raw6 == null) {
            sendErrors++;
            return;
        }
        OutgoingBatch batch = v6 ? tx6 : tx4;
        if (batch.isFull()) {
            sendBatch(v6);
            if (batch.isFull()) {
                droppedWhileBlocked++; // the kernel's buffer is full: lost, as on a congested link
                return;
            }
        }
        InetAddress src = op.source();
        if (src != null && (src instanceof Inet6Address) != v6) {
            src = null; // an IPv4 destination reached from an IPv6 endpoint: let routing choose
        }
        if (!filter.pass(true, src, op.destination())) {
            return;
        }
        int slot = batch.size();
        ByteBuffer out = batch.append(src, op.destination());
        PacketEncoder.encode(op.packet(), out);
        (v6 ? inFlight6 : inFlight4)[slot] = op;
        if (capture != null || !packetObservers.isEmpty()) {
            ByteBuffer view = out.duplicate().flip();
            InetAddress shownSource = src != null ? src : routes.select(op.destination(), localAddresses(v6));
            if (capture != null) {
                capture.record(epochNanos(), true, shownSource, op.destination(), view);
            }
            for (PacketObserver o : packetObservers) {
                o.packet(clock.nanos(), true, shownSource, op.destination(), view.duplicate());
            }
        }
    }

    private List<InetAddress> localAddresses(boolean v6) {
        List<InetAddress> out = new ArrayList<>();
        try {
            for (var a : io.jsctp.raw.net.Interfaces.addresses(v6 ? IpFamily.IPV6 : IpFamily.IPV4)) {
                out.add(a.address());
            }
        } catch (ErrnoException e) {
            // no list: the capture shows the route's choice as unknown
        }
        return out;
    }

    private void flushIfFull() {
        if (tx4.isFull()) {
            sendBatch(false);
        }
        if (tx6 != null && tx6.isFull()) {
            sendBatch(true);
        }
    }

    private void flush() {
        sendBatch(false);
        if (tx6 != null) {
            sendBatch(true);
        }
    }

    private void sendBatch(boolean v6) {
        OutgoingBatch batch = v6 ? tx6 : tx4;
        RawSctpSocket raw = v6 ? raw6 : raw4;
        OutboundPacket[] ops = v6 ? inFlight6 : inFlight4;
        if (batch.isEmpty() || batch.pendingCount() == 0) {
            return;
        }
        try {
            raw.send(batch);
        } catch (ErrnoException e) {
            sendErrors += batch.pendingCount();
            batch.clear();
            java.util.Arrays.fill(ops, null);
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            if (!batch.isSent(i) && batch.status(i) != OutgoingBatch.PENDING) {
                sendErrors++;
                sendErrorsByErrno.merge(batch.error(i), 1L, Long::sum);
                onSendError(ops[i], batch.error(i));
            }
        }
        if (batch.pendingCount() > 0) {
            // Blocked by a full kernel buffer: wait until the socket is writable again.
            poller.setInterest(v6 ? key6 : key4, Poller.READABLE | Poller.WRITABLE);
            return;
        }
        poller.setInterest(v6 ? key6 : key4, Poller.READABLE);
        batch.clear();
        java.util.Arrays.fill(ops, 0, ops.length, null);
    }

    /**
     * A packet the kernel refused. When it is the INIT of an association being set up and the kernel
     * says a local rule forbids it (EPERM, EACCES: an output firewall rule), the attempt fails with
     * that errno, as connect(2) does; other refusals are losses the timers recover from.
     */
    private void onSendError(OutboundPacket op, Errno errno) {
        if (op == null || !(op.packet().firstChunk() instanceof InitChunk init) || op.packet().verificationTag() != 0) {
            return;
        }
        if (errno != Errno.EPERM && errno != Errno.EACCES) {
            return;
        }
        for (SctpSocket s : sockets) {
            s.onInitRefusedLocally(op.packet().sourcePort(), init.initiateTag(), errno);
        }
    }

    private static long epochNanos() {
        Instant now = Instant.now(); // captures carry wall-clock times; the engine never sees them
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    // ---- for sockets (loop thread unless said otherwise) ----

    Host host() {
        return host;
    }

    RouteSelector routes() {
        return routes;
    }

    PortRegistry ports() {
        return ports;
    }

    boolean hasIpv6() {
        return raw6 != null;
    }

    void register(SctpSocket s) {
        sockets.add(s);
    }

    void unregister(SctpSocket s) {
        sockets.remove(s);
    }

    boolean onLoopThread() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code r} on the loop thread, soon (any thread). */
    void execute(Runnable r) {
        if (!running) {
            throw new IllegalStateException("stack " + name + " is closed");
        }
        commands.add(r);
        if (!onLoopThread() && wakeupPending.compareAndSet(false, true)) {
            try {
                wakeup.signal();
            } catch (ErrnoException e) {
                wakeupPending.set(false); // the loop still wakes within its poll timeout
            }
        }
    }

    /** Runs {@code task} on the loop thread and waits for its result (any thread). */
    <T> T call(Callable<T> task) throws ErrnoException {
        if (onLoopThread()) {
            try {
                return task.call();
            } catch (ErrnoException e) {
                throw e;
            } catch (Exception e) {
                throw new ErrnoException("call", Errno.EIO, e.toString(), e);
            }
        }
        java.util.concurrent.CompletableFuture<T> f = new java.util.concurrent.CompletableFuture<>();
        try {
            execute(() -> {
                try {
                    f.complete(task.call());
                } catch (Throwable t) {
                    f.completeExceptionally(t);
                }
            });
        } catch (IllegalStateException closed) {
            throw new ErrnoException("call", Errno.EBADF, "the SCTP stack is closed");
        }
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ErrnoException("call", Errno.EINTR, "interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof ErrnoException ee) {
                throw ee;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new ErrnoException("call", Errno.EIO, String.valueOf(c), c);
        }
    }

    /** Receives the trace events of every socket of this stack (any thread; called on the loop thread). */
    public void addTracer(Consumer<TraceLine> t) {
        tracers.add(t);
    }

    boolean tracing() {
        return !tracers.isEmpty();
    }

    void trace(TraceEvent e) {
        TraceLine l = new TraceLine(name, e);
        for (Consumer<TraceLine> t : tracers) {
            t.accept(l);
        }
    }

    /** Sees every packet sent and received (any thread may add; called on the loop thread). */
    public void addPacketObserver(PacketObserver o) {
        packetObservers.add(o);
    }

    public void removePacketObserver(PacketObserver o) {
        packetObservers.remove(o);
    }

    /** Installs a fault injector; {@link PacketFilter#PASS_ALL} removes it. */
    public void setPacketFilter(PacketFilter f) {
        filter = f == null ? PacketFilter.PASS_ALL : f;
    }

    public void removeTracer(Consumer<TraceLine> t) {
        tracers.remove(t);
    }

    /** Packets the kernel refused to send, by the errno it gave. */
    public java.util.Map<Errno, Long> sendErrorsByErrno() {
        return java.util.Map.copyOf(sendErrorsByErrno);
    }

    /** Packets the kernel refused to send, and packets dropped because its buffer was full. */
    public long sendErrors() {
        return sendErrors + droppedWhileBlocked;
    }

    /** The capture being written, or null. */
    public PacketCapture capture() {
        return capture;
    }

    /** Stops the loop and closes the raw sockets; associations are not shut down first. */
    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        try {
            if (wakeup != null) {
                wakeup.signal();
            }
        } catch (ErrnoException e) {
            // the loop notices within its poll timeout
        }
        if (thread != null && !onLoopThread()) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (DEFAULT_LOCK) {
            if (defaultStack == this) {
                defaultStack = null;
            }
        }
    }

    public boolean isOpen() {
        return running;
    }

    private void closeResources() {
        for (AutoCloseable c : new AutoCloseable[] {raw4, raw6, icmp4, icmp6, wakeup}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    // closing: nothing to recover
                }
            }
        }
        if (capture != null) {
            try {
                capture.close();
            } catch (IOException e) {
                // the capture may be incomplete; the packets were not affected
            }
        }
        for (SctpSocket s : new ArrayList<>(sockets)) {
            s.stackClosed();
        }
    }

    /** Output for what the host sends on its own behalf (answers to out-of-the-blue packets). */
    private final class HostOutput implements EngineOutput {
        @Override
        public void transmit(OutboundPacket packet) {
            SctpStack.this.transmit(packet);
        }

        @Override
        public void deliver(Association association, AssociationEvent event) {
            // The host itself has no associations.
        }

        @Override
        public boolean tracing() {
            return SctpStack.this.tracing();
        }

        @Override
        public void trace(TraceEvent event) {
            SctpStack.this.trace(event);
        }
    }

    static int port(ByteBuffer sctp) {
        return CommonHeader.destinationPort(sctp, sctp.position());
    }
}
