package io.jsctp.raw.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ErrnoTest {
    @Test
    void numbersNamesAndMessagesAreLinuxs() {
        assertEquals(1, Errno.EPERM.number());
        assertEquals("Operation not permitted", Errno.EPERM.message());
        assertEquals(11, Errno.EAGAIN.number());
        assertEquals(22, Errno.EINVAL.number());
        assertEquals(32, Errno.EPIPE.number());
        assertEquals(90, Errno.EMSGSIZE.number());
        assertEquals(95, Errno.EOPNOTSUPP.number());
        assertEquals(98, Errno.EADDRINUSE.number());
        assertEquals(101, Errno.ENETUNREACH.number());
        assertEquals(105, Errno.ENOBUFS.number());
        assertEquals(110, Errno.ETIMEDOUT.number());
        assertEquals(111, Errno.ECONNREFUSED.number());
        assertEquals("Connection refused", Errno.ECONNREFUSED.message());
        assertEquals(113, Errno.EHOSTUNREACH.number());
        assertEquals(115, Errno.EINPROGRESS.number());
        assertEquals("No route to host", Errno.EHOSTUNREACH.message());
        assertEquals("Transport endpoint is already connected", Errno.EISCONN.message());
    }

    @Test
    void aliasesShareTheirNumber() {
        assertSame(Errno.EAGAIN, Errno.EWOULDBLOCK);
        assertSame(Errno.EOPNOTSUPP, Errno.ENOTSUP);
        assertSame(Errno.EDEADLK, Errno.EDEADLOCK);
        assertTrue(Errno.EWOULDBLOCK.isWouldBlock());
    }

    @Test
    void fromNumberRoundTripsAndNeverFails() {
        Set<Integer> seen = new HashSet<>();
        for (Errno e : Errno.values()) {
            if (e == Errno.UNKNOWN) {
                continue;
            }
            assertTrue(seen.add(e.number()), "duplicate number " + e.number());
            assertSame(e, Errno.fromNumber(e.number()));
        }
        assertEquals(131, seen.size(), "1..133 without the two unused numbers 41 and 58");
        for (int n : new int[] {0, -1, 41, 58, 134, 4095, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            assertSame(Errno.UNKNOWN, Errno.fromNumber(n));
        }
        assertEquals("Unknown error 41", Errno.messageOf(41));
        assertEquals("Bad file descriptor", Errno.messageOf(9));
    }

    @Test
    void exceptionMessageReadsLikePerrorWithTheName() {
        ErrnoException e = new ErrnoException("connectx", Errno.ECONNREFUSED);
        assertEquals("connectx: ECONNREFUSED (Connection refused)", e.getMessage());
        assertSame(Errno.ECONNREFUSED, e.errno());
        assertEquals(111, e.number());
        assertEquals("connectx", e.operation());
        assertNull(e.detail());
        assertTrue(e instanceof IOException);

        ErrnoException d = new ErrnoException("socket", 1, "raw sockets need CAP_NET_RAW");
        assertEquals("socket: EPERM (Operation not permitted): raw sockets need CAP_NET_RAW", d.getMessage());

        ErrnoException u = new ErrnoException("ioctl", 4000);
        assertSame(Errno.UNKNOWN, u.errno());
        assertEquals(4000, u.number(), "the raw number survives");
        assertEquals("ioctl: errno 4000 (Unknown error 4000)", u.getMessage());

        Throwable cause = new IOException("low level");
        ErrnoException c = new ErrnoException("", Errno.EIO, null, cause);
        assertEquals("EIO (Input/output error)", c.getMessage());
        assertSame(cause, c.getCause());
    }
}
