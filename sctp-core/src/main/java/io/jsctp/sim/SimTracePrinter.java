package io.jsctp.sim;

import io.jsctp.engine.TraceEvent;
import io.jsctp.wire.DecodeOptions;
import io.jsctp.wire.MalformedPacketException;
import io.jsctp.wire.PacketDecoder;
import io.jsctp.wire.PacketPrinter;
import io.jsctp.wire.SctpPacket;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;

/**
 * Prints what happens in a simulation, one line per event with its virtual time and host:
 * state changes in RFC 9260 §4's names ({@code 12.000ms host-a COOKIE-WAIT -> COOKIE-ECHOED (INIT
 * ACK received)}), every packet sent, and timer, path and congestion events.
 */
public final class SimTracePrinter implements Simulator.TraceObserver, Simulator.PacketObserver {
    private final PrintStream out;
    private final boolean congestion;

    /**
     * @param congestion also print every congestion-window change (one line per SACK: verbose)
     */
    public SimTracePrinter(PrintStream out, boolean congestion) {
        this.out = out;
        this.congestion = congestion;
    }

    public void attach(Simulator sim) {
        sim.addTraceObserver(this);
        sim.addPacketObserver(this);
    }

    @Override
    public void trace(SimHost host, TraceEvent e) {
        String line;
        if (e instanceof TraceEvent.StateChanged s) {
            line = s.from() + " -> " + s.to() + " (" + s.cause() + ")";
        } else if (e instanceof TraceEvent.TimerStarted t) {
            line = "timer " + t.timer().displayName() + path(t.path()) + " started, " + ms(t.durationNanos());
        } else if (e instanceof TraceEvent.TimerExpired t) {
            line = "timer " + t.timer().displayName() + path(t.path()) + " expired (#" + t.expirations() + ")";
        } else if (e instanceof TraceEvent.PathStateChanged p) {
            line = "path " + p.path().getHostAddress() + " " + p.from() + " -> " + p.to() + " (" + p.cause() + ")";
        } else if (e instanceof TraceEvent.PacketDiscarded d) {
            line = "discarded packet from " + d.source().getHostAddress() + ": " + d.reason();
        } else if (e instanceof TraceEvent.Retransmitted r) {
            line = (r.fast() ? "fast " : "") + "retransmit TSN " + Integer.toUnsignedString(r.tsn()) + " to "
                    + r.path().getHostAddress();
        } else if (e instanceof TraceEvent.CongestionChanged c) {
            if (!congestion && !c.cause().contains("timeout") && !c.cause().contains("fast")) {
                return;
            }
            line = "cwnd " + c.path().getHostAddress() + " " + c.cwnd() + " ssthresh " + c.ssthresh() + " flight "
                    + c.flightSize() + " rto " + ms(c.rtoNanos()) + " (" + c.cause() + ")";
        } else {
            line = e.toString();
        }
        out.println(time(e.time()) + " " + host.name() + " " + line);
    }

    @Override
    public void packet(long time, SimHost host, boolean outbound, InetAddress source, InetAddress destination,
                       byte[] sctp) {
        if (!outbound) {
            return; // each packet is shown once, when it leaves
        }
        String summary;
        try {
            SctpPacket p = PacketDecoder.decode(ByteBuffer.wrap(sctp), 0, sctp.length, DecodeOptions.RECEIVER);
            summary = "vtag=" + String.format("0x%08x", p.verificationTag()) + " " + PacketPrinter.summarize(p);
        } catch (MalformedPacketException ex) {
            summary = "malformed: " + ex.getMessage();
        }
        out.println(time(time) + " " + host.name() + " " + source.getHostAddress() + " > "
                + destination.getHostAddress() + " " + summary);
    }

    static String time(long nanos) {
        return String.format("%.3fms", nanos / 1e6);
    }

    private static String ms(long nanos) {
        return String.format("%.1fms", nanos / 1e6);
    }

    private static String path(InetAddress a) {
        return a == null ? "" : "[" + a.getHostAddress() + "]";
    }
}
