package io.jsctp.bench;

import io.jsctp.raw.net.IpFamily;
import io.jsctp.socket.MessageInfo;
import io.jsctp.socket.Received;
import io.jsctp.socket.SctpSocket;
import io.jsctp.socket.SctpStack;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Quick bulk-throughput probe over loopback (development aid). */
public final class ThroughputProbe {
    public static void main(String[] args) throws Exception {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 65536;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 5;
        SctpStack stack = SctpStack.defaultStack();
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        try (SctpSocket server = SctpSocket.open(stack, IpFamily.IPV4, SctpSocket.Style.ONE_TO_ONE);
             SctpSocket client = SctpSocket.open(stack, IpFamily.IPV4, SctpSocket.Style.ONE_TO_ONE)) {
            for (SctpSocket s : List.of(server, client)) {
                s.configure(p -> p.sendBuffer(8 << 20).receiveBuffer(8 << 20).maxMessageSize(1 << 20));
            }
            server.bind(new InetSocketAddress(lo, 5998));
            server.listen(1);
            client.connectx(List.of(new InetSocketAddress(lo, 5998)));
            SctpSocket acc = server.accept(Duration.ofSeconds(5));
            AtomicLong received = new AtomicLong();
            Thread reader = new Thread(() -> {
                try {
                    while (true) {
                        Received r = acc.receive(Duration.ofSeconds(2));
                        if (r instanceof Received.Message m) {
                            received.addAndGet(m.length());
                        } else if (r == null) {
                            return;
                        }
                    }
                } catch (Exception e) {
                    // done
                }
            });
            reader.start();
            Thread watch = new Thread(() -> {
                try {
                    while (true) {
                        Thread.sleep(2000);
                        var st = client.status(0);
                        System.out.println("client " + st.state() + " peerRwnd=" + st.peerReceiveWindow() + " unacked=" + st.unacknowledged() + " " + st.paths().get(0));
                        var st2 = acc.status(0);
                        System.out.println("stack sendErrors=" + stack.sendErrors() + " " + stack.sendErrorsByErrno());
                        System.out.println("server rwnd=" + st2.receiveWindow() + " " + st2.counters());
                    }
                } catch (Exception e) {
                    // done
                }
            });
            watch.setDaemon(true);
            if (System.getenv("WATCH") != null) watch.start();
            byte[] data = new byte[size];
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            long sent = 0;
            while (System.nanoTime() < end) {
                client.send(data, MessageInfo.onStream(0));
                sent += size;
            }
            long t = System.nanoTime() - start;
            Thread.sleep(500);
            System.out.printf("size=%d sent=%.1fMB in %.2fs -> %.0f Mbit/s; received %.0f Mbit/s%n", size, sent / 1e6,
                    t / 1e9, sent * 8 / (t / 1e9) / 1e6, received.get() * 8 / (t / 1e9) / 1e6);
            System.out.println(client.status(0).counters());
        }
        stack.close();
    }
}
