package io.jsctp.engine.rx;

import io.jsctp.wire.SackChunk;

/**
 * The receiving side's record of which TSNs have arrived (RFC 9260 §6.2, §6.7): the cumulative TSN,
 * the TSNs received beyond it (reported as gap ack blocks), the duplicates to report, and when a
 * SACK is due.
 *
 * <p>CONTRACT (implementation pending): all TSN comparisons use serial arithmetic
 * ({@link io.jsctp.engine.SerialNumbers}), so wrap-around works. Received TSNs beyond the cumulative
 * TSN live in a bitmap ring indexed by offset from the cumulative TSN, not in a set of boxed
 * integers: the hot path allocates nothing. A SACK is built incrementally from that bitmap.
 */
public final class TsnTracker {

    /** What {@link #classify} says about an arriving TSN. */
    public enum Verdict {
        /** Not seen before and within the tracking window: process it. */
        NEW,
        /** At or below the cumulative TSN, or already received: a duplicate to report. */
        DUPLICATE,
        /** Too far beyond the cumulative TSN to be tracked: drop it silently (the sender will retransmit). */
        OUT_OF_WINDOW
    }

    /**
     * @param peerInitialTsn  the Initial TSN from the peer's INIT or INIT ACK; the cumulative TSN
     *                        starts one below it (RFC 9260 §6.2)
     * @param window          how many TSNs beyond the cumulative TSN can be tracked (a power of two
     *                        is fine); TSNs further out are OUT_OF_WINDOW
     * @param sackFrequency   acknowledge at least every this many packets with new DATA (RFC 9260 §6.2: 2)
     */
    public TsnTracker(int peerInitialTsn, int window, int sackFrequency) {
        throw new UnsupportedOperationException("pending");
    }

    public Verdict classify(int tsn) {
        throw new UnsupportedOperationException("pending");
    }

    /** Records a NEW TSN as received; advances the cumulative TSN over every contiguous TSN. */
    public void markReceived(int tsn) {
        throw new UnsupportedOperationException("pending");
    }

    /** Records a duplicate for the next SACK (RFC 9260 §6.2, bounded so memory stays small). */
    public void markDuplicate(int tsn) {
        throw new UnsupportedOperationException("pending");
    }

    /**
     * Forgets a TSN received beyond the cumulative TSN (reneging, RFC 9260 §6.2: when the buffer is
     * full the receiver may drop the largest TSN held for reordering to make room).
     *
     * @throws IllegalArgumentException when tsn is not above the cumulative TSN or was not received
     */
    public void unmark(int tsn) {
        throw new UnsupportedOperationException("pending");
    }

    public int cumulativeTsn() {
        throw new UnsupportedOperationException("pending");
    }

    /** The highest TSN received so far (the cumulative TSN when nothing is beyond it). */
    public int highestReceived() {
        throw new UnsupportedOperationException("pending");
    }

    /** True when some TSN beyond the cumulative TSN has been received. */
    public boolean hasGaps() {
        throw new UnsupportedOperationException("pending");
    }

    /**
     * Builds a SACK advertising {@code arwnd}: cumulative TSN, gap ack blocks, and the duplicates
     * seen since the last SACK (then forgotten). When blocks and duplicates do not all fit in
     * {@code maxLength} bytes of chunk, the blocks nearest the cumulative TSN are kept and the rest
     * left out (RFC 9260 §6.2 allows reporting fewer).
     */
    public SackChunk buildSack(long arwnd, int maxLength) {
        throw new UnsupportedOperationException("pending");
    }

    /**
     * Tells the tracker that a packet carrying DATA has been processed, and answers whether a SACK
     * must be sent now rather than after the delayed-SACK timer (RFC 9260 §6.2, §6.7): yes when the
     * sender set the I bit, when a duplicate arrived, when a gap exists (or was just filled), or when
     * this is the {@code sackFrequency}-th packet with new DATA since the last SACK.
     */
    public boolean onDataPacket(boolean hadNewData, boolean hadDuplicate, boolean immediateRequested) {
        throw new UnsupportedOperationException("pending");
    }

    /** True when DATA has arrived that no SACK has acknowledged yet (the delayed-SACK timer should run). */
    public boolean sackPending() {
        throw new UnsupportedOperationException("pending");
    }

    /** Tells the tracker a SACK was sent (resets the packet count and the pending flag). */
    public void onSackSent() {
        throw new UnsupportedOperationException("pending");
    }
}
