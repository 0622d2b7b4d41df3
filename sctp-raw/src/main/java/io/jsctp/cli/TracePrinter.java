package io.jsctp.cli;

import io.jsctp.engine.TraceEvent;
import io.jsctp.socket.SctpStack;
import io.jsctp.wire.DecodeOptions;
import io.jsctp.wire.MalformedPacketException;
import io.jsctp.wire.PacketDecoder;
import io.jsctp.wire.PacketPrinter;
import io.jsctp.wire.SctpPacket;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.ByteBuffer;

/** Prints a stack's packets and engine events as they happen, one line each, with time since start. */
final class TracePrinter {
    private final PrintWriter out;
    private final long start = System.nanoTime();

    private TracePrinter(PrintWriter out) {
        this.out = out;
    }

    static void attach(SctpStack stack, PrintWriter out) {
        TracePrinter p = new TracePrinter(out);
        stack.addPacketObserver(p::packet);
        stack.addTracer(line -> p.event(line.event()));
    }

    private String time(long nanos) {
        return String.format("%10.3fms", (nanos - start) / 1e6);
    }

    private void packet(long nanoTime, boolean outbound, InetAddress src, InetAddress dst, ByteBuffer sctp) {
        String summary;
        try {
            SctpPacket p = PacketDecoder.decode(sctp, sctp.position(), sctp.remaining(), DecodeOptions.RECEIVER);
            summary = String.format("vtag=0x%08x ", p.verificationTag()) + PacketPrinter.summarize(p);
        } catch (MalformedPacketException e) {
            summary = "malformed: " + e.getMessage();
        }
        synchronized (out) {
            out.println(time(nanoTime) + (outbound ? " >> " : " << ") + (src == null ? "?" : src.getHostAddress()) + " > "
                    + dst.getHostAddress() + " " + summary);
        }
    }

    private void event(TraceEvent e) {
        String line;
        if (e instanceof TraceEvent.StateChanged s) {
            line = "assoc " + s.associationId() + " " + s.from() + " -> " + s.to() + " (" + s.cause() + ")";
        } else if (e instanceof TraceEvent.PathStateChanged p) {
            line = "assoc " + p.associationId() + " path " + p.path().getHostAddress() + " " + p.from() + " -> " + p.to()
                    + " (" + p.cause() + ")";
        } else if (e instanceof TraceEvent.TimerExpired t) {
            line = "assoc " + t.associationId() + " timer " + t.timer().displayName()
                    + (t.path() == null ? "" : "[" + t.path().getHostAddress() + "]") + " expired";
        } else if (e instanceof TraceEvent.TimerStarted t) {
            line = "assoc " + t.associationId() + " timer " + t.timer().displayName()
                    + (t.path() == null ? "" : "[" + t.path().getHostAddress() + "]")
                    + String.format(" started %.1fms", t.durationNanos() / 1e6);
        } else if (e instanceof TraceEvent.Retransmitted r) {
            line = "assoc " + r.associationId() + (r.fast() ? " fast" : "") + " retransmit TSN "
                    + Integer.toUnsignedString(r.tsn()) + " to " + r.path().getHostAddress();
        } else if (e instanceof TraceEvent.PacketDiscarded d) {
            line = "discarded from " + d.source().getHostAddress() + ": " + d.reason();
        } else {
            return; // congestion updates are too many for a live trace
        }
        synchronized (out) {
            out.println(time(e.time()) + " -- " + line);
        }
    }
}
