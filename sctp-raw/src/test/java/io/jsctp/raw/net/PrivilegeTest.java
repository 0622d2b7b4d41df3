package io.jsctp.raw.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.Callable;

import io.jsctp.raw.net.testing.TestNetwork;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

import org.junit.jupiter.api.Test;

/**
 * Without CAP_NET_RAW, socket(SOCK_RAW) fails with EPERM, and the exception says what is missing.
 *
 * <p>As root the test drops CAP_NET_RAW from one thread only (capabilities are per thread on Linux,
 * capabilities(7), and capset(2) changes only the caller), inside a throw-away namespace; as a normal
 * user the capability is missing anyway. Either way the test runs and asserts.
 */
class PrivilegeTest {
    /** capget(2)/capset(2), bound for this test only. */
    public interface Caps {
        int capget(Pointer header, Pointer data);

        int capset(Pointer header, Pointer data);
    }

    static final int LINUX_CAPABILITY_VERSION_3 = 0x20080522;
    static final int CAP_NET_RAW = 13;

    @Test
    void rawSocketWithoutCapNetRawFailsWithEpermAndSaysWhy() throws Exception {
        ErrnoException e = withoutNetRaw(() -> RawSctpSocket.open(IpFamily.IPV4));
        assertEquals(Errno.EPERM, e.errno());
        assertTrue(e.getMessage().startsWith("socket(AF_INET, SOCK_RAW, IPPROTO_SCTP): EPERM (Operation not permitted)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("CAP_NET_RAW (or root)"), e.getMessage());

        ErrnoException e6 = withoutNetRaw(() -> RawSctpSocket.open(IpFamily.IPV6));
        assertEquals(Errno.EPERM, e6.errno());
        ErrnoException icmp = withoutNetRaw(() -> IcmpSocket.open(IpFamily.IPV4));
        assertEquals(Errno.EPERM, icmp.errno());
        assertTrue(icmp.getMessage().contains("CAP_NET_RAW"), icmp.getMessage());
    }

    /** Runs {@code open} without CAP_NET_RAW and returns the ErrnoException it must throw. */
    static ErrnoException withoutNetRaw(Callable<? extends AutoCloseable> open) throws Exception {
        if (!TestNetwork.isRoot()) {
            return assertThrows(ErrnoException.class, open::call);
        }
        try (TestNetwork net = TestNetwork.create()) {
            TestNetwork.Namespace ns = net.namespace("p");
            return ns.run(() -> {
                dropNetRawFromThisThread();
                return assertThrows(ErrnoException.class, open::call);
            });
        }
    }

    static void dropNetRawFromThisThread() {
        Caps caps = LibraryLoader.create(Caps.class).load("c");
        Runtime rt = Runtime.getRuntime(caps);
        ByteBuffer header = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder());
        ByteBuffer data = ByteBuffer.allocateDirect(24).order(ByteOrder.nativeOrder()); // 2 x {eff, perm, inh}
        header.putInt(0, LINUX_CAPABILITY_VERSION_3).putInt(4, 0); // pid 0: the calling thread
        Pointer h = Pointer.wrap(rt, header);
        Pointer d = Pointer.wrap(rt, data);
        if (caps.capget(h, d) != 0) {
            throw new IllegalStateException("capget failed: errno " + rt.getLastError());
        }
        int mask = ~(1 << CAP_NET_RAW);
        data.putInt(0, data.getInt(0) & mask); // effective
        data.putInt(4, data.getInt(4) & mask); // permitted
        if (caps.capset(h, d) != 0) {
            throw new IllegalStateException("capset failed: errno " + rt.getLastError());
        }
    }
}
