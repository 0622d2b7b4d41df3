package io.jsctp.raw.net;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.jsctp.raw.net.testing.TestNetwork;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A measurement, not a test: packets per second of 1400-byte SCTP packets over a veth pair between two
 * namespaces, with sendmmsg/recvmmsg batches against one packet per call. Disabled unless asked for:
 *
 * <pre>
 * mvn -q -B -pl sctp-raw -am test -Dtest=VethThroughputBenchmark -Djsctp.bench=true \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * <p>Each configuration runs for {@code jsctp.bench.seconds} (default 3) after a short warm-up; the
 * figures are printed as packets/s handed to the kernel, packets/s received, the payload rate and the
 * ratio to the one-packet-per-call baseline of the same run (absolute numbers depend on the machine and
 * on what else runs on it; ratios are what to compare).
 */
@EnabledIfSystemProperty(named = "jsctp.bench", matches = "true")
class VethThroughputBenchmark {
    static final int PACKET_BYTES = 1400;

    record Result(String name, double sentPerSecond, double receivedPerSecond, long kernelDrops, long blocked) {}

    @Test
    void measure() throws Exception {
        TestNetwork.assumeUsable();
        double seconds = Double.parseDouble(System.getProperty("jsctp.bench.seconds", "3"));
        try (TestNetwork net = TestNetwork.create()) {
            TestNetwork.Namespace a = net.namespace("a");
            TestNetwork.Namespace b = net.namespace("b");
            net.link(a, "jsr-a0", b, "jsr-b0");
            a.addAddress("jsr-a0", "198.18.70.1/24");
            b.addAddress("jsr-b0", "198.18.70.2/24");
            InetAddress from = InetAddress.getByName("198.18.70.1");
            InetAddress to = InetAddress.getByName("198.18.70.2");

            int[][] configs = {{1, 1}, {1, 64}, {64, 1}, {8, 64}, {32, 64}, {64, 64}, {256, 256}};
            run(a, b, from, to, 64, 64, 0.5); // warm-up: JIT, ARP
            Result baseline = null;
            StringBuilder report = new StringBuilder();
            report.append(String.format(Locale.ROOT, "%-26s %12s %12s %10s %8s %10s %10s%n",
                    "send batch / recv batch", "sent pkt/s", "recv pkt/s", "Gbit/s", "x base", "rcv drops", "blocked"));
            for (int[] c : configs) {
                Result r = run(a, b, from, to, c[0], c[1], seconds);
                if (baseline == null) {
                    baseline = r;
                }
                report.append(String.format(Locale.ROOT, "%-26s %12.0f %12.0f %10.2f %8.2f %10d %10d%n",
                        r.name(), r.sentPerSecond(), r.receivedPerSecond(),
                        r.receivedPerSecond() * PACKET_BYTES * 8 / 1e9,
                        r.receivedPerSecond() / baseline.receivedPerSecond(), r.kernelDrops(), r.blocked()));
            }
            System.out.println("veth, " + PACKET_BYTES + "-byte SCTP packets, " + seconds + " s each, "
                    + java.lang.Runtime.getRuntime().availableProcessors() + " CPUs, JDK "
                    + System.getProperty("java.version") + "\n" + report);
        }
    }

    Result run(TestNetwork.Namespace a, TestNetwork.Namespace b, InetAddress from, InetAddress to,
               int sendBatch, int receiveBatch, double seconds) throws Exception {
        RawSocketOptions sendOptions = RawSocketOptions.defaults().batchSize(sendBatch).slotBytes(2048);
        RawSocketOptions receiveOptions = RawSocketOptions.defaults().batchSize(receiveBatch).slotBytes(2048)
                .receiveBufferBytes(16 << 20);
        try (RawSctpSocket sa = a.run(() -> RawSctpSocket.open(IpFamily.IPV4, sendOptions));
             RawSctpSocket sb = b.run(() -> RawSctpSocket.open(IpFamily.IPV4, receiveOptions))) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong received = new AtomicLong();
            AtomicLong drops = new AtomicLong();
            Thread receiver = new Thread(() -> {
                ReceivedBatch in = sb.newReceivedBatch();
                long n = 0;
                try {
                    while (!stop.get()) {
                        int got = sb.receive(in);
                        if (got == 0) {
                            sb.awaitReadable(20);
                            continue;
                        }
                        for (int i = 0; i < got; i++) {
                            // Touch what a stack would: the verification tag of each packet.
                            n += in.packet(i).getInt(4) == 0x0badf00d ? 1 : 0;
                        }
                    }
                } catch (ErrnoException e) {
                    throw new AssertionError(e);
                }
                received.set(n);
                drops.set(in.kernelDropCount());
            }, "jsr-bench-receiver");
            receiver.start();

            ByteBuffer template = SctpBytes.data(1, 2, 0x0badf00d, 0, PACKET_BYTES);
            OutgoingBatch out = sa.newOutgoingBatch();
            long sent = 0;
            long blocked = 0;
            long t0 = System.nanoTime();
            long end = t0 + (long) (seconds * 1e9);
            while (System.nanoTime() < end) {
                out.clear();
                while (!out.isFull()) {
                    out.append(from, to).put(template.duplicate()); // the "encode": one copy into the slot
                }
                while (out.pendingCount() > 0) {
                    sa.send(out);
                    if (out.blockedBy() != null) {
                        blocked++;
                        sa.awaitWritable(10); // ENOBUFS/EAGAIN: the send buffer is full
                        if (System.nanoTime() >= end) {
                            break;
                        }
                    }
                }
                sent += out.sentCount();
            }
            double elapsed = (System.nanoTime() - t0) / 1e9;
            Thread.sleep(200); // let the receiver drain what is in flight
            stop.set(true);
            receiver.join();
            return new Result(sendBatch + " / " + receiveBatch, sent / elapsed, received.get() / elapsed,
                    drops.get(), blocked);
        }
    }
}
