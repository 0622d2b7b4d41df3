package io.jsctp.engine.rx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jsctp.engine.ReceivedMessage;
import io.jsctp.engine.rx.TsnTracker.Verdict;
import io.jsctp.wire.Bytes;
import io.jsctp.wire.DataChunk;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class ReassemblyQueuePropertiesTest {

    /** One message as the sender cut it. */
    record Sent(int stream, int ssn, boolean unordered, int firstTsn, byte[] data) {}

    @Provide
    Arbitrary<Integer> initialTsns() {
        return Arbitraries.oneOf(Arbitraries.integers(), Arbitraries.of(0, -1, 0xfffffff0, 0x7ffffff0));
    }

    @Provide
    Arbitrary<Integer> partialDeliveryPoints() {
        return Arbitraries.oneOf(Arbitraries.integers().between(1, 200), Arbitraries.just(Integer.MAX_VALUE));
    }

    /**
     * Messages on several streams, ordered and unordered, many fragmented, reach the receiver in any
     * order, some lost and retransmitted later, some duplicated, some reneged and sent again; the
     * association's steps are followed (classify, mark, add, deliver). Every message must come out
     * exactly once, intact, ordered ones in SSN order per stream, the pieces of a partially
     * delivered message one after the other, and nothing may be left behind.
     */
    @Property(tries = 400)
    void everyMessageDeliveredOnceIntactAndInSsnOrder_rfc9260_6_6_and_6_9(
            @ForAll("initialTsns") int initialTsn,
            @ForAll @IntRange(min = 1, max = 5) int streamCount,
            @ForAll @IntRange(min = 1, max = 60) int messageCount,
            @ForAll @IntRange(min = 1, max = 40) int fragmentSize,
            @ForAll("partialDeliveryPoints") int partialDeliveryPoint,
            @ForAll long seed) {
        Random random = new Random(seed);
        // The sender: messages cut into fragments with consecutive TSNs (RFC 9260 §6.9).
        List<Sent> sent = new ArrayList<>();
        List<DataChunk> chunks = new ArrayList<>();
        int[] nextSsn = new int[streamCount];
        int tsn = initialTsn;
        for (int i = 0; i < messageCount; i++) {
            int stream = random.nextInt(streamCount);
            boolean unordered = random.nextInt(4) == 0;
            int ssn = unordered ? random.nextInt(65536) : nextSsn[stream]++;
            byte[] data = new byte[random.nextInt(4) == 0 ? 0 : random.nextInt(fragmentSize * 5 + 1)];
            random.nextBytes(data);
            int fragmentCount = Math.max(1, (data.length + fragmentSize - 1) / fragmentSize);
            sent.add(new Sent(stream, ssn, unordered, tsn, data));
            for (int f = 0; f < fragmentCount; f++) {
                int from = f * fragmentSize;
                int to = Math.min(data.length, from + fragmentSize);
                chunks.add(DataChunk.of(tsn++, stream, ssn, 5000 + i, Bytes.wrap(data.clone(), from, to - from),
                        unordered, f == 0, f == fragmentCount - 1, false));
            }
        }
        Map<Integer, DataChunk> byTsn = new HashMap<>();
        for (DataChunk c : chunks) {
            byTsn.put(c.tsn(), c);
        }

        TsnTracker tracker = new TsnTracker(initialTsn, 4096, 2);
        ReassemblyQueue queue = new ReassemblyQueue(streamCount, partialDeliveryPoint);
        List<ReceivedMessage> delivered = new ArrayList<>();
        long deliveredBytes = 0;
        long addedBytes = 0;
        long renegedBytes = 0;

        List<DataChunk> inFlight = new ArrayList<>(chunks);
        double loss = random.nextDouble() * 0.3;
        double duplication = random.nextDouble() * 0.2;
        double reneging = random.nextInt(3) == 0 ? random.nextDouble() * 0.1 : 0;
        int steps = 0;
        while (!inFlight.isEmpty()) {
            assertTrue(++steps < 1_000_000, "no progress");
            // Arrival order: usually near the front, sometimes anywhere.
            int index = random.nextInt(4) == 0 ? random.nextInt(inFlight.size())
                    : random.nextInt(Math.min(inFlight.size(), 8));
            DataChunk c = inFlight.remove(index);
            if (random.nextDouble() < loss) {
                inFlight.add(c); // lost: the sender retransmits it later
                continue;
            }
            if (random.nextDouble() < duplication) {
                inFlight.add(random.nextInt(inFlight.size() + 1), c);
            }
            Verdict verdict = tracker.classify(c.tsn());
            assertTrue(verdict != Verdict.OUT_OF_WINDOW);
            if (verdict == Verdict.NEW) {
                tracker.markReceived(c.tsn());
                queue.add(c);
                addedBytes += c.payload().length();
            } else {
                tracker.markDuplicate(c.tsn());
            }
            if (random.nextDouble() < reneging) {
                Integer dropped = queue.dropHighestAbove(tracker.cumulativeTsn());
                if (dropped != null) {
                    tracker.unmark(dropped);
                    DataChunk again = byTsn.get(dropped);
                    renegedBytes += again.payload().length();
                    inFlight.add(again); // the SACK no longer covers it: the sender sends it again
                }
            }
            if (random.nextInt(3) == 0) {
                deliveredBytes += queue.deliver(delivered::add);
            }
            if (random.nextInt(10) == 0) {
                assertEquals(0, queue.discardOrphans(tracker.cumulativeTsn()), "nothing is orphaned in good input");
            }
            assertEquals(addedBytes - renegedBytes - deliveredBytes, queue.bufferedBytes());
        }
        deliveredBytes += queue.deliver(delivered::add);

        assertEquals(initialTsn + chunks.size() - 1, tracker.cumulativeTsn());
        assertEquals(0, queue.bufferedBytes());
        assertEquals(0, queue.chunkCount());
        assertEquals(0, queue.discardedChunks());
        assertFalse(queue.partialDeliveryInProgress());
        assertNull(queue.dropHighest());
        assertEquals(addedBytes - renegedBytes, deliveredBytes);

        // Join pieces: an incomplete piece must be followed by the rest of the same message.
        Map<Integer, Sent> byFirstTsn = new HashMap<>();
        for (Sent s : sent) {
            byFirstTsn.put(s.firstTsn(), s);
        }
        Set<Integer> seen = new HashSet<>();
        int[] expectedSsn = new int[streamCount];
        ByteArrayOutputStream pieces = new ByteArrayOutputStream();
        ReceivedMessage previous = null;
        for (ReceivedMessage m : delivered) {
            if (previous != null && !previous.complete()) {
                assertEquals(previous.tsn(), m.tsn(), "pieces of one message are delivered contiguously");
            }
            pieces.writeBytes(m.payload().toArray());
            previous = m;
            if (!m.complete()) {
                continue;
            }
            Sent s = byFirstTsn.get(m.tsn());
            assertNotNull(s, "delivered something that was not sent");
            assertTrue(seen.add(m.tsn()), "delivered twice");
            assertArrayEquals(s.data(), pieces.toByteArray());
            pieces.reset();
            assertEquals(s.stream(), m.streamId());
            assertEquals(s.unordered(), m.unordered());
            assertEquals(s.ssn(), m.ssn());
            if (!s.unordered()) {
                assertEquals(expectedSsn[s.stream()]++, m.ssn(), "SSN order on stream " + s.stream());
            }
        }
        assertEquals(sent.size(), seen.size());
    }

    /**
     * Whatever flags, streams and SSNs arbitrary chunks carry (each TSN once, as the tracker
     * guarantees), the queue never throws, keeps its accounting straight, delivers ordered SSNs of
     * a stream one after the other from 0, and every message it delivers is a B..E run of
     * consecutive TSNs of one stream that the sender really sent.
     */
    @Property(tries = 500)
    void arbitraryChunksNeverThrowNorDeliverCorruptedMessages_rfc9260_6_9(
            @ForAll("initialTsns") int initialTsn,
            @ForAll @IntRange(min = 1, max = 400) int count,
            @ForAll("partialDeliveryPoints") int partialDeliveryPoint,
            @ForAll long seed) {
        Random random = new Random(seed);
        int streamCount = 1 + random.nextInt(3);
        int ssnSpread = 1 + random.nextInt(6);
        List<Integer> tsns = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tsns.add(initialTsn + i);
        }
        java.util.Collections.shuffle(tsns, random);
        Map<Integer, DataChunk> added = new HashMap<>();
        ReassemblyQueue queue = new ReassemblyQueue(streamCount, partialDeliveryPoint);
        List<ReceivedMessage> delivered = new ArrayList<>();
        long addedBytes = 0;
        long deliveredBytes = 0;
        for (int tsn : tsns) {
            int flags = random.nextInt(16);
            int ssn = random.nextInt(ssnSpread) + (random.nextInt(20) == 0 ? 40000 : 0);
            byte[] data = new byte[random.nextInt(30)];
            random.nextBytes(data);
            DataChunk c = new DataChunk(flags, tsn, random.nextInt(streamCount), ssn, random.nextInt(3),
                    Bytes.wrap(data));
            added.put(tsn, c);
            queue.add(c);
            addedBytes += data.length;
            if (random.nextInt(4) == 0) {
                deliveredBytes += queue.deliver(delivered::add);
            }
            if (random.nextInt(30) == 0) {
                Integer dropped = queue.dropHighest();
                if (dropped != null) {
                    addedBytes -= added.remove(dropped).payload().length();
                }
            }
            assertTrue(queue.bufferedBytes() >= 0 && queue.bufferedBytes() <= addedBytes - deliveredBytes);
            assertTrue(queue.chunkCount() >= 0 && queue.chunkCount() <= added.size());
        }
        deliveredBytes += queue.deliver(delivered::add);
        queue.discardOrphans(initialTsn + count - 1);
        deliveredBytes += queue.deliver(delivered::add);
        assertTrue(deliveredBytes + queue.bufferedBytes() <= addedBytes);

        Set<Integer> usedTsns = new HashSet<>();
        Map<Integer, Integer> nextSsn = new HashMap<>();
        ByteArrayOutputStream pieces = new ByteArrayOutputStream();
        ReceivedMessage previous = null;
        for (ReceivedMessage m : delivered) {
            if (previous != null && !previous.complete()) {
                assertEquals(previous.tsn(), m.tsn());
            }
            previous = m;
            pieces.writeBytes(m.payload().toArray());
            if (!m.complete()) {
                continue;
            }
            // Rebuild the message from what was added: B at its TSN, then consecutive TSNs to E.
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            int t = m.tsn();
            DataChunk c = added.get(t);
            assertNotNull(c);
            assertTrue(c.beginning());
            while (true) {
                assertTrue(usedTsns.add(t), "TSN " + t + " delivered twice");
                assertEquals(m.streamId(), c.streamId());
                assertEquals(m.unordered(), c.unordered());
                if (!m.unordered()) {
                    assertEquals(m.ssn(), c.ssn());
                }
                expected.writeBytes(c.payload().toArray());
                if (c.ending()) {
                    break;
                }
                c = added.get(++t);
                assertNotNull(c);
                assertFalse(c.beginning());
            }
            assertArrayEquals(expected.toByteArray(), pieces.toByteArray());
            pieces.reset();
            if (!m.unordered()) {
                int want = nextSsn.getOrDefault(m.streamId(), 0);
                assertEquals(want, m.ssn(), "ordered SSNs are delivered one after the other");
                nextSsn.put(m.streamId(), (want + 1) & 0xffff);
            }
        }
    }
}
