package io.jsctp.engine.rx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jsctp.engine.ReceivedMessage;
import io.jsctp.wire.Bytes;
import io.jsctp.wire.DataChunk;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReassemblyQueueTest {

    private static final int NO_PARTIAL = Integer.MAX_VALUE;

    /** Distinct, recognisable content: length bytes counting up from seed. */
    static Bytes payload(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seed * 31 + i);
        }
        return Bytes.wrap(b);
    }

    static DataChunk whole(int tsn, int stream, int ssn, Bytes payload) {
        return DataChunk.whole(tsn, stream, ssn, 1000 + ssn, payload);
    }

    static DataChunk unorderedWhole(int tsn, int stream, Bytes payload) {
        return DataChunk.of(tsn, stream, 0, 7, payload, true, true, true, false);
    }

    static DataChunk fragment(int tsn, int stream, int ssn, boolean unordered, boolean b, boolean e, Bytes payload) {
        return DataChunk.of(tsn, stream, ssn, b ? 1000 + ssn : 99, payload, unordered, b, e, false);
    }

    /** The fragments of one message of n pieces of size each, from firstTsn. */
    static List<DataChunk> fragments(int firstTsn, int stream, int ssn, boolean unordered, int n, int size) {
        List<DataChunk> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(fragment(firstTsn + i, stream, ssn, unordered, i == 0, i == n - 1, payload(size, firstTsn + i)));
        }
        return list;
    }

    static byte[] concat(List<DataChunk> chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (DataChunk c : chunks) {
            out.writeBytes(c.payload().toArray());
        }
        return out.toByteArray();
    }

    static List<ReceivedMessage> deliver(ReassemblyQueue q) {
        List<ReceivedMessage> out = new ArrayList<>();
        long bytes = q.deliver(out::add);
        assertEquals(out.stream().mapToLong(ReceivedMessage::length).sum(), bytes);
        return out;
    }

    static List<Integer> ssns(List<ReceivedMessage> messages) {
        List<Integer> list = new ArrayList<>();
        for (ReceivedMessage m : messages) {
            list.add(m.ssn());
        }
        return list;
    }

    @Test
    void wholeMessageDeliveredAsIsWithoutCopy_rfc9260_6_9() {
        ReassemblyQueue q = new ReassemblyQueue(4, NO_PARTIAL);
        Bytes data = payload(100, 1);
        q.add(DataChunk.whole(77, 2, 0, 51, data));
        assertEquals(100, q.bufferedBytes());
        assertEquals(1, q.chunkCount());
        List<ReceivedMessage> out = deliver(q);
        assertEquals(List.of(new ReceivedMessage(2, 0, 51, false, data, 77, true)), out);
        assertSame(data, out.get(0).payload());
        assertEquals(0, q.bufferedBytes());
        assertEquals(0, q.chunkCount());
        assertEquals(List.of(), deliver(q));
    }

    @Test
    void fragmentsReassembledWhateverTheArrivalOrder_rfc9260_6_9() {
        List<DataChunk> message = fragments(500, 1, 0, false, 5, 10);
        byte[] expected = concat(message);
        for (List<Integer> order : permutations(List.of(0, 1, 2, 3, 4))) {
            ReassemblyQueue q = new ReassemblyQueue(2, NO_PARTIAL);
            for (int i = 0; i < order.size(); i++) {
                q.add(message.get(order.get(i)));
                List<ReceivedMessage> out = deliver(q);
                if (i < order.size() - 1) {
                    assertEquals(List.of(), out, "delivered before whole, order " + order);
                    assertEquals(10L * (i + 1), q.bufferedBytes());
                } else {
                    assertEquals(1, out.size());
                    ReceivedMessage m = out.get(0);
                    assertArrayEquals(expected, m.payload().toArray());
                    assertEquals(500, m.tsn());
                    assertEquals(1000, m.ppid()); // the B chunk's
                    assertTrue(m.complete());
                }
            }
            assertEquals(0, q.bufferedBytes());
            assertEquals(0, q.chunkCount());
        }
    }

    static List<List<Integer>> permutations(List<Integer> items) {
        if (items.isEmpty()) {
            return List.of(List.of());
        }
        List<List<Integer>> all = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<Integer> rest = new ArrayList<>(items);
            Integer head = rest.remove(i);
            for (List<Integer> p : permutations(rest)) {
                List<Integer> l = new ArrayList<>();
                l.add(head);
                l.addAll(p);
                all.add(l);
            }
        }
        return all;
    }

    @Test
    void orderedMessagesDeliveredInSsnOrder_rfc9260_6_6() {
        ReassemblyQueue q = new ReassemblyQueue(1, NO_PARTIAL);
        q.add(whole(12, 0, 2, payload(3, 2)));
        q.add(whole(11, 0, 1, payload(3, 1)));
        assertEquals(List.of(), deliver(q));
        assertEquals(6, q.bufferedBytes());
        q.add(whole(10, 0, 0, payload(3, 0)));
        assertEquals(List.of(0, 1, 2), ssns(deliver(q)));
        assertEquals(0, q.bufferedBytes());
    }

    @Test
    void unorderedDeliveredAsSoonAsWhole_rfc9260_6_6() {
        ReassemblyQueue q = new ReassemblyQueue(1, NO_PARTIAL);
        q.add(whole(11, 0, 1, payload(3, 1))); // waits for SSN 0
        q.add(unorderedWhole(12, 0, payload(4, 2)));
        for (DataChunk c : fragments(13, 0, 9, true, 3, 5)) {
            q.add(c);
        }
        List<ReceivedMessage> out = deliver(q);
        assertEquals(2, out.size());
        assertTrue(out.get(0).unordered());
        assertEquals(12, out.get(0).tsn());
        assertEquals(13, out.get(1).tsn());
        assertEquals(15, out.get(1).length());
        assertEquals(3, q.bufferedBytes());
    }

    @Test
    void noHeadOfLineBlockingAcrossStreams_rfc9260_6_5() {
        ReassemblyQueue q = new ReassemblyQueue(3, NO_PARTIAL);
        List<DataChunk> stream1 = fragments(100, 1, 0, false, 3, 8);
        q.add(stream1.get(0));
        q.add(stream1.get(2)); // the middle fragment is missing
        q.add(whole(103, 1, 1, payload(2, 3))); // behind it on stream 1
        q.add(whole(104, 2, 0, payload(2, 4)));
        q.add(whole(105, 2, 1, payload(2, 5)));
        List<ReceivedMessage> out = deliver(q);
        assertEquals(2, out.size());
        assertEquals(2, out.get(0).streamId());
        assertEquals(List.of(0, 1), ssns(out));
        q.add(stream1.get(1));
        out = deliver(q);
        assertEquals(List.of(0, 1), ssns(out));
        assertEquals(1, out.get(0).streamId());
        assertArrayEquals(concat(stream1), out.get(0).payload().toArray());
        assertEquals(0, q.bufferedBytes());
    }

    @Test
    void ssnWrapsFrom65535ToZero_rfc9260_6_5() {
        ReassemblyQueue q = new ReassemblyQueue(1, NO_PARTIAL);
        int tsn = 0xffff0000; // the TSN wraps on the way too
        for (int ssn = 0; ssn < 65534; ssn++) {
            q.add(whole(tsn++, 0, ssn, Bytes.EMPTY));
        }
        assertEquals(65534, deliver(q).size());
        // Next expected: 65534. Deliver 65534, 65535, 0, 1 arriving in reverse.
        int base = tsn;
        q.add(whole(base + 3, 0, 1, payload(1, 1)));
        q.add(whole(base + 2, 0, 0, payload(1, 0)));
        q.add(whole(base + 1, 0, 65535, payload(1, 65535)));
        assertEquals(List.of(), deliver(q));
        q.add(whole(base, 0, 65534, payload(1, 65534)));
        assertEquals(List.of(65534, 65535, 0, 1), ssns(deliver(q)));
        q.add(whole(base + 4, 0, 65535, payload(1, 9))); // long delivered: behind SSN 2
        assertEquals(List.of(), deliver(q));
        assertEquals(1, q.discardedChunks());
        q.add(whole(base + 5, 0, 2, payload(1, 2)));
        assertEquals(List.of(2), ssns(deliver(q)));
        assertEquals(0, q.bufferedBytes());
    }

    @Test
    void tsnWrapsInsideFragmentedMessage_rfc9260_6_9() {
        List<DataChunk> message = fragments(0xfffffffd, 0, 0, false, 6, 7); // ...fffd to 2
        ReassemblyQueue q = new ReassemblyQueue(1, NO_PARTIAL);
        for (int i = message.size() - 1; i >= 0; i--) {
            q.add(message.get(i));
        }
        List<ReceivedMessage> out = deliver(q);
        assertEquals(1, out.size());
        assertEquals(0xfffffffd, out.get(0).tsn());
        assertArrayEquals(concat(message), out.get(0).payload().toArray());
    }

    @Test
    void partialDeliveryOfMessageLargerThanPoint_rfc6458_8_1_21() {
        ReassemblyQueue q = new ReassemblyQueue(3, 1000);
        List<DataChunk> big = fragments(10, 1, 0, false, 6, 400); // 2400 bytes
        q.add(big.get(0));
        q.add(big.get(1));
        assertEquals(List.of(), deliver(q)); // 800 < 1000
        assertFalse(q.partialDeliveryInProgress());
        q.add(big.get(2));
        List<ReceivedMessage> out = deliver(q);
        assertEquals(1, out.size());
        assertFalse(out.get(0).complete());
        assertEquals(1200, out.get(0).length());
        assertEquals(10, out.get(0).tsn());
        assertTrue(q.partialDeliveryInProgress());
        assertEquals(0, q.bufferedBytes());

        q.add(unorderedWhole(16, 2, payload(5, 16))); // must wait: pieces are read contiguously
        q.add(big.get(4)); // 13 missing
        assertEquals(List.of(), deliver(q));
        assertEquals(405, q.bufferedBytes());
        // Neither is delivered yet, so both may be reneged (16 is held back by the partial delivery).
        assertEquals(Integer.valueOf(16), q.dropHighest());
        assertEquals(Integer.valueOf(14), q.dropHighest());
        assertNull(q.dropHighest());
        assertEquals(0, q.bufferedBytes());
        q.add(big.get(4));
        q.add(unorderedWhole(16, 2, payload(5, 16)));
        q.add(big.get(3));
        out = deliver(q);
        assertEquals(1, out.size());
        assertEquals(800, out.get(0).length());
        assertFalse(out.get(0).complete());
        assertEquals(10, out.get(0).tsn());
        q.add(big.get(5));
        out = deliver(q);
        assertEquals(2, out.size());
        assertTrue(out.get(0).complete());
        assertEquals(400, out.get(0).length());
        assertEquals(16, out.get(1).tsn());
        assertFalse(q.partialDeliveryInProgress());
        assertEquals(0, q.bufferedBytes());
        assertEquals(0, q.chunkCount());
    }

    @Test
    void partialDeliveryPiecesJoinToTheMessage_rfc6458_8_1_21() {
        ReassemblyQueue q = new ReassemblyQueue(1, 50);
        List<DataChunk> big = fragments(1, 0, 0, false, 20, 30);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        int pieces = 0;
        for (DataChunk c : big) {
            q.add(c);
            for (ReceivedMessage m : deliver(q)) {
                joined.writeBytes(m.payload().toArray());
                pieces++;
                assertEquals(c == big.get(big.size() - 1), m.complete());
            }
        }
        assertArrayEquals(concat(big), joined.toByteArray());
        assertEquals(19, pieces); // first piece at 60 bytes, then one per fragment
    }

    @Test
    void singleFragmentPieceDeliveredWithoutCopy_rfc6458_8_1_21() {
        ReassemblyQueue q = new ReassemblyQueue(1, 10);
        DataChunk first = fragment(5, 0, 0, false, true, false, payload(64, 5));
        q.add(first);
        List<ReceivedMessage> out = deliver(q);
        assertSame(first.payload(), out.get(0).payload());
        assertFalse(out.get(0).complete());
    }

    @Test
    void partialDeliveryWaitsUntilOrderedMessageIsNextInLine_rfc6458_8_1_21() {
        ReassemblyQueue q = new ReassemblyQueue(1, 100);
        List<DataChunk> big = fragments(20, 0, 1, false, 4, 60); // SSN 1, while SSN 0 is missing
        q.add(big.get(0));
        q.add(big.get(1));
        assertEquals(List.of(), deliver(q));
        assertFalse(q.partialDeliveryInProgress());
        q.add(whole(19, 0, 0, payload(1, 0)));
        List<ReceivedMessage> out = deliver(q);
        assertEquals(2, out.size());
        assertEquals(0, out.get(0).ssn());
        assertTrue(out.get(0).complete());
        assertEquals(1, out.get(1).ssn());
        assertFalse(out.get(1).complete());
        assertEquals(120, out.get(1).length());
    }

    @Test
    void partialDeliveryOfUnorderedMessage_rfc6458_8_1_21() {
        ReassemblyQueue q = new ReassemblyQueue(1, 100);
        q.add(whole(29, 0, 1, payload(1, 1))); // an ordered message stuck behind SSN 0 is no obstacle
        List<DataChunk> big = fragments(30, 0, 0, true, 3, 60);
        q.add(big.get(0));
        q.add(big.get(1));
        List<ReceivedMessage> out = deliver(q);
        assertEquals(1, out.size());
        assertTrue(out.get(0).unordered());
        assertFalse(out.get(0).complete());
        q.add(whole(28, 0, 0, payload(1, 0))); // ready, but the partial delivery comes first
        assertEquals(List.of(), deliver(q));
        q.add(big.get(2));
        out = deliver(q);
        assertEquals(3, out.size());
        assertTrue(out.get(0).complete());
        assertTrue(out.get(0).unordered());
        assertEquals(List.of(0, 1), ssns(out.subList(1, 3)));
    }

    @Test
    void messagesHeldBackByPartialDeliveryCanBeRenegedAndFollowIt_rfc9260_6_2() {
        ReassemblyQueue q = new ReassemblyQueue(2, 100);
        List<DataChunk> big = fragments(1, 0, 0, false, 3, 60);
        q.add(big.get(0));
        q.add(big.get(1));
        assertEquals(1, deliver(q).size()); // the first 120 bytes; TSN 3 is missing
        List<DataChunk> behind = List.of(whole(10, 1, 0, payload(4, 10)), unorderedWhole(11, 1, payload(4, 11)),
                whole(12, 1, 1, payload(4, 12)));
        for (DataChunk c : behind) {
            q.add(c);
        }
        assertEquals(List.of(), deliver(q));
        assertEquals(12, q.bufferedBytes());
        // The window is full of them and TSN 3 needs room: all three can be reneged.
        assertEquals(Integer.valueOf(12), q.dropHighestAbove(2));
        assertEquals(Integer.valueOf(11), q.dropHighestAbove(2));
        assertEquals(Integer.valueOf(10), q.dropHighestAbove(2));
        assertNull(q.dropHighestAbove(2));
        assertEquals(0, q.bufferedBytes());
        q.add(big.get(2));
        List<ReceivedMessage> out = deliver(q);
        assertEquals(1, out.size());
        assertTrue(out.get(0).complete());
        for (DataChunk c : behind) { // retransmitted
            q.add(c);
        }
        out = deliver(q);
        assertEquals(3, out.size());
        assertEquals(List.of(10, 11, 12), out.stream().map(ReceivedMessage::tsn).toList());
        assertEquals(0, q.bufferedBytes());
        assertEquals(0, q.chunkCount());
    }

    @Test
    void messagesWholeDuringPartialDeliveryFollowItsEnd_rfc6458_8_1_21() {
        ReassemblyQueue q = new ReassemblyQueue(3, 100);
        List<DataChunk> big = fragments(1, 0, 0, false, 3, 60);
        q.add(big.get(0));
        q.add(big.get(1));
        assertEquals(1, deliver(q).size());
        q.add(whole(10, 1, 0, payload(4, 10)));
        q.add(unorderedWhole(11, 2, payload(4, 11)));
        for (DataChunk c : fragments(12, 2, 0, true, 2, 4)) {
            q.add(c);
        }
        q.add(whole(14, 1, 1, payload(4, 14)));
        q.add(whole(15, 0, 1, payload(4, 15))); // behind the partial message on its own stream
        assertEquals(List.of(), deliver(q));
        q.add(big.get(2));
        List<ReceivedMessage> out = deliver(q);
        assertEquals(6, out.size());
        assertTrue(out.get(0).complete());
        assertEquals(1, out.get(0).tsn());
        assertEquals(List.of(10, 11, 12, 14, 15),
                out.subList(1, 6).stream().map(ReceivedMessage::tsn).sorted().toList());
        assertEquals(0, q.bufferedBytes());
        assertFalse(q.partialDeliveryInProgress());
    }

    @Test
    void dropHighestRenegesHighestHeldChunkThenReAddDeliversIntact_rfc9260_6_2() {
        TsnTracker tracker = new TsnTracker(1, 1024, 2);
        ReassemblyQueue q = new ReassemblyQueue(2, NO_PARTIAL);
        List<DataChunk> message = fragments(1, 0, 0, false, 4, 10);
        List<DataChunk> other = fragments(5, 1, 0, false, 2, 10);
        for (DataChunk c : List.of(message.get(1), message.get(2), message.get(3), other.get(0))) {
            tracker.markReceived(c.tsn());
            q.add(c);
        }
        assertEquals(40, q.bufferedBytes());
        assertEquals(Integer.valueOf(5), q.dropHighest());
        tracker.unmark(5);
        assertEquals(Integer.valueOf(4), q.dropHighest()); // the E of the first message
        tracker.unmark(4);
        assertEquals(20, q.bufferedBytes());
        assertEquals(2, q.chunkCount());
        assertEquals(0, q.discardedChunks()); // reneged, not discarded
        for (DataChunk c : List.of(message.get(0), other.get(1), other.get(0), message.get(3))) {
            tracker.markReceived(c.tsn());
            q.add(c);
        }
        List<ReceivedMessage> out = deliver(q);
        assertEquals(2, out.size());
        assertArrayEquals(concat(other), out.get(0).payload().toArray()); // whole first
        assertArrayEquals(concat(message), out.get(1).payload().toArray());
        assertEquals(6, tracker.cumulativeTsn());
        assertEquals(0, q.bufferedBytes());
    }

    @Test
    void dropHighestAboveLeavesCumulativelyAcknowledgedData_rfc9260_6_2() {
        ReassemblyQueue q = new ReassemblyQueue(2, NO_PARTIAL);
        List<DataChunk> message = fragments(1, 0, 0, false, 4, 10);
        q.add(message.get(0));
        q.add(message.get(1)); // cumulative TSN 2; 3 missing
        q.add(whole(9, 1, 1, payload(5, 9))); // waits for SSN 0 of stream 1
        assertEquals(Integer.valueOf(9), q.dropHighestAbove(2));
        assertNull(q.dropHighestAbove(2));
        assertEquals(20, q.bufferedBytes());
        assertEquals(Integer.valueOf(2), q.dropHighest()); // the unbounded form takes it anyway
    }

    @Test
    void dropHighestLeavesMessagesReadyForDelivery_rfc9260_6_2() {
        ReassemblyQueue q = new ReassemblyQueue(1, NO_PARTIAL);
        q.add(whole(1, 0, 0, payload(5, 1)));
        q.add(unorderedWhole(2, 0, payload(5, 2)));
        assertNull(q.dropHighest());
        assertEquals(2, deliver(q).size());
    }

    @Test
    void bufferedBytesCountsEveryHeldPayloadByte() {
        ReassemblyQueue q = new ReassemblyQueue(2, NO_PARTIAL);
        q.add(fragment(1, 0, 0, false, true, false, payload(7, 1)));
        q.add(fragment(3, 0, 0, false, false, true, payload(11, 3)));
        q.add(whole(5, 1, 1, payload(13, 5)));
        q.add(unorderedWhole(6, 1, Bytes.EMPTY));
        assertEquals(31, q.bufferedBytes());
        assertEquals(4, q.chunkCount());
        assertEquals(0, deliver(q).stream().mapToInt(ReceivedMessage::length).sum());
        assertEquals(31, q.bufferedBytes());
        assertEquals(3, q.chunkCount());
        q.add(fragment(2, 0, 0, false, false, false, payload(17, 2)));
        assertEquals(35, deliver(q).get(0).length());
        assertEquals(13, q.bufferedBytes());
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new ReassemblyQueue(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new ReassemblyQueue(65536, 10));
        assertThrows(IllegalArgumentException.class, () -> new ReassemblyQueue(1, 0));
        ReassemblyQueue q = new ReassemblyQueue(2, 10);
        assertThrows(IllegalArgumentException.class, () -> q.add(whole(1, 2, 0, Bytes.EMPTY)));
        assertThrows(NullPointerException.class, () -> q.add(null));
        assertThrows(NullPointerException.class, () -> q.deliver(null));
        assertEquals(0, q.chunkCount());
    }

    // ---- input that breaks RFC 9260 §6.6 or §6.9 ----

    @Test
    void endWithoutBeginningAfterEndedMessageIsDiscarded_rfc9260_6_9() {
        ReassemblyQueue q = new ReassemblyQueue(1, NO_PARTIAL);
        q.add(whole(10, 0, 1, payload(3, 10))); // waits for SSN 0, so TSN 10 stays held
        q.add(fragment(11, 0, 2, false, false, true, payload(4, 11))); // E whose predecessor ended
        assertEquals(1, q.discardedChunks());
        assertEquals(3, q.bufferedBytes());
    }

    @Test
    void endWithoutBeginningIsOrphanedOnceItsPredecessorIsKnownGone_rfc9260_6_9() {
        ReassemblyQueue q = new ReassemblyQueue(1, NO_PARTIAL);
        q.add(whole(10, 0, 0, payload(3, 10)));
        assertEquals(1, deliver(q).size()); // TSN 10 is gone from the queue
        q.add(fragment(11, 0, 1, false, false, true, payload(4, 11)));
        assertEquals(List.of(), deliver(q));
        assertEquals(4, q.bufferedBytes()); // cannot tell yet
        assertEquals(0, q.discardOrphans(9));
        assertEquals(1, q.discardOrphans(11));
        assertEquals(0, q.bufferedBytes());
        assertEquals(0, q.chunkCount());
        assertEquals(1, q.discardedChunks());
        q.add(whole(12, 0, 1, payload(2, 12))); // SSN 1 was never delivered: still welcome
        assertEquals(1, deliver(q).size());
    }

    @Test
    void beginningInsideAnotherMessageStartsANewOne_rfc9260_6_9() {
        ReassemblyQueue q = new ReassemblyQueue(1, NO_PARTIAL);
        q.add(fragment(10, 0, 0, false, true, false, payload(5, 10)));
        q.add(fragment(12, 0, 0, false, false, true, payload(5, 12)));
        q.add(fragment(11, 0, 0, false, true, false, payload(5, 11))); // a second B
        assertEquals(1, q.discardedChunks()); // TSN 10 can never end now
        List<ReceivedMessage> out = deliver(q);
        assertEquals(1, out.size());
        assertEquals(11, out.get(0).tsn()); // TSNs 11..12: a well-formed message
        assertEquals(10, out.get(0).length());
        assertEquals(0, q.bufferedBytes());
    }

    @Test
    void fragmentsOfDifferentStreamsAreNeverJoined_rfc9260_6_9() {
        ReassemblyQueue q = new ReassemblyQueue(3, NO_PARTIAL);
        q.add(fragment(10, 1, 0, false, true, false, payload(5, 10)));
        q.add(fragment(11, 2, 0, false, false, true, payload(5, 11)));
        assertEquals(List.of(), deliver(q));
        assertEquals(2, q.discardedChunks());
        assertEquals(0, q.bufferedBytes());
        q.add(fragment(20, 1, 0, true, true, false, payload(5, 20))); // unordered B
        q.add(fragment(21, 1, 0, false, false, true, payload(5, 21))); // ordered E: U bits differ
        assertEquals(List.of(), deliver(q));
        assertEquals(4, q.discardedChunks());
    }

    @Test
    void ssnsOfOrderedFragmentsMustAgree_rfc9260_6_9() {
        ReassemblyQueue q = new ReassemblyQueue(1, NO_PARTIAL);
        q.add(fragment(10, 0, 0, false, true, false, payload(5, 10)));
        q.add(fragment(11, 0, 1, false, false, true, payload(5, 11)));
        assertEquals(List.of(), deliver(q));
        assertEquals(2, q.discardedChunks());
        q.add(whole(12, 0, 0, payload(1, 12)));
        assertEquals(1, deliver(q).size());
    }

    @Test
    void twoBeginningsForSameSsnDeliverLowerTsnOnly_rfc9260_6_6() {
        ReassemblyQueue q = new ReassemblyQueue(1, NO_PARTIAL);
        q.add(whole(20, 0, 1, payload(4, 20)));
        q.add(whole(10, 0, 1, payload(4, 10)));
        List<DataChunk> third = fragments(30, 0, 1, false, 2, 4);
        q.add(third.get(0));
        assertEquals(12, q.bufferedBytes());
        q.add(whole(5, 0, 0, payload(4, 5)));
        List<ReceivedMessage> out = deliver(q);
        assertEquals(List.of(0, 1), ssns(out));
        assertEquals(10, out.get(1).tsn());
        assertEquals(1, q.discardedChunks()); // TSN 20 at once; TSN 30 when it completes
        assertEquals(4, q.bufferedBytes());
        q.add(third.get(1));
        assertEquals(List.of(), deliver(q));
        assertEquals(3, q.discardedChunks());
        assertEquals(0, q.bufferedBytes());
        assertEquals(0, q.chunkCount());
    }

    @Test
    void ssnAlreadyDeliveredIsDiscarded_rfc9260_6_6() {
        ReassemblyQueue q = new ReassemblyQueue(1, NO_PARTIAL);
        q.add(whole(1, 0, 0, payload(2, 1)));
        q.add(whole(2, 0, 1, payload(2, 2)));
        assertEquals(2, deliver(q).size());
        q.add(whole(3, 0, 0, payload(2, 3)));
        for (DataChunk c : fragments(4, 0, 1, false, 3, 2)) {
            q.add(c);
        }
        assertEquals(List.of(), deliver(q));
        assertEquals(4, q.discardedChunks());
        assertEquals(0, q.bufferedBytes());
        assertEquals(0, q.chunkCount());
    }

    @Test
    void hugeSsnJumpWaitsOrIsDroppedAsBehind_rfc9260_6_5() {
        ReassemblyQueue q = new ReassemblyQueue(1, NO_PARTIAL);
        q.add(whole(1, 0, 32767, payload(3, 1))); // ahead: waits for SSNs 0..32766
        q.add(whole(2, 0, 32768, payload(3, 2))); // half the space away: behind in serial terms
        assertEquals(List.of(), deliver(q));
        assertEquals(3, q.bufferedBytes());
        assertEquals(1, q.discardedChunks());
        assertEquals(Integer.valueOf(1), q.dropHighest());
        assertEquals(0, q.bufferedBytes());
    }

    @Test
    void fragmentsThatNeverCompleteStayBufferedAndDroppable_rfc9260_6_2() {
        ReassemblyQueue q = new ReassemblyQueue(1, NO_PARTIAL);
        q.add(fragment(10, 0, 0, false, true, false, payload(6, 10)));
        q.add(fragment(11, 0, 0, false, false, false, payload(6, 11)));
        assertEquals(List.of(), deliver(q));
        assertEquals(12, q.bufferedBytes());
        assertEquals(0, q.discardOrphans(11)); // 12 may still come
        assertEquals(2, q.discardOrphans(12)); // 12 came and was not added: never completes
        assertEquals(0, q.bufferedBytes());
        assertEquals(0, q.chunkCount());
    }

    @Test
    void partialMessageThatCanNoLongerCompleteIsKept_rfc9260_6_9() {
        ReassemblyQueue q = new ReassemblyQueue(2, 10);
        q.add(fragment(10, 0, 0, false, true, false, payload(20, 10)));
        assertEquals(1, deliver(q).size());
        assertTrue(q.partialDeliveryInProgress());
        q.add(whole(11, 1, 0, payload(3, 11))); // cannot continue the message under delivery
        assertEquals(List.of(), deliver(q));
        assertTrue(q.partialDeliveryInProgress());
        assertEquals(0, q.discardOrphans(11));
        q.add(fragment(12, 0, 0, false, false, true, payload(3, 12))); // its predecessor is a B+E
        assertEquals(1, q.discardedChunks());
        assertEquals(3, q.bufferedBytes());
        assertTrue(q.partialDeliveryInProgress());
    }
}
