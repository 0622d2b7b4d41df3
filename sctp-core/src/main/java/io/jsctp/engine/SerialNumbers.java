package io.jsctp.engine;

/**
 * Serial number arithmetic (RFC 1982) for TSNs (32 bits) and stream sequence numbers (16 bits),
 * as RFC 9260 §1.6 requires: every comparison of TSNs or SSNs in the engine goes through here, so
 * that wrap-around from 0xffffffff to 0 (or 0xffff to 0) just works.
 *
 * <p>Two numbers exactly half the space apart are not comparable in RFC 1982; here they compare as
 * "less than" in one direction, which never happens in practice because the windows involved are
 * far smaller than half the space.
 */
public final class SerialNumbers {
    private SerialNumbers() {}

    /** a &lt; b for 32-bit serial numbers. */
    public static boolean lt(int a, int b) {
        return a - b < 0;
    }

    /** a &lt;= b for 32-bit serial numbers. */
    public static boolean le(int a, int b) {
        return a - b <= 0;
    }

    /** a &gt; b for 32-bit serial numbers. */
    public static boolean gt(int a, int b) {
        return a - b > 0;
    }

    /** a &gt;= b for 32-bit serial numbers. */
    public static boolean ge(int a, int b) {
        return a - b >= 0;
    }

    /** The later of two 32-bit serial numbers. */
    public static int max(int a, int b) {
        return gt(a, b) ? a : b;
    }

    /** Distance from a to b (b - a) for 32-bit serial numbers, as a signed int. */
    public static int distance(int a, int b) {
        return b - a;
    }

    /** a &lt; b for 16-bit serial numbers (stream sequence numbers). */
    public static boolean lt16(int a, int b) {
        return (short) (a - b) < 0;
    }

    /** The 16-bit successor of a. */
    public static int next16(int a) {
        return (a + 1) & 0xffff;
    }
}
