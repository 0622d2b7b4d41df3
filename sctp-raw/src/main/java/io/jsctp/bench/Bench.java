package io.jsctp.bench;

import io.jsctp.raw.net.ErrnoException;
import io.jsctp.raw.net.IpFamily;
import io.jsctp.raw.net.NetworkNamespace;
import io.jsctp.socket.MessageInfo;
import io.jsctp.socket.Notification;
import io.jsctp.socket.NotificationType;
import io.jsctp.socket.Received;
import io.jsctp.socket.SctpSocket;
import io.jsctp.socket.SctpStack;
import io.jsctp.socket.StackOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The measurements of {@code jsctp bench}, each next to a baseline run over the same path in the same
 * process: bulk throughput of one association against TCP, request/response rate against UDP
 * ping-pong, association setup and teardown rate, and heap per idle association.
 *
 * <p>Figures are reported as ratios to their baselines because this machine is shared and noisy:
 * the absolute numbers move from run to run, the ratios much less.
 */
public final class Bench {
    // Each measurement takes a port of its own: a closed socket's port stays held until its
    // associations have finished shutting down.
    private int nextPort = 5950;

    private final BenchNetwork net;
    private final double seconds;
    private final PrintWriter progress;
    private final Map<String, Double> results = new LinkedHashMap<>();
    private SctpStack stackA;
    private SctpStack stackB;

    Bench(BenchNetwork net, double seconds, PrintWriter progress) {
        this.net = net;
        this.seconds = seconds;
        this.progress = progress;
    }

    Map<String, Double> results() {
        return results;
    }

    void open() throws ErrnoException {
        if (net.isLoopback()) {
            stackA = SctpStack.open(new StackOptions().name("bench"));
            stackB = stackA;
        } else {
            stackA = SctpStack.open(new StackOptions().namespace(net.namespaceA).name("bench-a"));
            stackB = SctpStack.open(new StackOptions().namespace(net.namespaceB).name("bench-b"));
        }
    }

    void close() {
        if (stackA != null) {
            stackA.close();
        }
        if (stackB != null && stackB != stackA) {
            stackB.close();
        }
    }

    private void note(String s) {
        if (progress != null) {
            progress.println("bench: " + s);
            progress.flush();
        }
    }

    private SctpSocket socket(SctpStack stack, SctpSocket.Style style) throws ErrnoException {
        SctpSocket s = SctpSocket.open(stack, IpFamily.IPV4, style);
        s.configure(p -> p.sendBuffer(8 << 20).receiveBuffer(8 << 20).maxMessageSize(1 << 20));
        return s;
    }

    // ---- bulk throughput ----

    /** Bulk transfer of {@code size}-byte messages over one association, in Mbit/s of user data. */
    double jsctpBulk(int size) throws Exception {
        int port = nextPort++;
        try (SctpSocket server = socket(stackB, SctpSocket.Style.ONE_TO_ONE);
             SctpSocket client = socket(stackA, SctpSocket.Style.ONE_TO_ONE)) {
            server.bind(new InetSocketAddress(net.addressB, port));
            server.listen(1);
            client.connectx(List.of(new InetSocketAddress(net.addressB, port)));
            SctpSocket acc = server.accept(Duration.ofSeconds(10));
            AtomicLong received = new AtomicLong();
            Thread reader = new Thread(() -> {
                try {
                    while (true) {
                        Received r = acc.receive(Duration.ofSeconds(5));
                        if (r instanceof Received.Message m) {
                            received.addAndGet(m.length());
                        } else if (r == null) {
                            return;
                        }
                    }
                } catch (ErrnoException e) {
                    // the socket closed or stayed quiet: the measurement is over
                }
            }, "bench-reader");
            reader.start();
            double mbit = measure(received, () -> {
                client.send(new byte[size], MessageInfo.onStream(0));
                return null;
            });
            acc.close();
            return mbit;
        }
    }

