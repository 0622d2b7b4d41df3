package io.jsctp.engine.tx;

import static io.jsctp.engine.SerialNumbers.gt;
import static io.jsctp.engine.SerialNumbers.lt;

import io.jsctp.engine.OutgoingMessage;
import io.jsctp.engine.path.Path;
import io.jsctp.wire.DataChunk;
import io.jsctp.wire.SackChunk;
import java.util.List;
import java.util.function.Consumer;

/**
 * The DATA chunks sent and not yet acknowledged cumulatively, in TSN order, and what SACKs do to
 * them (RFC 9260 §6.2.1, §6.3, §7.2.4): cumulative and gap acknowledgement, RTT measurement under
 * Karn's rule, miss indications with the HTNA rule, marking for fast retransmission and for
 * retransmission after a timeout, reneging, and the peer's receive window.
 *
 * <p>Chunks live in a ring indexed by their offset from the first unacknowledged TSN, so finding a
 * chunk by TSN costs one subtraction and a SACK without gap blocks costs only the chunks it
 * acknowledges.
 */
public final class RetransmissionQueue {
    private SentChunk[] ring = new SentChunk[64];
    private int head;
    private int size;
    private int cumAckPoint;    // highest TSN acknowledged cumulatively
    private int nextTsn;        // TSN the next new chunk gets
    private long outstandingBytes; // bytes in flight, all destinations
    private long peerRwnd;
    private int marked;         // chunks marked for retransmission
    private int gapAcked;       // chunks currently gap-acknowledged
    private final SackOutcome outcome = new SackOutcome();

    /**
     * @param initialTsn the Initial TSN this side announced (its first DATA chunk carries it)
     * @param peerRwnd   the a_rwnd the peer announced in its INIT or INIT ACK (§6.2.1 A)
     */
    public RetransmissionQueue(int initialTsn, long peerRwnd) {
        this.nextTsn = initialTsn;
        this.cumAckPoint = initialTsn - 1;
        this.peerRwnd = peerRwnd;
    }

    public int nextTsn() {
        return nextTsn;
    }

