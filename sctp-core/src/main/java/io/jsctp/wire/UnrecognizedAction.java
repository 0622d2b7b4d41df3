package io.jsctp.wire;

/**
 * What a receiver does with a chunk or parameter type it does not understand. The sender encodes the
 * answer in the two highest bits of the type, so that old receivers treat new types the way the
 * designer of the new type wanted.
 */
public enum UnrecognizedAction {
    /** 00: stop processing; discard this and everything after it. */
    STOP(false, false),
    /** 01: stop processing, and report the unrecognized type to the sender. */
    STOP_AND_REPORT(false, true),
    /** 10: skip it and continue with the next one. */
    SKIP(true, false),
    /** 11: skip it, continue, and report it to the sender. */
    SKIP_AND_REPORT(true, true);

    private final boolean continues;
    private final boolean reports;

    UnrecognizedAction(boolean continues, boolean reports) {
        this.continues = continues;
        this.reports = reports;
    }

    /** True when processing goes on after the unrecognized item. */
    public boolean continues() {
        return continues;
    }

    /** True when the unrecognized item is reported back (ERROR chunk or Unrecognized Parameter). */
    public boolean reports() {
        return reports;
    }

    /** RFC 9260 §3.2: the action for a chunk type, from bits 7 and 6 of the 8-bit type. */
    public static UnrecognizedAction forChunkType(int type) {
        return values()[(type >>> 6) & 0x3];
    }

    /** RFC 9260 §3.2.1: the action for a parameter type, from bits 15 and 14 of the 16-bit type. */
    public static UnrecognizedAction forParameterType(int type) {
        return values()[(type >>> 14) & 0x3];
    }
}
