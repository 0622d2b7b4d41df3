package io.jsctp.cli;

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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jsctp listen}: serves on a port, printing each association and message; echoes on request. */
@Command(name = "listen", description = "Accept associations on a port and print what arrives.")
final class ListenCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    StackMixin stackOptions;

    @Option(names = "--family", paramLabel = "inet|inet6", description = "Socket family (default: inet6 when a bound address is IPv6, else inet).")
    String family;

    @Option(names = "--bind", paramLabel = "ADDR", description = "Local address to bind (repeatable; default: all).")
    List<String> bind = new ArrayList<>();

    @Option(names = "--port", required = true, paramLabel = "P", description = "Port to listen on.")
    int port;

    @Option(names = "--echo", description = "Send every message back on its stream with its PPID.")
    boolean echo;

    @Option(names = "--count", paramLabel = "N", description = "Exit after N messages.")
    long count = -1;

    @Option(names = "--quiet", description = "Do not print message contents, only a summary per association.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<InetAddress> addrs = Addresses.parseAll(bind);
        IpFamily fam = CommandSupport.family(family, addrs);
        SctpStack stack = stackOptions.open(out, "listen");
        try (SctpSocket s = SctpSocket.open(stack, fam, SctpSocket.Style.ONE_TO_MANY)) {
            s.subscribe(NotificationType.ASSOCIATION_CHANGE, NotificationType.SHUTDOWN, NotificationType.PEER_ADDRESS_CHANGE);
            List<InetSocketAddress> local = new ArrayList<>();
            if (addrs.isEmpty()) {
                local.add(new InetSocketAddress(fam == IpFamily.IPV6 ? InetAddress.getByName("::") : InetAddress.getByName("0.0.0.0"), port));
            } else {
                for (InetAddress a : addrs) {
                    local.add(new InetSocketAddress(a, port));
                }
            }
            s.bindx(local, true);
            s.listen(128);
            out.println("listening on " + Addresses.text(s.getLocalAddresses()) + " port " + port);
            out.flush();
            long messages = 0;
            while (count < 0 || messages < count) {
                Received r = s.receive();
                if (r instanceof Received.Event ev) {
                    out.println(CommandSupport.describe(ev.notification(), s));
                } else if (r instanceof Received.Message m) {
                    messages++;
                    MessageInfo i = m.info();
                    if (!quiet) {
                        out.println("assoc=" + i.associationId() + " stream=" + i.streamId() + " ppid="
                                + Integer.toUnsignedString(i.ppid()) + (i.unordered() ? " unordered" : "")
                                + (i.complete() ? "" : " partial") + " len=" + m.length() + " data="
                                + CommandSupport.quote(m.data()));
                    }
                    if (echo) {
                        s.send(m.data(), MessageInfo.onStream(i.streamId()).payloadProtocolId(i.ppid())
                                .unordered(i.unordered()).association(i.associationId()));
                    }
                }
                out.flush();
            }
            out.println("received " + messages + " messages; closing");
        } finally {
            // Give graceful shutdowns a moment before the loop stops.
            Thread.sleep(200);
            stack.close();
        }
        return 0;
    }
}