    public int cumAckPoint() {
        return cumAckPoint;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Chunks sent and not yet acknowledged cumulatively. */
    public int size() {
        return size;
    }

    /** The i-th unacknowledged chunk in TSN order. */
    public SentChunk at(int i) {
        return ring[(head + i) & (ring.length - 1)];
    }

    /** Bytes in flight to all destinations. */
    public long outstandingBytes() {
        return outstandingBytes;
    }

    /** The peer's receive window as this side estimates it (§6.2.1). */
    public long peerRwnd() {
        return peerRwnd;
    }

    /** Chunks marked for retransmission and not yet retransmitted. */
    public int markedCount() {
        return marked;
    }

    /** True when nothing is in flight (all outstanding chunks acknowledged or marked). */
    public boolean nothingInFlight() {
        return outstandingBytes == 0;
    }

    /** Records the first transmission of a new chunk; its TSN must be {@link #nextTsn()}. */
    public void sent(DataChunk chunk, OutgoingMessage message, boolean endOfMessage, Path path, long now) {
        if (chunk.tsn() != nextTsn) {
            throw new IllegalArgumentException("expected TSN " + Integer.toUnsignedString(nextTsn) + ", got "
                    + Integer.toUnsignedString(chunk.tsn()));
        }
        if (size == ring.length) {
            grow();
        }
        SentChunk s = new SentChunk();
        s.chunk = chunk;
        s.message = message;
        s.endOfMessage = endOfMessage;
        s.transmissions = 1;
        ring[(head + size) & (ring.length - 1)] = s;
        size++;
        nextTsn++;
        putInFlight(s, path, now);
        if (!path.rttProbeActive()) {
            path.startRttProbe(chunk.tsn(), now); // §6.3.1 C4: time one chunk per round trip
        }
    }

    /** Records the retransmission of a chunk that was marked for it. */
    public void retransmitted(SentChunk s, Path path, long now) {
        if (!s.markedForRetransmission) {
            throw new IllegalStateException("TSN " + Integer.toUnsignedString(s.tsn()) + " is not marked for retransmission");
        }
        s.markedForRetransmission = false;
        marked--;
        if (s.fastRetransmit) {
            s.fastRetransmitted = true;
            s.fastRetransmit = false;
        }
        s.missIndications = 0;
        s.transmissions++;
        if (s.path.rttProbeActive() && s.path.rttProbeTsn() == s.tsn()) {
            s.path.cancelRttProbe(); // Karn: a retransmitted chunk gives no RTT sample
        }
        putInFlight(s, path, now);
    }

    private void putInFlight(SentChunk s, Path path, long now) {
        s.path = path;
        s.sentNanos = now;
        s.inFlight = true;
        path.addFlight(s.size());
        outstandingBytes += s.size();
        peerRwnd = Math.max(0, peerRwnd - s.size()); // §6.2.1 B
    }

    private void takeOutOfFlight(SentChunk s) {
        if (s.inFlight) {
            s.inFlight = false;
            s.path.removeFlight(s.size());
            outstandingBytes -= s.size();
        }
    }

    private void mark(SentChunk s, boolean fast) {
        if (s.markedForRetransmission) {
            return;
        }
        if (s.inFlight) {
            takeOutOfFlight(s);
            peerRwnd += s.size(); // §6.2.1 C
        }
        s.markedForRetransmission = true;
        s.fastRetransmit = fast;
        marked++;
    }

    /**
     * §6.3.3 E3: a T3-rtx timeout on {@code path}; every chunk in flight to it is marked for
     * retransmission.
     *
     * @return how many chunks were marked
     */
    public int markAllInFlightTo(Path path) {
        int n = 0;
        for (int i = 0; i < size; i++) {
            SentChunk s = at(i);
            if (s.inFlight && s.path == path) {
                mark(s, false);
                n++;
            }
        }
        if (path.rttProbeActive()) {
            path.cancelRttProbe();
        }
        return n;
    }

    /**
     * Processes a SACK (§6.2.1 D, §7.2.4). Updates the chunks, the destinations' flight sizes, RTT
     * estimates and the peer's window; congestion control, timers and error counters are the
     * caller's to update from the returned outcome (valid until the next call).
     */
    public SackOutcome onSack(SackChunk sack, long now) {
        SackOutcome o = outcome;
        o.reset();
        int cum = sack.cumulativeTsnAck();
        if (lt(cum, cumAckPoint)) {
            o.stale = true; // §6.2.1 D i
            return o;
        }
        if (!lt(cum, nextTsn)) {
            o.invalid = true; // acknowledges a TSN that was never sent
            return o;
        }
        int htna = cumAckPoint; // highest TSN newly acknowledged (§7.2.4 HTNA)

        // Cumulative acknowledgement: everything up to cum leaves the queue.
        while (size > 0 && !gt(at(0).tsn(), cum)) {
            SentChunk s = at(0);
            if (!s.gapAcked) {
                acknowledge(s, o, now);
                htna = s.tsn();
            } else {
                gapAcked--;
            }
            if (s.markedForRetransmission) {
                marked--;
            }
            takeOutOfFlight(s);
            ring[head] = null;
            head = (head + 1) & (ring.length - 1);
            size--;
        }
        o.cumAdvanced = gt(cum, cumAckPoint);
        cumAckPoint = cum;

        List<SackChunk.GapAckBlock> blocks = sack.gapAckBlocks();
        if (!blocks.isEmpty() || gapAcked > 0) {
            htna = processGaps(sack, blocks, o, now, htna);
        }

        // §6.2.1 D ii: the peer's window less what is still in flight.
        peerRwnd = Math.max(0, sack.advertisedReceiverWindow() - outstandingBytes);
        return o;
    }

    private int processGaps(SackChunk sack, List<SackChunk.GapAckBlock> blocks, SackOutcome o, long now, int htna) {
        int cum = cumAckPoint;
        // Walk the unacknowledged chunks once, in TSN order, against the blocks. Blocks are
        // normally in ascending order; a peer sending them otherwise costs a search per chunk.
        boolean sorted = true;
        int last = 0;
        for (SackChunk.GapAckBlock b : blocks) {
            if (b.start() < last) {
                sorted = false;
            }
            last = b.end();
        }
        int bi = 0;
        for (int i = 0; i < size; i++) {
            SentChunk s = at(i);
            int offset = s.tsn() - cum; // >= 1
            boolean covered;
            if (sorted) {
                while (bi < blocks.size() && blocks.get(bi).end() < offset) {
                    bi++;
                }
                covered = bi < blocks.size() && blocks.get(bi).start() <= offset && offset <= blocks.get(bi).end();
            } else {
                covered = false;
                for (SackChunk.GapAckBlock b : blocks) {
                    if (b.start() <= offset && offset <= b.end()) {
                        covered = true;
                        break;
                    }
                }
            }
            if (covered && !s.gapAcked) {
                acknowledge(s, o, now);
                s.gapAcked = true;
                gapAcked++;
                if (s.markedForRetransmission) {
                    s.markedForRetransmission = false; // acknowledged before it was resent
                    marked--;
                }
                takeOutOfFlight(s);
                if (gt(s.tsn(), htna)) {
                    htna = s.tsn();
                }
            } else if (!covered && s.gapAcked) {
                // §6.2.1 D iii: reneged. It is outstanding again and counts a miss indication.
                s.gapAcked = false;
                gapAcked--;
                int slot = o.slot(s.path);
                o.pathReneged[slot] = true;
                o.reneged++;
                s.missIndications++;
                if (!s.markedForRetransmission) {
                    s.inFlight = true;
                    s.path.addFlight(s.size());
                    outstandingBytes += s.size();
                }
            }
        }
        // §7.2.4 miss indications, HTNA rule: only for chunks below the highest TSN newly acknowledged;
        // in fast recovery with the cumulative ack advancing, for every chunk reported missing.
        int highestReported = blocks.isEmpty() ? cum : cum + maxEnd(blocks);
        for (int i = 0; i < size; i++) {
            SentChunk s = at(i);
            if (s.gapAcked || s.markedForRetransmission) {
                continue;
            }
            boolean belowHtna = lt(s.tsn(), htna);
            boolean recovering = o.cumAdvanced && s.path.congestion().inFastRecovery() && lt(s.tsn(), highestReported);
            if (!belowHtna && !recovering) {
                continue;
            }
            s.missIndications++;
            if (s.missIndications >= 3 && !s.fastRetransmitted) {
                mark(s, true);
                int slot = o.slot(s.path);
                o.pathFastRetransmit[slot] = true;
                o.fastRetransmitMarked++;
            }
        }
        return htna;
    }

    private static int maxEnd(List<SackChunk.GapAckBlock> blocks) {
        int m = 0;
        for (SackChunk.GapAckBlock b : blocks) {
            m = Math.max(m, b.end());
        }
        return m;
    }

    private void acknowledge(SentChunk s, SackOutcome o, long now) {
        int slot = o.slot(s.path);
        if (s.inFlight || s.markedForRetransmission) {
            o.pathAckedBytes[slot] += s.size();
            o.ackedBytes += s.size();
            s.path.onBytesAcked(s.size());
        }
        Path p = s.path;
        if (s.transmissions == 1 && p.rttProbeActive() && p.rttProbeTsn() == s.tsn()) {
            p.rto().sample(now - s.sentNanos); // §6.3.1 C5 (Karn): only chunks sent once
            p.cancelRttProbe();
        }
    }

    /**
     * Empties the queue (abort, restart), handing each message with unacknowledged chunks to
     * {@code sink} once.
     */
    public void drain(Consumer<OutgoingMessage> sink) {
        OutgoingMessage previous = null;
        for (int i = 0; i < size; i++) {
            SentChunk s = at(i);
            takeOutOfFlight(s);
            if (s.message != previous) {
                sink.accept(s.message);
                previous = s.message;
            }
            ring[(head + i) & (ring.length - 1)] = null;
        }
        head = 0;
        size = 0;
        marked = 0;
        gapAcked = 0;
        outstandingBytes = 0;
    }

    private void grow() {
        SentChunk[] bigger = new SentChunk[ring.length * 2];
        for (int i = 0; i < size; i++) {
            bigger[i] = at(i);
        }
        ring = bigger;
        head = 0;
    }
}
