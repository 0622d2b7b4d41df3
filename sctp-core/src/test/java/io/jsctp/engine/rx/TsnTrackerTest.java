package io.jsctp.engine.rx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jsctp.engine.rx.TsnTracker.Verdict;
import io.jsctp.wire.SackChunk;
import io.jsctp.wire.SackChunk.GapAckBlock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class TsnTrackerTest {

    private static final int WINDOW = 4096;

    private static List<GapAckBlock> blocks(int... startEnd) {
        List<GapAckBlock> list = new ArrayList<>();
        for (int i = 0; i < startEnd.length; i += 2) {
            list.add(new GapAckBlock(startEnd[i], startEnd[i + 1]));
        }
        return list;
    }

    private static void receive(TsnTracker t, int... tsns) {
        for (int tsn : tsns) {
            assertEquals(Verdict.NEW, t.classify(tsn), "TSN " + tsn);
            t.markReceived(tsn);
        }
    }

    @Test
    void cumulativeTsnStartsOneBelowInitialTsn_rfc9260_6_2() {
        TsnTracker t = new TsnTracker(1000, WINDOW, 2);
        assertEquals(999, t.cumulativeTsn());
        assertEquals(999, t.highestReceived());
        assertFalse(t.hasGaps());
        assertFalse(t.sackPending());
        assertEquals(Verdict.NEW, t.classify(1000));
        assertEquals(Verdict.DUPLICATE, t.classify(999));
    }

    @Test
    void inOrderTsnsAdvanceCumulativeTsn_rfc9260_6_2() {
        TsnTracker t = new TsnTracker(1, WINDOW, 2);
        receive(t, 1, 2, 3);
        assertEquals(3, t.cumulativeTsn());
        assertEquals(3, t.highestReceived());
        assertFalse(t.hasGaps());
        SackChunk sack = t.buildSack(5000, 1500);
        assertEquals(3, sack.cumulativeTsnAck());
        assertEquals(5000, sack.advertisedReceiverWindow());
        assertEquals(List.of(), sack.gapAckBlocks());
        assertEquals(List.of(), sack.duplicateTsns());
    }

    @Test
    void tsnAtOrBelowCumulativeOrAlreadyHeldIsDuplicate_rfc9260_6_2() {
        TsnTracker t = new TsnTracker(10, WINDOW, 2);
        receive(t, 10, 11, 13);
        assertEquals(Verdict.DUPLICATE, t.classify(10));
        assertEquals(Verdict.DUPLICATE, t.classify(11));
        assertEquals(Verdict.NEW, t.classify(12));
        assertEquals(Verdict.DUPLICATE, t.classify(13));
        assertEquals(Verdict.DUPLICATE, t.classify(5)); // long acknowledged
    }

    @Test
    void tsnBeyondTrackingWindowIsOutOfWindow() {
        TsnTracker t = new TsnTracker(100, 64, 2);
        assertEquals(Verdict.NEW, t.classify(99 + 64));
        assertEquals(Verdict.OUT_OF_WINDOW, t.classify(99 + 65));
        assertEquals(Verdict.OUT_OF_WINDOW, t.classify(99 + 100_000));
        t.markReceived(99 + 64); // the window's far edge is usable
        assertEquals(List.of(new GapAckBlock(64, 64)), t.buildSack(0, 1500).gapAckBlocks());
        assertThrows(IllegalArgumentException.class, () -> t.markReceived(99 + 65));
    }

    @Test
    void gapAckBlocksAreOffsetsFromCumulativeTsn_rfc9260_3_3_4() {
        // The example of RFC 9260 §3.3.4: cumulative TSN 12, then 14, 15, 17 received.
        TsnTracker t = new TsnTracker(1, WINDOW, 2);
        for (int tsn = 1; tsn <= 12; tsn++) {
            t.markReceived(tsn);
        }
        receive(t, 14, 15, 17);
        assertEquals(12, t.cumulativeTsn());
        assertEquals(17, t.highestReceived());
        assertTrue(t.hasGaps());
        assertEquals(blocks(2, 3, 5, 5), t.buildSack(0, 1500).gapAckBlocks());
    }

    @Test
    void fillingGapAdvancesCumulativeTsnOverReceivedRun_rfc9260_6_2() {
        TsnTracker t = new TsnTracker(1, WINDOW, 2);
        receive(t, 1);
        for (int tsn = 3; tsn <= 300; tsn++) { // spans several bitmap words
            t.markReceived(tsn);
        }
        receive(t, 302);
        assertEquals(1, t.cumulativeTsn());
        assertEquals(blocks(2, 299, 301, 301), t.buildSack(0, 1500).gapAckBlocks());
        t.markReceived(2);
        assertEquals(300, t.cumulativeTsn());
        assertEquals(blocks(2, 2), t.buildSack(0, 1500).gapAckBlocks());
        t.markReceived(301);
        assertEquals(302, t.cumulativeTsn());
        assertFalse(t.hasGaps());
    }

    @Test
    void gapAckBlocksForManyPatterns_rfc9260_3_3_4() {
        Random random = new Random(7);
        for (int round = 0; round < 500; round++) {
            int initial = random.nextInt();
            TsnTracker t = new TsnTracker(initial, 1024, 2);
            TreeSet<Integer> received = new TreeSet<>();
            double density = random.nextDouble();
            for (int offset = 2; offset <= 1024; offset++) { // offset 1 missing: nothing absorbed
                if (random.nextDouble() < density) {
                    received.add(offset);
                    t.markReceived(initial - 1 + offset);
                }
            }
            assertEquals(modelBlocks(received, Integer.MAX_VALUE), t.buildSack(0, 65535).gapAckBlocks());
        }
    }

    /** Blocks from a sorted set of offsets, the first {@code max} of them. */
    private static List<GapAckBlock> modelBlocks(TreeSet<Integer> offsets, int max) {
        List<GapAckBlock> list = new ArrayList<>();
        Integer start = null;
        int prev = 0;
        for (int o : offsets) {
            if (start != null && o != prev + 1) {
                list.add(new GapAckBlock(start, prev));
                start = null;
            }
            if (start == null) {
                start = o;
            }
            prev = o;
        }
        if (start != null) {
            list.add(new GapAckBlock(start, prev));
        }
        return list.subList(0, Math.min(max, list.size()));
    }

    @Test
    void duplicatesListedPerArrivalThenForgotten_rfc9260_6_2() {
        TsnTracker t = new TsnTracker(17, WINDOW, 2);
        receive(t, 17, 18, 19);
        // RFC 9260 §3.3.4: TSN 19 received three times is listed twice.
        for (int i = 0; i < 2; i++) {
            assertEquals(Verdict.DUPLICATE, t.classify(19));
            t.markDuplicate(19);
        }
        t.markDuplicate(17);
        assertEquals(3, t.pendingDuplicates());
        assertEquals(List.of(19, 19, 17), t.buildSack(0, 1500).duplicateTsns());
        assertEquals(List.of(), t.buildSack(0, 1500).duplicateTsns());
        assertEquals(0, t.pendingDuplicates());
    }

    @Test
    void duplicatesKeptAreBounded_rfc9260_6_2() {
        TsnTracker t = new TsnTracker(1, WINDOW, 2);
        receive(t, 1);
        for (int i = 0; i < 10_000; i++) {
            t.markDuplicate(1);
        }
        assertEquals(TsnTracker.MAX_DUPLICATES_KEPT, t.pendingDuplicates());
        assertEquals(TsnTracker.MAX_DUPLICATES_KEPT, t.buildSack(0, 65535).duplicateTsns().size());
    }

    @Test
    void sackTruncatedToMaxLengthKeepsBlocksNearestCumulativeTsn_rfc9260_6_2() {
        TsnTracker t = new TsnTracker(1, WINDOW, 2);
        for (int offset = 2; offset <= 200; offset += 2) { // 100 blocks of one TSN
            t.markReceived(offset);
        }
        t.markDuplicate(0);
        t.markDuplicate(-5);
        // 16 bytes of fixed part, then room for 10 entries.
        SackChunk sack = t.buildSack(1234, 16 + 4 * 10 + 3);
        assertEquals(16 + 4 * 10, sack.length());
        List<GapAckBlock> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            expected.add(new GapAckBlock(2 + 2 * i, 2 + 2 * i));
        }
        assertEquals(expected, sack.gapAckBlocks());
        assertEquals(List.of(), sack.duplicateTsns()); // blocks first; the duplicates are forgotten
        assertEquals(0, t.pendingDuplicates());
        SackChunk full = t.buildSack(1234, 1500);
        assertEquals(100, full.gapAckBlocks().size());
    }

    @Test
    void duplicatesFillRoomLeftByBlocks_rfc9260_6_2() {
        TsnTracker t = new TsnTracker(1, WINDOW, 2);
        receive(t, 3, 5);
        for (int i = 0; i < 5; i++) {
            t.markDuplicate(100 + i);
        }
        SackChunk sack = t.buildSack(0, 16 + 4 * 4);
        assertEquals(blocks(3, 3, 5, 5), sack.gapAckBlocks());
        assertEquals(List.of(100, 101), sack.duplicateTsns());
        assertTrue(sack.length() <= 16 + 4 * 4);
    }

    @Test
    void sackWithoutRoomForFixedFieldsIsRejected() {
        TsnTracker t = new TsnTracker(1, WINDOW, 2);
        assertThrows(IllegalArgumentException.class, () -> t.buildSack(0, 15));
        assertThrows(IllegalArgumentException.class, () -> t.buildSack(-1, 1500));
        assertThrows(IllegalArgumentException.class, () -> t.buildSack(1L << 32, 1500));
        assertEquals(16, t.buildSack(0xffffffffL, 16).length());
    }

    @Test
    void badConstructionIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new TsnTracker(1, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> new TsnTracker(1, 16, 0));
    }

    @Test
    void windowIsLimitedSoGapOffsetsFitSixteenBits_rfc9260_3_3_4() {
        TsnTracker t = new TsnTracker(0, 1 << 20, 2);
        assertEquals(TsnTracker.MAX_WINDOW, t.window());
        assertEquals(Verdict.NEW, t.classify(-1 + 65535));
        assertEquals(Verdict.OUT_OF_WINDOW, t.classify(-1 + 65536));
        t.markReceived(-1 + 65535);
        t.markReceived(-1 + 2);
        assertEquals(blocks(2, 2, 65535, 65535), t.buildSack(0, 1500).gapAckBlocks());
    }

    @Test
    void tsnWrapAroundFromNearMaximum_rfc9260_1_6() {
        int initial = 0xfffffff0;
        TsnTracker t = new TsnTracker(initial, 512, 2);
        assertEquals(0xffffffef, t.cumulativeTsn());
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            order.add(initial + i);
        }
        // Shuffle within blocks of 256 so every TSN stays inside the 512-TSN window.
        Random random = new Random(3);
        for (int i = 0; i < order.size(); i += 256) {
            Collections.shuffle(order.subList(i, Math.min(order.size(), i + 256)), random);
        }
        for (int tsn : order) {
            assertEquals(Verdict.NEW, t.classify(tsn));
            t.markReceived(tsn);
            assertEquals(Verdict.DUPLICATE, t.classify(tsn));
        }
        assertEquals(initial + 4999, t.cumulativeTsn());
        assertEquals(4999 - 16, t.cumulativeTsn()); // 0xfffffff0 + 4999 wrapped past zero
        assertFalse(t.hasGaps());
        assertEquals(t.cumulativeTsn(), t.highestReceived());
    }

    @Test
    void gapBlocksAcrossWrapAround_rfc9260_3_3_4() {
        TsnTracker t = new TsnTracker(0xfffffffe, 64, 2); // cumulative 0xfffffffd
        receive(t, 0xffffffff, 0, 1, 3);
        assertEquals(0xfffffffd, t.cumulativeTsn());
        assertEquals(3, t.highestReceived());
        assertEquals(blocks(2, 4, 6, 6), t.buildSack(0, 1500).gapAckBlocks());
        t.markReceived(0xfffffffe);
        assertEquals(1, t.cumulativeTsn());
        assertEquals(blocks(2, 2), t.buildSack(0, 1500).gapAckBlocks());
    }

    @Test
    void sackEverySecondPacket_rfc9260_6_2() {
        TsnTracker t = new TsnTracker(1, WINDOW, 2);
        t.markReceived(1);
        assertFalse(t.onDataPacket(true, false, false));
        assertTrue(t.sackPending()); // the delayed-SACK timer runs
        t.markReceived(2);
        assertTrue(t.onDataPacket(true, false, false));
        t.onSackSent();
        assertFalse(t.sackPending());
        t.markReceived(3);
        assertFalse(t.onDataPacket(true, false, false));
        t.markReceived(4);
        assertTrue(t.onDataPacket(true, false, false));
    }

    @Test
    void sackFrequencyIsConfigurable_rfc9260_6_2() {
        TsnTracker every = new TsnTracker(1, WINDOW, 1);
        every.markReceived(1);
        assertTrue(every.onDataPacket(true, false, false));
        TsnTracker third = new TsnTracker(1, WINDOW, 3);
        for (int tsn = 1; tsn <= 3; tsn++) {
            third.markReceived(tsn);
            assertEquals(tsn == 3, third.onDataPacket(true, false, false));
        }
    }

    @Test
    void sackImmediatelyOnIBit_rfc7053() {
        TsnTracker t = new TsnTracker(1, WINDOW, 2);
        t.markReceived(1);
        assertTrue(t.onDataPacket(true, false, true));
    }

    @Test
    void sackImmediatelyOnDuplicate_rfc9260_6_2() {
        TsnTracker t = new TsnTracker(1, WINDOW, 2);
        t.markReceived(1);
        t.onDataPacket(true, false, false);
        t.onSackSent();
        t.markDuplicate(1);
        assertTrue(t.sackPending());
        assertTrue(t.onDataPacket(false, true, false));
    }

    @Test
    void sackImmediatelyWhileGapsExist_rfc9260_6_7() {
        TsnTracker t = new TsnTracker(1, WINDOW, 2);
        t.markReceived(2); // 1 is missing
        assertTrue(t.onDataPacket(true, false, false));
        t.onSackSent();
        t.markReceived(4);
        assertTrue(t.onDataPacket(true, false, false));
        t.onSackSent();
        t.markReceived(1); // 3 still missing
        assertTrue(t.onDataPacket(true, false, false));
    }

    @Test
    void sackImmediatelyWhenGapFilled_rfc9260_6_7() {
        TsnTracker t = new TsnTracker(1, WINDOW, 2);
        t.markReceived(2);
        assertTrue(t.onDataPacket(true, false, false));
        t.onSackSent();
        t.markReceived(1);
        assertFalse(t.hasGaps());
        assertTrue(t.onDataPacket(true, false, false)); // fills the gap: tell the sender at once
        t.onSackSent();
        t.markReceived(3);
        assertFalse(t.onDataPacket(true, false, false)); // back to delayed acknowledgement
    }

    @Test
    void packetWithoutDataOrRequestNeedsNoSack() {
        TsnTracker t = new TsnTracker(1, WINDOW, 2);
        assertFalse(t.onDataPacket(false, false, false));
        assertFalse(t.sackPending());
    }

    @Test
    void unmarkForgetsTsnBeyondCumulative_rfc9260_6_2() {
        TsnTracker t = new TsnTracker(1, WINDOW, 2);
        receive(t, 1, 3, 4, 200);
        t.onSackSent();
        t.unmark(200);
        assertTrue(t.sackPending());
        assertEquals(4, t.highestReceived()); // the highest held is recomputed
        assertEquals(blocks(2, 3), t.buildSack(0, 1500).gapAckBlocks());
        assertEquals(Verdict.NEW, t.classify(200));
        t.unmark(4);
        t.unmark(3);
        assertEquals(1, t.highestReceived());
        assertFalse(t.hasGaps());
        receive(t, 3, 2);
        assertEquals(3, t.cumulativeTsn());
    }

    @Test
    void unmarkRejectsTsnAtOrBelowCumulativeOrNotReceived_rfc9260_6_2() {
        TsnTracker t = new TsnTracker(1, WINDOW, 2);
        receive(t, 1, 2, 5);
        assertThrows(IllegalArgumentException.class, () -> t.unmark(2)); // cumulatively acknowledged
        assertThrows(IllegalArgumentException.class, () -> t.unmark(4)); // never received
        assertThrows(IllegalArgumentException.class, () -> t.unmark(2 + WINDOW + 1));
        t.unmark(5);
        assertThrows(IllegalArgumentException.class, () -> t.unmark(5));
    }

    @Test
    void markReceivedRejectsWhatIsNotNew() {
        TsnTracker t = new TsnTracker(1, WINDOW, 2);
        receive(t, 1, 3);
        assertThrows(IllegalArgumentException.class, () -> t.markReceived(1));
        assertThrows(IllegalArgumentException.class, () -> t.markReceived(3));
        assertThrows(IllegalArgumentException.class, () -> t.markReceived(1 + WINDOW + 1));
        assertEquals(1, t.cumulativeTsn());
    }

    // ---- property: the tracker agrees with a plain model under any arrival order ----

    @Provide
    Arbitrary<Integer> initialTsns() {
        return Arbitraries.oneOf(Arbitraries.integers(), Arbitraries.of(0, -1, 0xfffffff0, 0x7fffffff, 0x80000000));
    }

    @Property(tries = 300)
    void agreesWithModelForRandomArrivals_rfc9260_6_2(@ForAll("initialTsns") int initial,
                                                      @ForAll @IntRange(min = 1, max = 700) int count,
                                                      @ForAll long seed) {
        Random random = new Random(seed);
        int window = 128;
        TsnTracker t = new TsnTracker(initial, window, 2);
        long cumulative = -1; // model: offsets from the initial TSN, unbounded
        TreeSet<Long> beyond = new TreeSet<>();
        List<Integer> duplicates = new ArrayList<>();
        for (int step = 0; step < count * 3; step++) {
            long offset = cumulative - 3 + random.nextInt(window + 10);
            int tsn = (int) (initial + offset);
            Verdict expected = offset <= cumulative || beyond.contains(offset) ? Verdict.DUPLICATE
                    : offset - cumulative > window ? Verdict.OUT_OF_WINDOW : Verdict.NEW;
            assertEquals(expected, t.classify(tsn));
            if (expected == Verdict.NEW) {
                t.markReceived(tsn);
                beyond.add(offset);
                while (beyond.remove(cumulative + 1)) {
                    cumulative++;
                }
            } else if (expected == Verdict.DUPLICATE) {
                t.markDuplicate(tsn);
                duplicates.add(tsn);
            }
            if (!beyond.isEmpty() && random.nextInt(20) == 0) { // renege the highest now and then
                long highest = beyond.pollLast();
                t.unmark((int) (initial + highest));
            }
            assertEquals((int) (initial + cumulative), t.cumulativeTsn());
            assertEquals(!beyond.isEmpty(), t.hasGaps());
            assertEquals((int) (initial + (beyond.isEmpty() ? cumulative : beyond.last())), t.highestReceived());
            if (random.nextInt(10) == 0) {
                TreeSet<Integer> offsets = new TreeSet<>();
                for (long o : beyond) {
                    offsets.add((int) (o - cumulative));
                }
                int maxLength = 16 + 4 * random.nextInt(40);
                int room = (maxLength - 16) / 4;
                SackChunk sack = t.buildSack(100, maxLength);
                List<GapAckBlock> expectedBlocks = modelBlocks(offsets, room);
                assertEquals(expectedBlocks, sack.gapAckBlocks());
                int dupRoom = Math.min(room - expectedBlocks.size(),
                        Math.min(duplicates.size(), TsnTracker.MAX_DUPLICATES_KEPT));
                assertEquals(duplicates.subList(0, dupRoom), sack.duplicateTsns());
                assertTrue(sack.length() <= maxLength);
                duplicates.clear();
            }
        }
    }
}
