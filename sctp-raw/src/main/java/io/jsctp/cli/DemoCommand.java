package io.jsctp.cli;

import io.jsctp.engine.PathStatus;
import io.jsctp.raw.net.ErrnoException;
import io.jsctp.raw.net.IpFamily;
import io.jsctp.socket.AssociationStatus;
import io.jsctp.socket.MessageInfo;
import io.jsctp.socket.Notification;
import io.jsctp.socket.NotificationType;
import io.jsctp.socket.Received;
import io.jsctp.socket.SctpSocket;
import io.jsctp.socket.SctpStack;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jsctp demo}: a multi-homed association on loopback over real raw sockets. The client
 * (127.0.0.1 and 127.0.0.2) connects to the server (127.0.0.3 and 127.0.0.4) with sctp_connectx,
 * messages go back and forth, the primary path is cut in-process, the association fails over to
 * the other path, the path comes back, and the association shuts down gracefully.
 */
@Command(name = "demo", description = "A multi-homed association on loopback: connectx, messages, failover, shutdown.")
final class DemoCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    StackMixin stackOptions;

    @Option(names = "--port", paramLabel = "P", description = "The server's port (default 5901).")
    int port = 5901;

    private static final String[] CLIENT = {"127.0.0.1", "127.0.0.2"};
    private static final String[] SERVER = {"127.0.0.3", "127.0.0.4"};

    private PrintWriter out;
    private final long start = System.nanoTime();

    private void say(String text) {
        synchronized (out) {
            out.printf("[%6.2fs] %s%n", (System.nanoTime() - start) / 1e9, text);
            out.flush();
        }
    }

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        SctpStack stack = stackOptions.open(out, "demo");
        AtomicBoolean serving = new AtomicBoolean(true);
        try (SctpSocket server = SctpSocket.open(stack, IpFamily.IPV4, SctpSocket.Style.ONE_TO_MANY);
             SctpSocket client = SctpSocket.open(stack, IpFamily.IPV4, SctpSocket.Style.ONE_TO_ONE)) {
            // Short timers so that the failover shows within a second rather than RFC 9260's minutes;
            // the SACK delay stays well below RTO.Min so that no timer fires for a late SACK.
            for (SctpSocket s : List.of(server, client)) {
                s.configure(p -> p.rto(Duration.ofMillis(300), Duration.ofMillis(200), Duration.ofMillis(1000))
                        .delayedSack(Duration.ofMillis(20)).heartbeatInterval(Duration.ofMillis(500)).pathMaxRetrans(2)
                        .potentiallyFailedMaxRetrans(0).noDelay(true));
            }
            server.bindx(List.of(sock(SERVER[0], port), sock(SERVER[1], port)), true);
            server.listen(16);
            Thread echo = new Thread(() -> serve(server, serving), "demo-server");
            echo.setDaemon(true);
            echo.start();
            say("server listening on " + SERVER[0] + " and " + SERVER[1] + " port " + port);

            client.bindx(List.of(sock(CLIENT[0], 0), sock(CLIENT[1], 0)), true);
            client.subscribe(NotificationType.ASSOCIATION_CHANGE, NotificationType.PEER_ADDRESS_CHANGE,
                    NotificationType.SHUTDOWN);
            say("client on " + CLIENT[0] + " and " + CLIENT[1] + " calls sctp_connectx(" + SERVER[0] + ", " + SERVER[1] + ")");
            int id = client.connectx(List.of(sock(SERVER[0], port), sock(SERVER[1], port)));
            say("association " + id + " is up; peer addresses " + Addresses.text(client.getPeerAddresses(id)));
            showPaths(client, id);

            exchange(client, 5, "before the cut");
            showPaths(client, id);

            InetAddress cut = InetAddress.getByName(SERVER[0]);
            say("cutting the primary path: every packet to or from " + SERVER[0] + " is dropped");
            stack.setPacketFilter((outbound, src, dst) -> !cut.equals(src) && !cut.equals(dst));
            long cutAt = System.nanoTime();
            exchange(client, 5, "after the cut");
            say(String.format("messages flow again %.2f s after the cut", (System.nanoTime() - cutAt) / 1e9));
            showPaths(client, id);

            say("restoring the path to " + SERVER[0]);
            stack.setPacketFilter(null);
            waitForAddressEvent(client, SERVER[0], Notification.AddressState.ADDR_AVAILABLE, Duration.ofSeconds(5));
            exchange(client, 3, "after the restore");
            showPaths(client, id);

            say("shutting down gracefully");
            client.shutdown();
            waitForShutdown(client);
            say("association " + id + " closed; demo done");
        } finally {
            serving.set(false);
            Thread.sleep(100);
            stack.close();
        }
        return 0;
    }

    private static InetSocketAddress sock(String addr, int port) {
        return new InetSocketAddress(Addresses.parse(addr), port);
    }

    private void serve(SctpSocket server, AtomicBoolean serving) {
        try {
            while (serving.get()) {
                Received r;
                try {
                    r = server.receive(Duration.ofMillis(200));
                } catch (ErrnoException e) {
                    continue; // EAGAIN: look at the flag again
                }
                if (r instanceof Received.Message m) {
                    server.send(m.data(), MessageInfo.onStream(m.info().streamId()).association(m.associationId())
                            .payloadProtocolId(m.info().ppid()));
                }
            }
        } catch (ErrnoException e) {
            if (serving.get()) {
                say("server: " + e.getMessage());
            }
        }
    }

    /** Sends {@code n} messages, one a second apart at most, and prints each echo with the path used. */
    private void exchange(SctpSocket client, int n, String when) throws ErrnoException {
        for (int i = 1; i <= n; i++) {
            String text = "message " + i + " " + when;
            client.send(text.getBytes(StandardCharsets.UTF_8), MessageInfo.onStream(0));
            while (true) {
                Received r = client.receive(Duration.ofSeconds(30));
                if (r instanceof Received.Message m) {
                    AssociationStatus st = client.status(0);
                    say("echo: \"" + new String(m.data(), StandardCharsets.UTF_8) + "\" (data now goes to "
                            + activePath(st) + ")");
                    break;
                }
                if (r instanceof Received.Event ev) {
                    say("notification: " + CommandSupport.describe(ev.notification(), client));
                }
                if (r == null) {
                    throw new CliException("demo: the association ended unexpectedly", 1);
                }
            }
        }
    }

    private static String activePath(AssociationStatus st) {
        PathStatus best = null;
        for (PathStatus p : st.paths()) {
            if (p.primary() && p.state().name().equals("ACTIVE")) {
                return p.address().getHostAddress() + ", the primary";
            }
            if (p.state().name().equals("ACTIVE") && p.confirmed() && best == null) {
                best = p;
            }
        }
        return best == null ? "no active path" : best.address().getHostAddress() + ", the alternate";
    }

    private void showPaths(SctpSocket client, int id) throws ErrnoException {
        AssociationStatus st = client.status(id);
        for (PathStatus p : st.paths()) {
            say(String.format("  path %-10s %-18s %s srtt=%.1fms rto=%.0fms cwnd=%d bytes_sent=%d", p.address().getHostAddress(),
                    p.state() + (p.primary() ? " (primary)" : ""), p.confirmed() ? "confirmed" : "unconfirmed",
                    p.srttNanos() < 0 ? 0 : p.srttNanos() / 1e6, p.rtoNanos() / 1e6, p.cwnd(), p.bytesSent()));
        }
    }

    private void waitForAddressEvent(SctpSocket client, String address, Notification.AddressState state, Duration max)
            throws ErrnoException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            Received r;
            try {
                r = client.receive(Duration.ofMillis(200));
            } catch (ErrnoException e) {
                continue;
            }
            if (r instanceof Received.Event ev) {
                say("notification: " + CommandSupport.describe(ev.notification(), client));
                if (ev.notification() instanceof Notification.PeerAddressChange pc
                        && pc.address().getHostAddress().equals(address) && pc.state() == state) {
                    return;
                }
            }
        }
        say("(no " + state + " for " + address + " within " + max.toSeconds() + " s)");
    }

    private void waitForShutdown(SctpSocket client) throws ErrnoException {
        while (true) {
            Received r = client.receive(Duration.ofSeconds(10));
            if (r == null) {
                return;
            }
            if (r instanceof Received.Event ev) {
                say("notification: " + CommandSupport.describe(ev.notification(), client));
                if (ev.notification() instanceof Notification.AssociationChange c
                        && c.state() == Notification.AssociationState.SHUTDOWN_COMP) {
                    return;
                }
            }
        }
    }
}
