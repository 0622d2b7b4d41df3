package io.jsctp.raw.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;

import io.jsctp.raw.net.testing.TestNetwork;

import org.junit.jupiter.api.Test;

class PollerTest {
    @Test
    void wakeupFromAnotherThreadEndsThePoll() throws Exception {
        try (Wakeup w = Wakeup.open()) {
            Poller p = new Poller(4);
            int key = p.add(w, Poller.READABLE);
            assertEquals(0, p.poll(0));
            long t0 = System.nanoTime();
            assertEquals(0, p.poll(60));
            assertTrue(System.nanoTime() - t0 >= 50_000_000L, "waited for the timeout");

            Thread signaller = new Thread(() -> {
                try {
                    Thread.sleep(50);
                    w.signal();
                    w.signal(); // coalesces with the first
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            signaller.start();
            t0 = System.nanoTime();
            assertEquals(1, p.poll(10_000));
            assertTrue(System.nanoTime() - t0 < 5_000_000_000L);
            assertTrue(p.isReadable(key));
            signaller.join();
            assertTrue(w.drain());
            assertFalse(w.drain());
            assertEquals(0, p.poll(0));
            assertFalse(p.isReadable(key));
        }
    }

    @Test
    void closedMembersReportInvalidAtOnce() throws Exception {
        Wakeup open = Wakeup.open();
        Wakeup closed = Wakeup.open();
        Poller p = new Poller(2);
        int a = p.add(open, Poller.READABLE);
        int b = p.add(closed, Poller.READABLE);
        closed.close();
        long t0 = System.nanoTime();
        assertEquals(1, p.poll(10_000));
        assertTrue(System.nanoTime() - t0 < 1_000_000_000L, "no waiting past a closed member");
        assertEquals(Poller.INVALID, p.readyOps(b));
        assertEquals(0, p.readyOps(a));
        assertEquals(Errno.EBADF, assertThrows(ErrnoException.class, closed::signal).errno());
        assertEquals(Errno.EBADF, assertThrows(ErrnoException.class, closed::drain).errno());
        open.close();
        assertThrows(IndexOutOfBoundsException.class, () -> p.readyOps(2));
        assertThrows(IllegalStateException.class, () -> p.add(open, Poller.READABLE));
    }

    @Test
    void pollerTellsWhichRawSocketIsReadable() throws Exception {
        TestNetwork.assumeUsable();
        try (TestNetwork net = TestNetwork.create()) {
            TestNetwork.Namespace a = net.namespace("a");
            TestNetwork.Namespace b = net.namespace("b");
            net.link(a, "jsr-a0", b, "jsr-b0");
            a.addAddress("jsr-a0", "198.18.50.1/24");
            b.addAddress("jsr-b0", "198.18.50.2/24");
            InetAddress to = InetAddress.getByName("198.18.50.2");
            try (RawSctpSocket sa = a.run(() -> RawSctpSocket.open(IpFamily.IPV4));
                 RawSctpSocket sb4 = b.run(() -> RawSctpSocket.open(IpFamily.IPV4));
                 RawSctpSocket sb6 = b.run(() -> RawSctpSocket.open(IpFamily.IPV6));
                 IcmpSocket icmp = b.run(() -> IcmpSocket.open(IpFamily.IPV4));
                 Wakeup w = Wakeup.open()) {
                Poller p = new Poller(8);
                int k4 = p.add(sb4, Poller.READABLE);
                int k6 = p.add(sb6, Poller.READABLE);
                int ki = p.add(icmp, Poller.READABLE);
                int kw = p.add(w, Poller.READABLE);
                int ka = p.add(sa, 0);
                assertEquals(0, p.poll(50));

                OutgoingBatch out = sa.newOutgoingBatch();
                out.append(null, to, SctpBytes.init(1, 2, 3));
                sa.send(out);
                assertEquals(1, p.poll(3000));
                assertTrue(p.isReadable(k4));
                assertFalse(p.isReadable(k6));
                assertFalse(p.isReadable(ki));
                assertFalse(p.isReadable(kw));
                ReceivedBatch in = sb4.newReceivedBatch();
                assertEquals(1, sb4.receive(in));
                assertEquals(0, p.poll(0));

                p.setInterest(ka, Poller.WRITABLE);
                assertEquals(1, p.poll(0));
                assertTrue(p.isWritable(ka));
                assertTrue(p.member(ka) == sa);
            }
        }
    }
}
