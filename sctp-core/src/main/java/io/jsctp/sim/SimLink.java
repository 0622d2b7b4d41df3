package io.jsctp.sim;

import java.net.InetAddress;

/**
 * A point-to-point link between two addresses (of two hosts). Each direction has its own
 * conditions and can be cut and restored; a path of a multi-homed association is one such link.
 */
public final class SimLink {
    /** One direction of the link. */
    public static final class Direction {
        final InetAddress from;
        final InetAddress to;
        LinkConditions conditions;
        boolean cut;
        long busyUntil;  // when the transmitter is free again (bandwidth model)
        long lastArrival; // to keep FIFO order unless reordering is asked for
        long packets;
        long bytes;
        long dropped;

        Direction(InetAddress from, InetAddress to, LinkConditions c) {
            this.from = from;
            this.to = to;
            this.conditions = c;
        }

        public LinkConditions conditions() {
            return conditions;
        }

        public boolean isCut() {
            return cut;
        }

        /** Packets carried (delivered at least once). */
        public long packets() {
            return packets;
        }

        /** IP bytes carried. */
        public long bytes() {
            return bytes;
        }

        /** Packets dropped by loss, cut, MTU or a full queue. */
        public long dropped() {
            return dropped;
        }
    }

    final int index;
    final Direction forward;
    final Direction backward;

    SimLink(int index, InetAddress a, InetAddress b, LinkConditions c) {
        this.index = index;
        this.forward = new Direction(a, b, c.copy());
        this.backward = new Direction(b, a, c.copy());
    }

    public int index() {
        return index;
    }

    public InetAddress a() {
        return forward.from;
    }

    public InetAddress b() {
        return forward.to;
    }

    /** The direction from {@code from}, or null when the address is not an end of this link. */
    public Direction from(InetAddress from) {
        return forward.from.equals(from) ? forward : backward.from.equals(from) ? backward : null;
    }

    public Direction forward() {
        return forward;
    }

    public Direction backward() {
        return backward;
    }

    boolean connects(InetAddress x, InetAddress y) {
        return forward.from.equals(x) && forward.to.equals(y) || forward.from.equals(y) && forward.to.equals(x);
    }

    /** Cuts both directions now. */
    public void cut() {
        forward.cut = true;
        backward.cut = true;
    }

    /** Restores both directions now. */
    public void restore() {
        forward.cut = false;
        backward.cut = false;
    }

    public boolean isCut() {
        return forward.cut && backward.cut;
    }

    /** Applies the same conditions to both directions. */
    public SimLink conditions(LinkConditions c) {
        forward.conditions = c.copy();
        backward.conditions = c.copy();
        return this;
    }

    @Override
    public String toString() {
        return "link " + index + " " + forward.from.getHostAddress() + "<->" + forward.to.getHostAddress();
    }
}
