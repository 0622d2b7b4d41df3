package io.jsctp.engine.rx;

import io.jsctp.engine.SerialNumbers;
import io.jsctp.wire.Chunk;
import io.jsctp.wire.SackChunk;
import java.util.ArrayList;
import java.util.List;

/**
 * The receiving side's record of which TSNs have arrived (RFC 9260 §6.2, §6.7): the cumulative TSN,
 * the TSNs received beyond it (reported as gap ack blocks), the duplicates to report, and when a
 * SACK is due.
 *
 * <p>CONTRACT: all TSN comparisons use serial arithmetic ({@link io.jsctp.engine.SerialNumbers}), so
 * wrap-around works. Received TSNs beyond the cumulative TSN live in a bitmap ring indexed by offset
 * from the cumulative TSN, not in a set of boxed integers: the hot path allocates nothing. A SACK is
 * built incrementally from that bitmap.
 *
 * <p>How it works: bit {@code tsn & (capacity - 1)} of a {@code long[]} ring says whether
 * {@code tsn} has arrived. Only TSNs in {@code (cumulative, cumulative + window]} are ever marked, and
 * the capacity (a power of two, at least {@code window + 1}) makes their bits distinct; because
 * 2<sup>32</sup> is a multiple of the capacity, the mapping survives wrap-around of the TSN space.
 * Advancing the cumulative TSN clears the bits it passes, a whole word at a time. Costs: classify and
 * mark are O(1) (amortised over the run of TSNs a mark may absorb), a SACK is O(window / 64 + blocks).
 *
 * <p>The tracking window is at most 65535 TSNs: gap ack block offsets are 16-bit (RFC 9260 §3.3.4),
 * so a TSN further beyond the cumulative TSN could not be reported.
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

    /** Largest window: the largest offset a 16-bit gap ack block can express (RFC 9260 §3.3.4). */
    public static final int MAX_WINDOW = 0xffff;

    /**
     * Duplicates remembered between two SACKs; more are counted by nobody. A SACK in a 1500-byte
     * packet has room for about 360 entries, and duplicates are only a hint to the sender
     * (RFC 9260 §6.2), so a few hundred is plenty.
     */
    public static final int MAX_DUPLICATES_KEPT = 256;

    private static final int SACK_FIXED_LENGTH = Chunk.HEADER_LENGTH + SackChunk.FIXED_VALUE_LENGTH;
    private static final int SACK_ENTRY_LENGTH = 4;

    private final int window;
    private final int sackFrequency;
    /** Ring of received flags; TSN t is bit (t & mask). */
    private final long[] bits;
    private final int mask;

    private int cumulative;
    private int highest;
    /** Number of bits set, that is TSNs received beyond the cumulative TSN. */
    private int beyond;

    private final int[] duplicates = new int[MAX_DUPLICATES_KEPT];
    private int duplicateCount;

    private int packetsSinceSack;
    private boolean sackPending;
    private boolean gapsAfterLastPacket;

    /**
     * @param peerInitialTsn  the Initial TSN from the peer's INIT or INIT ACK; the cumulative TSN
     *                        starts one below it (RFC 9260 §6.2)
     * @param window          how many TSNs beyond the cumulative TSN can be tracked (a power of two
     *                        is fine); TSNs further out are OUT_OF_WINDOW. Values above
     *                        {@link #MAX_WINDOW} are reduced to it, since gap ack block offsets are
     *                        16-bit (RFC 9260 §3.3.4)
     * @param sackFrequency   acknowledge at least every this many packets with new DATA (RFC 9260 §6.2: 2)
     * @throws IllegalArgumentException when window or sackFrequency is below 1
     */
    public TsnTracker(int peerInitialTsn, int window, int sackFrequency) {
        if (window < 1) {
            throw new IllegalArgumentException("TSN tracking window must be at least 1, not " + window);
        }
        if (sackFrequency < 1) {
            throw new IllegalArgumentException("SACK frequency must be at least 1 packet, not " + sackFrequency);
        }
        this.window = Math.min(window, MAX_WINDOW);
        this.sackFrequency = sackFrequency;
        // Offsets 0..window need distinct bits; the ring is whole words, so at least 64 bits.
        int capacity = Math.max(64, Integer.highestOneBit(this.window) << 1);
        this.bits = new long[capacity >>> 6];
        this.mask = capacity - 1;
        // RFC 9260 §6.2: the cumulative TSN ack starts at Initial TSN - 1 (nothing received yet).
        this.cumulative = peerInitialTsn - 1;
        this.highest = cumulative;
    }

    /** How many TSNs beyond the cumulative TSN are tracked (after the {@link #MAX_WINDOW} limit). */
    public int window() {
        return window;
    }

    public Verdict classify(int tsn) {
        int offset = tsn - cumulative;
        if (offset <= 0) {
            return Verdict.DUPLICATE; // RFC 9260 §6.2: at or below the cumulative TSN ack
        }
        if (offset > window) {
            return Verdict.OUT_OF_WINDOW;
        }
        return isSet(tsn) ? Verdict.DUPLICATE : Verdict.NEW;
    }

    /**
     * Records a NEW TSN as received; advances the cumulative TSN over every contiguous TSN.
     *
     * @throws IllegalArgumentException when {@link #classify} would not say NEW for it
     */
    public void markReceived(int tsn) {
        int offset = tsn - cumulative;
        if (offset <= 0 || offset > window || isSet(tsn)) {
            throw new IllegalArgumentException("TSN " + Integer.toUnsignedString(tsn) + " is " + classify(tsn)
                    + ", not NEW (cumulative TSN " + Integer.toUnsignedString(cumulative) + ")");
        }
        highest = SerialNumbers.max(highest, tsn);
        if (offset == 1) {
            cumulative = tsn;
            absorbReceivedRun();
        } else {
            bits[(tsn & mask) >>> 6] |= 1L << (tsn & 63);
            beyond++;
        }
    }

    /**
     * Moves the cumulative TSN over the run of received TSNs right after it, clearing their bits a
     * word at a time (RFC 9260 §6.2: the cumulative TSN ack is the last TSN of the contiguous run).
     */
    private void absorbReceivedRun() {
        while (beyond > 0) {
            int position = (cumulative + 1) & mask;
            int word = position >>> 6;
            int bit = position & 63;
            // Zeros shifted in from the top become ones after the complement, so the count of
            // trailing zeros stops at the end of the word at the latest.
            int run = Long.numberOfTrailingZeros(~(bits[word] >>> bit));
            if (run == 0) {
                return;
            }
            bits[word] &= run == 64 ? 0L : ~(((1L << run) - 1) << bit);
            cumulative += run;
            beyond -= run;
        }
    }

    /**
     * Records a duplicate for the next SACK (RFC 9260 §6.2, bounded so memory stays small: beyond
     * {@link #MAX_DUPLICATES_KEPT} since the last SACK, further duplicates are not listed). A TSN
     * received three times is listed twice, as RFC 9260 §3.3.4 describes.
     */
    public void markDuplicate(int tsn) {
        if (duplicateCount < duplicates.length) {
            duplicates[duplicateCount++] = tsn;
        }
        sackPending = true;
    }

    /**
     * Forgets a TSN received beyond the cumulative TSN (reneging, RFC 9260 §6.2: when the buffer is
     * full the receiver may drop the largest TSN held for reordering to make room). The TSN becomes
     * NEW again, leaves the gap ack blocks, and a SACK becomes pending so the sender learns of it.
     *
     * @throws IllegalArgumentException when tsn is not above the cumulative TSN or was not received
     */
    public void unmark(int tsn) {
        int offset = tsn - cumulative;
        if (offset <= 0 || offset > window || !isSet(tsn)) {
            throw new IllegalArgumentException("cannot renege TSN " + Integer.toUnsignedString(tsn)
                    + ": it is not a TSN received beyond the cumulative TSN "
                    + Integer.toUnsignedString(cumulative));
        }
        bits[(tsn & mask) >>> 6] &= ~(1L << (tsn & 63));
        beyond--;
        if (tsn == highest) {
            highest = beyond == 0 ? cumulative : cumulative + lastSetOffsetBelow(offset);
        }
        sackPending = true;
    }

    /** The largest offset below {@code offset} whose TSN is marked; at least one is (beyond > 0). */
    private int lastSetOffsetBelow(int offset) {
        int o = offset - 1;
        while (o > 0) {
            int position = (cumulative + o) & mask;
            int bit = position & 63;
            // Keep bits 0..bit of the word: positions at or below offset o.
            long word = bits[position >>> 6] & (bit == 63 ? -1L : (1L << (bit + 1)) - 1);
            if (word != 0) {
                return o - (bit - (63 - Long.numberOfLeadingZeros(word)));
            }
            o -= bit + 1;
        }
        return 0;
    }

    public int cumulativeTsn() {
        return cumulative;
    }

    /** The highest TSN received so far (the cumulative TSN when nothing is beyond it). */
    public int highestReceived() {
        return highest;
    }

    /** True when some TSN beyond the cumulative TSN has been received. */
    public boolean hasGaps() {
        return beyond > 0;
    }

    /** Number of TSNs received beyond the cumulative TSN. */
    public int receivedBeyondCumulative() {
        return beyond;
    }

    /** Number of duplicates waiting for the next SACK. */
    public int pendingDuplicates() {
        return duplicateCount;
    }

    /**
     * Builds a SACK advertising {@code arwnd}: cumulative TSN, gap ack blocks, and the duplicates
     * seen since the last SACK (then forgotten). When blocks and duplicates do not all fit in
     * {@code maxLength} bytes of chunk, the blocks nearest the cumulative TSN are kept and the rest
     * left out (RFC 9260 §6.2 allows reporting fewer); duplicates only fill the room the blocks
     * leave, because blocks steer retransmission and duplicates are only a hint. A {@code maxLength}
     * above 65535 is reduced to it (the Chunk Length field is 16-bit, RFC 9260 §3.2).
     *
     * @throws IllegalArgumentException when maxLength cannot hold a SACK without blocks (16 bytes)
     *                                  or arwnd is not an unsigned 32-bit value
     */
    public SackChunk buildSack(long arwnd, int maxLength) {
        if (maxLength < SACK_FIXED_LENGTH) {
            throw new IllegalArgumentException("a SACK chunk needs at least " + SACK_FIXED_LENGTH
                    + " bytes, not " + maxLength);
        }
        if (arwnd < 0 || arwnd > 0xffffffffL) {
            throw new IllegalArgumentException("a_rwnd must be an unsigned 32-bit value, not " + arwnd);
        }
        int room = (Math.min(maxLength, 0xffff) - SACK_FIXED_LENGTH) / SACK_ENTRY_LENGTH;
        List<SackChunk.GapAckBlock> blocks = new ArrayList<>(Math.min(room, beyond));
        // RFC 9260 §3.3.4: each block is a run of received TSNs, as offsets from the cumulative
        // TSN ack, in increasing order with at least one missing TSN before each.
        int last = highest - cumulative;
        int from = 1;
        while (blocks.size() < room && from <= last) {
            int start = nextOffset(from, last, true);
            if (start < 0) {
                break;
            }
            int afterEnd = nextOffset(start + 1, last, false);
            int end = afterEnd < 0 ? last : afterEnd - 1;
            blocks.add(new SackChunk.GapAckBlock(start, end));
            from = end + 2;
        }
        int duplicatesReported = Math.min(duplicateCount, room - blocks.size());
        List<Integer> dups = new ArrayList<>(duplicatesReported);
        for (int i = 0; i < duplicatesReported; i++) {
            dups.add(duplicates[i]);
        }
        duplicateCount = 0; // RFC 9260 §3.3.4: the duplicate list restarts after each SACK
        return new SackChunk(cumulative, arwnd, blocks, dups);
    }

    /**
     * The smallest offset in {@code [from, to]} whose bit is {@code set}, or -1; scans a word at a
     * time.
     */
    private int nextOffset(int from, int to, boolean set) {
        int o = from;
        while (o <= to) {
            int position = (cumulative + o) & mask;
            int bit = position & 63;
            long word = bits[position >>> 6] >>> bit;
            int found;
            if (set) {
                found = word == 0 ? 64 : Long.numberOfTrailingZeros(word);
            } else {
                // Positions past the word's end read as clear after the complement: ignore them.
                found = Long.numberOfTrailingZeros(~word);
            }
            if (found < 64 - bit) {
                return o + found <= to ? o + found : -1;
            }
            o += 64 - bit;
        }
        return -1;
    }

    /**
     * Tells the tracker that a packet carrying DATA has been processed, and answers whether a SACK
     * must be sent now rather than after the delayed-SACK timer (RFC 9260 §6.2, §6.7): yes when the
     * sender set the I bit, when a duplicate arrived, when a gap exists (or was just filled), or when
     * this is the {@code sackFrequency}-th packet with new DATA since the last SACK.
     */
    public boolean onDataPacket(boolean hadNewData, boolean hadDuplicate, boolean immediateRequested) {
        if (hadNewData) {
            packetsSinceSack++;
            sackPending = true;
        }
        if (hadDuplicate) {
            sackPending = true;
        }
        boolean gaps = beyond > 0;
        boolean gapFilled = gapsAfterLastPacket && !gaps;
        gapsAfterLastPacket = gaps;
        // RFC 7053 §4: the I bit asks for a SACK without delay.
        // RFC 9260 §6.2: a packet with duplicates is acknowledged at once (MUST without new data).
        // RFC 9260 §6.7: with gaps, every packet is acknowledged at once until the gaps are
        // filled, and the packet that fills the last one too, so the sender learns of it quickly.
        // RFC 9260 §6.2: otherwise at least every second packet (sackFrequency) with new data.
        return immediateRequested || hadDuplicate || gaps || gapFilled || packetsSinceSack >= sackFrequency;
    }

    /** True when DATA has arrived that no SACK has acknowledged yet (the delayed-SACK timer should run). */
    public boolean sackPending() {
        return sackPending;
    }

    /** Tells the tracker a SACK was sent (resets the packet count and the pending flag). */
    public void onSackSent() {
        packetsSinceSack = 0;
        sackPending = false;
    }

    private boolean isSet(int tsn) {
        return (bits[(tsn & mask) >>> 6] & (1L << (tsn & 63))) != 0;
    }

    @Override
    public String toString() {
        return "TsnTracker[cumulative=" + Integer.toUnsignedString(cumulative) + ", highest="
                + Integer.toUnsignedString(highest) + ", beyond=" + beyond + ", duplicates=" + duplicateCount
                + ", window=" + window + "]";
    }
}
