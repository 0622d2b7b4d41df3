package io.jsctp.engine.rx;

import io.jsctp.engine.ReceivedMessage;
import io.jsctp.engine.SerialNumbers;
import io.jsctp.wire.Bytes;
import io.jsctp.wire.DataChunk;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Turns DATA chunks into messages for the user (RFC 9260 §6.5, §6.6, §6.9): reassembles fragments
 * (which carry consecutive TSNs, first with the B bit, last with the E bit), delivers ordered
 * messages of each stream in stream sequence order and unordered ones as soon as they are whole,
 * without head-of-line blocking between streams.
 *
 * <p>CONTRACT: {@link #bufferedBytes()} counts the payload bytes held and is what the receive window
 * is computed from. Partial delivery: when the message next in line on a stream has at least
 * {@code partialDeliveryPoint} bytes available from its beginning, those bytes are delivered as an
 * incomplete piece ({@link ReceivedMessage#complete()} false) and the rest follows in order as it
 * arrives; while a partial delivery is in progress nothing else of the association is delivered (as
 * RFC 6458 §8.1.21 and Linux do), so the user reads the pieces of one message contiguously. An
 * unordered message is next in line as soon as its beginning has arrived; an ordered one when every
 * earlier stream sequence number of its stream has been delivered. Messages that become whole
 * during a partial delivery stay held, and may be reneged, until it ends.
 *
 * <h2>How it works</h2>
 * <ul>
 * <li>A chunk with both B and E is a whole message. Unordered, or ordered and next in its stream, it
 *     goes straight to the ready queue (unless a partial delivery is in progress): no allocation
 *     besides the {@link ReceivedMessage}, and its payload is delivered as is, without a copy.</li>
 * <li>Fragments are kept in <em>runs</em>: maximal chains of held chunks with consecutive TSNs that
 *     may belong to one message (same stream, same U bit, same SSN when ordered, no E before the end
 *     and no B after the start). Two primitive hash maps find the run that ends just before a TSN and
 *     the run that starts just after it, so a fragment joins its neighbours in O(1); joining two runs
 *     moves the chunks of the shorter one, O(n log n) for any arrival order of an n-fragment message
 *     and O(1) per fragment in order. A run that starts with B and ends with E is a whole message;
 *     its payloads are concatenated with one copy when it is delivered.</li>
 * <li>Each stream has its next expected SSN and a heap of the ordered messages (whole or still in
 *     pieces) waiting for their turn, by SSN in 16-bit serial order (RFC 9260 §6.5: 65535 is followed
 *     by 0). Streams never wait for one another.</li>
 * <li>Runs waiting for their turn or their missing pieces are also on a list, which
 *     {@link #dropHighest()} scans; that is O(runs held), not O(chunks). During a partial delivery
 *     nothing moves to the ready queue, so all that waits for its end stays on that list and can
 *     be reneged: otherwise whole messages behind the partial one could fill the receive window
 *     while the fragment it needs next has no room to arrive.</li>
 * </ul>
 *
 * <h2>Input that breaks RFC 9260 §6.9 or §6.6</h2>
 * The association has checked the TSN (NEW, so unique among what is held) and the stream; everything
 * else is taken as sent. Nothing here throws on such input, nothing is kept that {@link #add} was not
 * given, and nothing is delivered that is not a B..E run of consecutive TSNs. Chunks found to be part
 * of no deliverable message are dropped and counted by {@link #discardedChunks()} (a peer doing this
 * breaks the protocol; the association may ABORT it). Case by case:
 * <ul>
 * <li><b>E without B</b> (or any fragment without B): it waits for the fragment before it. It is
 *     dropped as soon as the chunk at the TSN before it, while waiting here, turns out unable to
 *     precede it (an E, a B+E, another stream, SSN or U bit), or when {@link #discardOrphans(int)}
 *     learns that TSN arrived earlier and did not join it.</li>
 * <li><b>B in the middle of another message's TSN run</b>: the B starts a new message, and the
 *     pieces before it, which now can never end, are dropped; likewise a chunk after an unfinished
 *     run that cannot continue it ends that run's hopes.</li>
 * <li><b>Two B chunks with the same SSN</b> on a stream: the one with the lower TSN is delivered
 *     when that SSN's turn comes, the other is dropped when the turn has passed (at once if whole,
 *     else when it completes or is found orphaned).</li>
 * <li><b>An SSN already delivered</b> (behind the stream's next SSN in serial order): dropped, a
 *     whole message at once, a fragmented one when it completes.</li>
 * <li><b>Fragments that never complete</b>: held and counted in {@link #bufferedBytes()}, so the
 *     advertised window shrinks and the peer that sent them slows down; {@link #dropHighest()} may
 *     renege them, {@link #discardOrphans(int)} drops those that provably cannot complete.</li>
 * <li><b>Huge SSN jumps</b>: an SSN up to 32767 ahead of the next expected one waits for those
 *     before it (bounded by the bytes given, like any held data); one 32768 or more ahead is, in
 *     16-bit serial arithmetic, behind, and is dropped as already delivered.</li>
 * <li><b>A message under partial delivery that can no longer complete</b> (the TSN after its last
 *     piece holds something else): the user already has its beginning, so it is never dropped, and
 *     the association's delivery stays blocked. A chunk there that would have to continue it and
 *     cannot is counted as discarded; the association may also notice that
 *     {@link #partialDeliveryInProgress()} stays true while the cumulative TSN moves on.</li>
 * </ul>
 *
 * <p>Not thread-safe, and {@code sink} must not call back into the queue.
 */
public final class ReassemblyQueue {

    private final int inboundStreams;
    private final int partialDeliveryPoint;

    private StreamState[] streams;
    /** Run by the TSN of its first held chunk (every run on the list). */
    private final IntKeyMap<Run> byFirst = new IntKeyMap<>();
    /** Run by the TSN of its last chunk (every run on the list, and the partially delivered one). */
    private final IntKeyMap<Run> byLast = new IntKeyMap<>();
    /** Runs held for reassembly or ordering, most recent first. */
    private Run runs;
    /**
     * Whole messages in delivery order: a {@link DataChunk} (B and E) or a complete {@link Run}.
     * Nothing enters it during a partial delivery, so it holds nothing a reneging could need.
     */
    private final ArrayDeque<Object> ready = new ArrayDeque<>();
    /** Whole unordered messages that arrived during a partial delivery (still on the list). */
    private final ArrayDeque<Run> parkedUnordered = new ArrayDeque<>();
    /** Streams whose draining was put off by a partial delivery. */
    private final ArrayDeque<StreamState> blockedStreams = new ArrayDeque<>();
    /** Runs that may be partially delivered, checked again when taken. */
    private final ArrayDeque<Run> partialCandidates = new ArrayDeque<>();
    /** The message being partially delivered, or null. */
    private Run partial;

    private long bufferedBytes;
    private int chunkCount;
    private long discardedChunks;

    /**
     * @param inboundStreams       number of inbound streams negotiated
     * @param partialDeliveryPoint bytes of an incomplete message that trigger partial delivery
     * @throws IllegalArgumentException when inboundStreams is not 1..65535 or the point is below 1
     */
    public ReassemblyQueue(int inboundStreams, int partialDeliveryPoint) {
        if (inboundStreams < 1 || inboundStreams > 0xffff) {
            throw new IllegalArgumentException("inbound streams must be 1..65535, not " + inboundStreams);
        }
        if (partialDeliveryPoint < 1) {
            throw new IllegalArgumentException("partial delivery point must be at least 1 byte, not "
                    + partialDeliveryPoint);
        }
        this.inboundStreams = inboundStreams;
        this.partialDeliveryPoint = partialDeliveryPoint;
        this.streams = new StreamState[Math.min(inboundStreams, 16)];
    }

    /**
     * Adds a chunk whose TSN the tracker classified NEW and whose stream is below the inbound stream
     * count (the association checks both before calling).
     *
     * @throws IllegalArgumentException when the stream is not below the inbound stream count
     */
    public void add(DataChunk chunk) {
        Objects.requireNonNull(chunk, "chunk");
        if (chunk.streamId() >= inboundStreams) {
            throw new IllegalArgumentException("stream " + chunk.streamId() + " is not below the "
                    + inboundStreams + " inbound streams");
        }
        if (chunk.beginning() && chunk.ending()) {
            addWhole(chunk);
        } else {
            addFragment(chunk);
        }
    }

    private void addWhole(DataChunk chunk) {
        int tsn = chunk.tsn();
        // RFC 9260 §6.9: a B+E chunk is a message of its own, so the run ending just before it
        // must have ended (E) and the run starting just after it must begin one (B).
        Run before = byLast.get(tsn - 1);
        if (before != null && !before.ending) {
            discard(before);
        }
        Run after = byFirst.get(tsn + 1);
        if (after != null && !after.beginning) {
            discard(after);
        }
        if (chunk.unordered()) {
            count(chunk);
            if (partial == null) {
                ready.add(chunk); // RFC 9260 §6.6: unordered, delivered as soon as whole
            } else {
                Run run = new Run(chunk);
                hold(run);
                park(run);
            }
            return;
        }
        StreamState stream = stream(chunk.streamId());
        int ssn = chunk.ssn();
        if (SerialNumbers.lt16(ssn, stream.nextSsn)) {
            discardedChunks++; // this SSN's turn has passed: delivering it would break §6.6 order
            return;
        }
        count(chunk);
        if (partial == null && ssn == stream.nextSsn && !stream.hasWaitingWith(ssn)) {
            ready.add(chunk); // the common case: in order, no allocation
            stream.nextSsn = SerialNumbers.next16(ssn);
            drain(stream);
            return;
        }
        Run run = new Run(chunk);
        hold(run);
        enqueueOrdered(run, stream);
        drain(stream);
    }

    private void addFragment(DataChunk chunk) {
        int tsn = chunk.tsn();
        Run left = byLast.get(tsn - 1);
        Run right = byFirst.get(tsn + 1);
        boolean joinLeft = left != null && !left.ending && !chunk.beginning() && left.accepts(chunk);
        boolean joinRight = right != null && !chunk.ending() && !right.beginning && right.accepts(chunk);
        // RFC 9260 §6.9: the fragments of a message have consecutive TSNs, so a neighbour that
        // cannot be joined proves that whichever side needed it can never complete.
        boolean doomed = false;
        if (left != null && !joinLeft) {
            if (!left.ending) {
                discard(left);
            }
            doomed |= !chunk.beginning();
        }
        if (right != null && !joinRight) {
            if (!right.beginning) {
                discard(right);
            }
            doomed |= !chunk.ending();
        }
        if (doomed) {
            // The chunk's message cannot complete, nor can the runs it would have joined.
            if (joinLeft) {
                discard(left);
            }
            if (joinRight) {
                discard(right);
            }
            discardedChunks++;
            return;
        }
        count(chunk);
        Run run;
        if (joinLeft && joinRight) {
            byLast.remove(left.lastTsn, left);
            byFirst.remove(right.firstTsn, right);
            byLast.remove(right.lastTsn, right);
            unlist(right);
            left.append(chunk);
            left.absorb(right);
            byLast.put(left.lastTsn, left);
            run = left;
        } else if (joinLeft) {
            byLast.remove(left.lastTsn, left);
            left.append(chunk);
            byLast.put(tsn, left);
            run = left;
        } else if (joinRight) {
            byFirst.remove(right.firstTsn, right);
            right.prepend(chunk);
            byFirst.put(tsn, right);
            run = right;
            if (chunk.beginning()) {
                startsMessage(run);
            }
        } else {
            run = new Run(chunk);
            hold(run);
            if (chunk.beginning()) {
                startsMessage(run);
            }
        }
        if (run.beginning && run.ending) {
            completed(run);
        } else {
            considerPartial(run);
        }
    }

    /** A run has just got its B chunk: an ordered one joins its stream's queue (RFC 9260 §6.6). */
    private void startsMessage(Run run) {
        if (run.unordered) {
            return;
        }
        StreamState stream = stream(run.streamId);
        if (SerialNumbers.lt16(run.ssn, stream.nextSsn)) {
            run.stale = true; // that SSN was delivered already: dropped once complete
        } else {
            enqueueOrdered(run, stream);
        }
    }

    private void enqueueOrdered(Run run, StreamState stream) {
        if (stream.waiting == null) {
            stream.waiting = new PriorityQueue<>(Run.BY_SSN_THEN_TSN);
        }
        stream.waiting.add(run);
        run.waiting = true;
    }

    /** A run now holds B through E. */
    private void completed(Run run) {
        if (run == partial) {
            return; // deliver() hands over the last piece
        }
        if (run.stale) {
            discard(run);
        } else if (run.unordered) {
            if (partial == null) {
                release(run);
                ready.add(run); // RFC 9260 §6.6: unordered, delivered as soon as whole
            } else {
                park(run);
            }
        } else {
            drain(streams[run.streamId]);
        }
    }

    /**
     * Moves the messages of a stream that are whole and next in SSN order to the ready queue
     * (RFC 9260 §6.6), and drops those whose turn has passed.
     */
    private void drain(StreamState stream) {
        if (partial != null) {
            // Nothing is promoted during a partial delivery: what waits stays droppable.
            if (!stream.blocked) {
                stream.blocked = true;
                blockedStreams.add(stream);
            }
            return;
        }
        PriorityQueue<Run> waiting = stream.waiting;
        while (waiting != null && !waiting.isEmpty()) {
            Run head = waiting.peek();
            if (SerialNumbers.lt16(head.ssn, stream.nextSsn)) {
                waiting.poll();
                head.waiting = false;
                if (head.beginning && head.ending) {
                    discard(head);
                } else {
                    head.stale = true;
                }
                continue;
            }
            if (head.ssn != stream.nextSsn) {
                return;
            }
            if (!(head.beginning && head.ending)) {
                considerPartial(head);
                return;
            }
            waiting.poll();
            head.waiting = false;
            release(head);
            ready.add(head);
            stream.nextSsn = SerialNumbers.next16(head.ssn);
        }
    }

    /** Keeps a whole unordered message that arrived during a partial delivery for its end. */
    private void park(Run run) {
        if (!run.parked) { // it may be parked already, reneged at its end and now whole again
            run.parked = true;
            parkedUnordered.add(run);
        }
    }

    /** Queues a run for partial delivery if it is next in line with enough bytes from its B. */
    private void considerPartial(Run run) {
        if (!run.candidate && isPartialCandidate(run)) {
            run.candidate = true;
            partialCandidates.add(run);
        }
    }

    private boolean isPartialCandidate(Run run) {
        if (run == partial || !run.held || run.stale || !run.beginning || run.ending
                || run.bytes < partialDeliveryPoint) {
            return false;
        }
        if (run.unordered) {
            return true;
        }
        StreamState stream = streams[run.streamId];
        return run.ssn == stream.nextSsn && stream.waiting != null && stream.waiting.peek() == run;
    }

    /**
     * Hands every message (or piece) that can be delivered now, in delivery order, to {@code sink}.
     *
     * @return the payload bytes handed over (they leave {@link #bufferedBytes()})
     */
    public long deliver(Consumer<ReceivedMessage> sink) {
        Objects.requireNonNull(sink, "sink");
        long delivered = 0;
        while (true) {
            if (partial != null) {
                Run run = partial;
                if (run.chunks.isEmpty()) {
                    return delivered; // nothing else until the next piece arrives
                }
                boolean last = run.ending;
                long bytes = run.bytes;
                Bytes payload = takePayload(run);
                if (last) {
                    finishPartial(run);
                }
                delivered += bytes;
                sink.accept(new ReceivedMessage(run.streamId, run.ssn, run.ppid, run.unordered, payload,
                        run.messageTsn, last));
                if (!last) {
                    return delivered;
                }
                continue;
            }
            Object next = ready.poll();
            if (next instanceof DataChunk) {
                DataChunk chunk = (DataChunk) next;
                int length = chunk.payload().length();
                bufferedBytes -= length;
                chunkCount--;
                delivered += length;
                sink.accept(new ReceivedMessage(chunk.streamId(), chunk.ssn(), chunk.ppid(), chunk.unordered(),
                        chunk.payload(), chunk.tsn(), true));
            } else if (next != null) {
                Run run = (Run) next;
                long bytes = run.bytes;
                Bytes payload = takePayload(run);
                delivered += bytes;
                sink.accept(new ReceivedMessage(run.streamId, run.ssn, run.ppid, run.unordered, payload,
                        run.messageTsn, true));
            } else {
                Run candidate = nextPartialCandidate();
                if (candidate == null) {
                    return delivered;
                }
                startPartial(candidate);
            }
        }
    }

    private Run nextPartialCandidate() {
        Run run;
        while ((run = partialCandidates.poll()) != null) {
            run.candidate = false;
            if (isPartialCandidate(run)) {
                return run;
            }
        }
        return null;
    }

    private void startPartial(Run run) {
        // The user gets its beginning now: from here on it is never dropped, and it can only grow
        // at its end, so it leaves the list and the by-first map but stays findable by its last TSN.
        unlist(run);
        byFirst.remove(run.firstTsn, run);
        partial = run;
    }

    private void finishPartial(Run run) {
        byLast.remove(run.lastTsn, run);
        partial = null;
        if (!run.unordered) {
            StreamState stream = streams[run.streamId];
            if (run.waiting) {
                stream.waiting.remove(run);
                run.waiting = false;
            }
            stream.nextSsn = SerialNumbers.next16(run.ssn);
            drain(stream);
        }
        // Now promote what waited for the end of the partial delivery.
        Run parked;
        while ((parked = parkedUnordered.poll()) != null) {
            parked.parked = false;
            if (parked.held && parked.beginning && parked.ending) { // it may have been reneged since
                release(parked);
                ready.add(parked);
            }
        }
        StreamState blocked;
        while ((blocked = blockedStreams.poll()) != null) {
            blocked.blocked = false;
            drain(blocked);
        }
    }

    /**
     * The payload of all chunks a run holds, which leave it and the buffer: as is for one chunk,
     * else concatenated with one copy.
     */
    private Bytes takePayload(Run run) {
        ArrayDeque<DataChunk> chunks = run.chunks;
        Bytes payload;
        if (chunks.size() == 1) {
            payload = chunks.peekFirst().payload();
        } else {
            byte[] joined = new byte[Math.toIntExact(run.bytes)];
            int offset = 0;
            for (DataChunk chunk : chunks) {
                chunk.payload().copyTo(joined, offset);
                offset += chunk.payload().length();
            }
            payload = Bytes.wrap(joined);
        }
        bufferedBytes -= run.bytes;
        chunkCount -= chunks.size();
        chunks.clear();
        run.bytes = 0;
        return payload;
    }

    /** Payload bytes held and not yet delivered. */
    public long bufferedBytes() {
        return bufferedBytes;
    }

    /** Number of chunks held. */
    public int chunkCount() {
        return chunkCount;
    }

    /**
     * Chunks dropped since creation because they could never be part of a deliverable message (see
     * the class description); each is a sign of a peer breaking RFC 9260 §6.6 or §6.9.
     */
    public long discardedChunks() {
        return discardedChunks;
    }

    /**
     * Removes the held chunk with the highest TSN, to make room under memory pressure (RFC 9260
     * §6.2); the caller also un-marks it in the {@link TsnTracker}.
     *
     * <p>Only chunks held for reassembly or ordering (including everything held back by a partial
     * delivery) are considered: not whole messages already due to {@link #deliver} (deliver them
     * instead), nor the message under partial delivery. The
     * chunk may be at or below the cumulative TSN, which the tracker refuses to un-mark and the
     * sender will never retransmit; {@link #dropHighestAbove(int)} avoids that.
     *
     * @return its TSN, or {@code null} when nothing is held that may be dropped (chunks already
     *         partially delivered may not)
     */
    public Integer dropHighest() {
        return drop(false, 0);
    }

    /**
     * Like {@link #dropHighest()}, but only drops a chunk whose TSN is above {@code cumulativeTsn}:
     * data covered by the cumulative TSN ack can never be reneged (RFC 9260 §6.2), as the sender has
     * forgotten it.
     *
     * @return its TSN, or {@code null} when no droppable chunk is above cumulativeTsn
     */
    public Integer dropHighestAbove(int cumulativeTsn) {
        return drop(true, cumulativeTsn);
    }

    private Integer drop(boolean bounded, int floor) {
        Run highest = null;
        for (Run run = runs; run != null; run = run.next) {
            if ((!bounded || SerialNumbers.gt(run.lastTsn, floor))
                    && (highest == null || SerialNumbers.gt(run.lastTsn, highest.lastTsn))) {
                highest = run;
            }
        }
        if (highest == null) {
            return null;
        }
        if (highest.chunks.size() == 1) {
            int tsn = highest.lastTsn;
            remove(highest); // reneged, not discarded: the sender will send it again
            return tsn;
        }
        DataChunk chunk = highest.chunks.pollLast();
        int length = chunk.payload().length();
        bufferedBytes -= length;
        chunkCount--;
        highest.bytes -= length;
        byLast.remove(highest.lastTsn, highest);
        highest.lastTsn = highest.chunks.peekLast().tsn();
        highest.ending = false; // only a run's last chunk can carry E
        byLast.put(highest.lastTsn, highest);
        return chunk.tsn();
    }

    /**
     * Drops the runs that provably can never complete, given that every TSN up to and including
     * {@code cumulativeTsn} has arrived and every such chunk the association accepted has been
     * {@link #add}ed: a run without its B whose preceding TSN is that old, or a run without its E
     * whose following TSN is, would have been joined by that TSN if it belonged to the same message
     * (RFC 9260 §6.9). Cheap enough to call whenever the cumulative TSN advances past held data;
     * O(runs held). The message under partial delivery is never dropped.
     *
     * @return the number of chunks dropped (also counted by {@link #discardedChunks()})
     */
    public int discardOrphans(int cumulativeTsn) {
        List<Run> orphans = null;
        for (Run run = runs; run != null; run = run.next) {
            if ((!run.beginning && SerialNumbers.le(run.firstTsn - 1, cumulativeTsn))
                    || (!run.ending && SerialNumbers.le(run.lastTsn + 1, cumulativeTsn))) {
                if (orphans == null) {
                    orphans = new ArrayList<>();
                }
                orphans.add(run);
            }
        }
        if (orphans == null) {
            return 0;
        }
        long before = discardedChunks;
        for (Run run : orphans) {
            if (run.held) { // dropping one may have dropped another (a stale duplicate SSN)
                discard(run);
            }
        }
        return (int) (discardedChunks - before);
    }

    /** True while a partial delivery is in progress. */
    public boolean partialDeliveryInProgress() {
        return partial != null;
    }

    // ---- bookkeeping ----

    private void count(DataChunk chunk) {
        bufferedBytes += chunk.payload().length();
        chunkCount++;
    }

    /** Drops a run held for reassembly or ordering, counting its chunks as discarded. */
    private void discard(Run run) {
        if (run == partial || !run.held) {
            return; // the user has the beginning of a partially delivered message: keep it
        }
        discardedChunks += run.chunks.size();
        remove(run);
    }

    /** Removes a held run with its chunks from every structure, and lets its stream move on. */
    private void remove(Run run) {
        bufferedBytes -= run.bytes;
        chunkCount -= run.chunks.size();
        run.chunks.clear();
        run.bytes = 0;
        release(run);
        if (run.waiting) {
            StreamState stream = streams[run.streamId];
            stream.waiting.remove(run);
            run.waiting = false;
            drain(stream); // the run may have been in the way of a whole message with its SSN
        }
    }

    /** Puts a new run on the list and in both maps. */
    private void hold(Run run) {
        run.held = true;
        run.next = runs;
        if (runs != null) {
            runs.prev = run;
        }
        runs = run;
        byFirst.put(run.firstTsn, run);
        byLast.put(run.lastTsn, run);
    }

    /** Takes a run off the list and out of both maps (for delivery or removal). */
    private void release(Run run) {
        byFirst.remove(run.firstTsn, run);
        byLast.remove(run.lastTsn, run);
        unlist(run);
        if (run.candidate) {
            partialCandidates.remove(run);
            run.candidate = false;
        }
        if (run.parked) {
            parkedUnordered.remove(run);
            run.parked = false;
        }
    }

    private void unlist(Run run) {
        if (!run.held) {
            return;
        }
        run.held = false;
        if (run.prev != null) {
            run.prev.next = run.next;
        } else {
            runs = run.next;
        }
        if (run.next != null) {
            run.next.prev = run.prev;
        }
        run.prev = null;
        run.next = null;
    }

    private StreamState stream(int id) {
        if (id >= streams.length) {
            streams = Arrays.copyOf(streams, Math.min(inboundStreams, Math.max(id + 1, streams.length * 2)));
        }
        StreamState stream = streams[id];
        if (stream == null) {
            stream = new StreamState();
            streams[id] = stream;
        }
        return stream;
    }

    /** The receive state of one inbound stream (RFC 9260 §6.5). */
    private static final class StreamState {
        /** The SSN of the next ordered message to deliver; streams start at 0 (RFC 9260 §6.5). */
        int nextSsn;
        /** Ordered messages that have their B chunk but not their turn or all their pieces. */
        PriorityQueue<Run> waiting;
        /** On the list of streams to drain when the partial delivery ends. */
        boolean blocked;

        boolean hasWaitingWith(int ssn) {
            return waiting != null && !waiting.isEmpty() && waiting.peek().ssn == ssn;
        }
    }

    /**
     * Held chunks with consecutive TSNs that can belong to one message: same stream, same U bit,
     * same SSN when ordered, no E but on the last and no B but on the first (RFC 9260 §6.9).
     */
    private static final class Run {
        /**
         * SSN order in 16-bit serial arithmetic, lower TSN first for equal SSNs. Consistent because a
         * stream's heap only holds SSNs from its next expected one to 32767 beyond it.
         */
        static final Comparator<Run> BY_SSN_THEN_TSN = (a, b) -> {
            if (a.ssn != b.ssn) {
                return SerialNumbers.lt16(a.ssn, b.ssn) ? -1 : 1;
            }
            return Integer.signum(a.messageTsn - b.messageTsn);
        };

        final int streamId;
        final boolean unordered;
        int ssn;
        /** From the B chunk, once held. */
        int ppid;
        /** TSN of the B chunk, once held: what {@link ReceivedMessage#tsn()} reports. */
        int messageTsn;
        int firstTsn;
        int lastTsn;
        /** The first chunk carries B / the last carries E. */
        boolean beginning;
        boolean ending;
        ArrayDeque<DataChunk> chunks = new ArrayDeque<>(4);
        long bytes;

        Run prev;
        Run next;
        /** On the list of runs held for reassembly or ordering. */
        boolean held;
        /** In its stream's heap. */
        boolean waiting;
        /** Its SSN's turn passed before it completed: dropped when it does. */
        boolean stale;
        /** In the partial delivery candidates. */
        boolean candidate;
        /** Whole and unordered, waiting for the end of a partial delivery. */
        boolean parked;

        Run(DataChunk chunk) {
            streamId = chunk.streamId();
            unordered = chunk.unordered();
            ssn = chunk.ssn();
            firstTsn = chunk.tsn();
            lastTsn = chunk.tsn();
            ending = chunk.ending();
            chunks.add(chunk);
            bytes = chunk.payload().length();
            if (chunk.beginning()) {
                markBeginning(chunk);
            }
        }

        private void markBeginning(DataChunk chunk) {
            beginning = true;
            ppid = chunk.ppid();
            messageTsn = chunk.tsn();
            ssn = chunk.ssn();
        }

        /** Whether the chunk can be a fragment of the same message (RFC 9260 §6.9). */
        boolean accepts(DataChunk chunk) {
            return chunk.streamId() == streamId && chunk.unordered() == unordered
                    && (unordered || chunk.ssn() == ssn); // SSN is ignored when unordered (§3.3.1)
        }

        void append(DataChunk chunk) {
            chunks.addLast(chunk);
            lastTsn = chunk.tsn();
            ending = chunk.ending();
            bytes += chunk.payload().length();
        }

        void prepend(DataChunk chunk) {
            chunks.addFirst(chunk);
            firstTsn = chunk.tsn();
            bytes += chunk.payload().length();
            if (chunk.beginning()) {
                markBeginning(chunk);
            }
        }

        /** Appends the chunks of the run that follows, moving whichever side is shorter. */
        void absorb(Run following) {
            ArrayDeque<DataChunk> theirs = following.chunks;
            if (chunks.size() >= theirs.size()) {
                chunks.addAll(theirs);
            } else {
                for (var it = chunks.descendingIterator(); it.hasNext(); ) {
                    theirs.addFirst(it.next());
                }
                chunks = theirs;
            }
            following.chunks = null; // the following run is gone; nothing refers to it any more
            lastTsn = following.lastTsn;
            ending = following.ending;
            bytes += following.bytes;
            following.bytes = 0;
        }
    }
}
