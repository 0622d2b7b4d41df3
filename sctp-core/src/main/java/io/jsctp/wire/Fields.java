package io.jsctp.wire;

/** Range checks for record fields, so that a value that cannot be encoded is refused when made. */
final class Fields {
    private Fields() {}

    static void check8(String what, int v) {
        if (v < 0 || v > 0xff) {
            throw new IllegalArgumentException(what + " must fit 8 bits: " + v);
        }
    }

    static void check16(String what, int v) {
        if (v < 0 || v > 0xffff) {
            throw new IllegalArgumentException(what + " must fit 16 bits: " + v);
        }
    }

    static void checkU32(String what, long v) {
        if (v < 0 || v > 0xffffffffL) {
            throw new IllegalArgumentException(what + " must fit 32 bits unsigned: " + v);
        }
    }
}