    /** The same over TCP: writes of {@code size} bytes. */
    double tcpBulk(int size) throws Exception {
        int port = nextPort++;
        ServerSocketChannel ss = inNamespace(net.namespaceB, () -> {
            ServerSocketChannel s = ServerSocketChannel.open();
            s.bind(new InetSocketAddress(net.addressB, port));
            return s;
        });
        SocketChannel client = inNamespace(net.namespaceA, () -> SocketChannel.open(new InetSocketAddress(net.addressB, port)));
        SocketChannel acc = ss.accept();
        AtomicLong received = new AtomicLong();
        Thread reader = new Thread(() -> {
            ByteBuffer b = ByteBuffer.allocateDirect(1 << 20);
            try {
                while (true) {
                    b.clear();
                    int n = acc.read(b);
                    if (n < 0) {
                        return;
                    }
                    received.addAndGet(n);
                }
            } catch (IOException e) {
                // closed: over
            }
        }, "bench-tcp-reader");
        reader.start();
        ByteBuffer out = ByteBuffer.allocateDirect(size);
        double mbit = measure(received, () -> {
            out.clear();
            while (out.hasRemaining()) {
                client.write(out);
            }
            return null;
        });
        client.close();
        acc.close();
        ss.close();
        return mbit;
    }

    /** Runs {@code step} in a loop: a warm-up second, then {@code seconds} measured; Mbit/s received. */
    private double measure(AtomicLong received, Callable<Void> step) throws Exception {
        long warm = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < warm) {
            step.call();
        }
        long startBytes = received.get();
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            step.call();
        }
        long bytes = received.get() - startBytes;
        long t = System.nanoTime() - start;
        return bytes * 8.0 / (t / 1e9) / 1e6;
    }

    // ---- request/response ----

    /** Round trips per second of 64-byte messages, one outstanding at a time. */
    double jsctpRequestResponse() throws Exception {
        int port = nextPort++;
        try (SctpSocket server = socket(stackB, SctpSocket.Style.ONE_TO_ONE);
             SctpSocket client = socket(stackA, SctpSocket.Style.ONE_TO_ONE)) {
            server.setNoDelay(true);
            client.setNoDelay(true);
            server.bind(new InetSocketAddress(net.addressB, port));
            server.listen(1);
            client.connectx(List.of(new InetSocketAddress(net.addressB, port)));
            SctpSocket acc = server.accept(Duration.ofSeconds(10));
            acc.setNoDelay(true);
            AtomicBoolean run = new AtomicBoolean(true);
            Thread echo = new Thread(() -> {
                try {
                    while (run.get()) {
                        Received r = acc.receive(Duration.ofSeconds(5));
                        if (r instanceof Received.Message m) {
                            acc.send(m.data(), MessageInfo.onStream(0));
                        } else if (r == null) {
                            return;
                        }
                    }
                } catch (ErrnoException e) {
                    // over
                }
            }, "bench-echo");
            echo.start();
            byte[] request = new byte[64];
            double rate = rate(() -> {
                client.send(request, MessageInfo.onStream(0));
                while (!(client.receive(Duration.ofSeconds(10)) instanceof Received.Message)) {
                    // skip notifications (none subscribed)
                }
                return null;
            });
            run.set(false);
            acc.close();
            return rate;
        }
    }

    /** UDP ping-pong of 64-byte datagrams over the same path. */
    double udpRequestResponse() throws Exception {
        int port = nextPort++;
        DatagramChannel server = inNamespace(net.namespaceB, () -> {
            DatagramChannel d = DatagramChannel.open();
            d.bind(new InetSocketAddress(net.addressB, port));
            return d;
        });
        DatagramChannel client = inNamespace(net.namespaceA, () -> {
            DatagramChannel d = DatagramChannel.open();
            d.connect(new InetSocketAddress(net.addressB, port));
            return d;
        });
        AtomicBoolean run = new AtomicBoolean(true);
        Thread echo = new Thread(() -> {
            ByteBuffer b = ByteBuffer.allocate(64);
            try {
                while (run.get()) {
                    b.clear();
                    var from = server.receive(b);
                    b.flip();
                    server.send(b, from);
                }
            } catch (IOException e) {
                // closed
            }
        }, "bench-udp-echo");
        echo.start();
        ByteBuffer req = ByteBuffer.allocate(64);
        ByteBuffer resp = ByteBuffer.allocate(64);
        double rate = rate(() -> {
            req.clear();
            client.write(req);
            resp.clear();
            client.read(resp);
            return null;
        });
        run.set(false);
        client.close();
        server.close();
        return rate;
    }

    private double rate(Callable<Void> step) throws Exception {
        long warm = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < warm) {
            step.call();
        }
        long n = 0;
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            step.call();
            n++;
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

    // ---- setup and teardown ----

    /** Associations set up and shut down gracefully per second, one after another. */
    double setupTeardownRate() throws Exception {
        int port = nextPort++;
        try (SctpSocket server = socket(stackB, SctpSocket.Style.ONE_TO_MANY)) {
            server.bind(new InetSocketAddress(net.addressB, port));
            server.listen(128);
            return rate(() -> {
                try (SctpSocket c = SctpSocket.open(stackA, IpFamily.IPV4, SctpSocket.Style.ONE_TO_ONE)) {
                    c.subscribe(NotificationType.ASSOCIATION_CHANGE);
                    c.connectx(List.of(new InetSocketAddress(net.addressB, port)));
                    c.shutdown();
                    while (true) {
                        Received r = c.receive(Duration.ofSeconds(10));
                        if (r == null || r instanceof Received.Event e && e.notification() instanceof Notification.AssociationChange ac
                                && ac.state() == Notification.AssociationState.SHUTDOWN_COMP) {
                            break;
                        }
                    }
                }
                return null;
            });
        }
    }

    // ---- memory ----

    /**
     * Heap used per idle association: {@code n} client sockets each with one association to one
     * server socket, both ends in this JVM; the growth of the heap divided by the 2n association
     * ends (each end a TCB plus its share of socket state).
     */
    double heapPerAssociation(int n) throws Exception {
        int port = nextPort++;
        List<SctpSocket> clients = new ArrayList<>(n);
        try (SctpSocket server = socket(stackB, SctpSocket.Style.ONE_TO_MANY)) {
            server.bind(new InetSocketAddress(net.addressB, port));
            server.listen(n);
            long before = usedHeap();
            for (int i = 0; i < n; i++) {
                SctpSocket c = SctpSocket.open(stackA, IpFamily.IPV4, SctpSocket.Style.ONE_TO_ONE);
                clients.add(c);
                c.connectx(List.of(new InetSocketAddress(net.addressB, port)));
                if (i % 2000 == 1999) {
                    note("  " + (i + 1) + " associations up");
                }
            }
            Thread.sleep(500); // let the last COOKIE ACKs settle
            long after = usedHeap();
            for (SctpSocket c : clients) {
                c.setLinger(0); // abort: quick teardown
                c.close();
            }
            return (after - before) / (2.0 * n);
        } finally {
            for (SctpSocket c : clients) {
                c.close();
            }
        }
    }

    private static long usedHeap() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static <T> T inNamespace(String ns, Callable<T> c) throws Exception {
        return ns == null ? c.call() : NetworkNamespace.of(ns).run(c);
    }

    /** Runs every measurement, recording results under the keys of the machine-readable line. */
    void runAll(boolean quick, int idleAssociations) throws Exception {
        note("path: " + net.describe() + "; " + seconds + " s per measurement");
        record("jsctp_mbit_s", "jsctp bulk, 64 KiB messages", jsctpBulk(65536));
        record("tcp_mbit_s", "TCP bulk, 64 KiB writes", tcpBulk(65536));
        record("jsctp_1200_mbit_s", "jsctp bulk, 1200-byte messages", jsctpBulk(1200));
        record("tcp_1200_mbit_s", "TCP bulk, 1200-byte writes", tcpBulk(1200));
        record("rr_per_s", "jsctp request/response, 64 B", jsctpRequestResponse());
        record("udp_rr_per_s", "UDP ping-pong, 64 B", udpRequestResponse());
        record("setups_per_s", "jsctp association setup + graceful shutdown", setupTeardownRate());
        record("heap_bytes_per_assoc", "heap per idle association (" + idleAssociations + " associations)",
                heapPerAssociation(idleAssociations));
    }

    private void record(String key, String what, double value) {
        results.put(key, value);
        note(String.format("%-52s %12.1f", what, value));
    }
}
