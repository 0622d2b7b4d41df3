package io.jsctp.cli;

import io.jsctp.raw.net.ErrnoException;
import io.jsctp.raw.net.IpFamily;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jsctp connect}: sctp_connectx to every address given, prints the association and the peer's
 * addresses, sends the messages, prints the replies, and shuts down gracefully.
 */
@Command(name = "connect", description = "Associate with a peer at one or more addresses (sctp_connectx) and exchange messages.")
final class ConnectCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    StackMixin stackOptions;

    @Option(names = "--family", paramLabel = "inet|inet6", description = "Socket family (default: inet6 when an address is IPv6, else inet).")
    String family;

    @Option(names = "--bind", paramLabel = "ADDR", description = "Local address to bind (repeatable; default: all).")
    List<String> bind = new ArrayList<>();

    @Option(names = "--local-port", paramLabel = "N", description = "Local port (default: ephemeral).")
    int localPort;

    @Option(names = "--port", required = true, paramLabel = "P", description = "The peer's port.")
    int port;

    @Option(names = "--rto-initial", paramLabel = "MS", description = "RTO.Initial in milliseconds (default 1000).")
    Long rtoInitial;

    @Option(names = "--rto-min", paramLabel = "MS", description = "RTO.Min in milliseconds (default 1000).")
    Long rtoMin;

    @Option(names = "--rto-max", paramLabel = "MS", description = "RTO.Max in milliseconds (default 60000).")
    Long rtoMax;

    @Option(names = "--max-init-retransmits", paramLabel = "N", description = "Max.Init.Retransmits (default 8).")
    Integer maxInitRetransmits;

    @Option(names = "--send", paramLabel = "TEXT", description = "A message to send (repeatable).")
    List<String> send = new ArrayList<>();

    @Option(names = "--stream", paramLabel = "N", description = "Stream to send on (default 0).")
    int stream;

    @Option(names = "--ppid", paramLabel = "N", description = "Payload Protocol Identifier (default 0).")
    int ppid;

    @Option(names = "--unordered", description = "Send unordered.")
    boolean unordered;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "How long to wait for each reply (default 5).")
    double timeout = 5;

    @Parameters(arity = "1..*", paramLabel = "ADDR", description = "The peer's addresses, all tried by sctp_connectx.")
    List<String> peers;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<InetAddress> remote = Addresses.parseAll(peers);
        List<InetAddress> local = Addresses.parseAll(bind);
        List<InetAddress> all = new ArrayList<>(remote);
        all.addAll(local);
        IpFamily fam = CommandSupport.family(family, all);
        SctpStack stack = stackOptions.open(out, "connect");
        try (SctpSocket s = SctpSocket.open(stack, fam, SctpSocket.Style.ONE_TO_ONE)) {
            s.subscribe(NotificationType.ASSOCIATION_CHANGE, NotificationType.SHUTDOWN, NotificationType.PEER_ADDRESS_CHANGE);
            s.configure(p -> {
                long init = rtoInitial != null ? rtoInitial : p.rtoInitialNanos() / 1_000_000;
                long min = rtoMin != null ? rtoMin : Math.min(p.rtoMinNanos() / 1_000_000, init);
                long max = rtoMax != null ? rtoMax : Math.max(p.rtoMaxNanos() / 1_000_000, init);
                p.rto(Duration.ofMillis(init), Duration.ofMillis(Math.min(min, init)), Duration.ofMillis(max));
                if (maxInitRetransmits != null) {
                    p.maxInitRetransmits(maxInitRetransmits);
                }
            });
            if (!local.isEmpty() || localPort != 0) {
                List<InetSocketAddress> b = new ArrayList<>();
                if (local.isEmpty()) {
                    b.add(new InetSocketAddress(fam == IpFamily.IPV6 ? InetAddress.getByName("::") : InetAddress.getByName("0.0.0.0"), localPort));
                }
                for (InetAddress a : local) {
                    b.add(new InetSocketAddress(a, localPort));
                }
                s.bindx(b, true);
            }
            List<InetSocketAddress> targets = new ArrayList<>();
            for (InetAddress a : remote) {
                targets.add(new InetSocketAddress(a, port));
            }
            int id;
            try {
                id = s.connectx(targets);
            } catch (ErrnoException e) {
                err.println(e.getMessage());
                return 1;
            }
            out.println("assoc_id=" + id);
            out.println("peer_addresses=" + Addresses.text(s.getPeerAddresses(id)));
            out.println("local_addresses=" + Addresses.text(s.getLocalAddresses(id)));
            out.flush();
            int expected = 0;
            for (String text : send) {
                s.send(text.getBytes(StandardCharsets.UTF_8),
                        MessageInfo.onStream(stream).payloadProtocolId(ppid).unordered(unordered));
                expected++;
            }
            Duration wait = Duration.ofMillis((long) (timeout * 1000));
            int replies = 0;
            while (replies < expected) {
                Received r;
                try {
                    r = s.receive(wait);
                } catch (ErrnoException e) {
                    out.println("no reply within " + timeout + " s (" + (expected - replies) + " missing)");
                    break;
                }
                if (r == null) {
                    out.println("the peer shut down");
                    break;
                }
                if (r instanceof Received.Message m) {
                    replies++;
                    out.println("reply stream=" + m.info().streamId() + " ppid=" + Integer.toUnsignedString(m.info().ppid())
                            + " len=" + m.length() + " data=" + CommandSupport.quote(m.data()));
                } else if (r instanceof Received.Event ev) {
                    out.println(CommandSupport.describe(ev.notification(), s));
                }
                out.flush();
            }
            s.shutdown();
            while (true) {
                Received r;
                try {
                    r = s.receive(Duration.ofSeconds(10));
                } catch (ErrnoException e) {
                    out.println("shutdown did not complete within 10 s");
                    return 1;
                }
                if (r == null) {
                    break;
                }
                if (r instanceof Received.Event ev) {
                    out.println(CommandSupport.describe(ev.notification(), s));
                    if (ev.notification() instanceof Notification.AssociationChange c
                            && (c.state() == Notification.AssociationState.SHUTDOWN_COMP
                            || c.state() == Notification.AssociationState.COMM_LOST)) {
                        break;
                    }
                }
            }
            out.println("closed");
        } finally {
            stack.close();
        }
        return 0;
    }
}
