package io.jsctp.engine.tx;

import io.jsctp.engine.OutgoingMessage;
import io.jsctp.wire.Bytes;
import io.jsctp.wire.DataChunk;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Messages waiting to be sent, one queue per outbound stream, cut into DATA chunks on demand
 * (RFC 9260 §6.9) as the association finds room for them.
 *
 * <p>Streams take turns message by message (round robin), so a large message on one stream does not
 * hold back the others for longer than it takes to send it; the fragments of one message always get
 * consecutive TSNs, as §6.9 requires. Fragments are views of the message's bytes: nothing is copied
 * until the chunk is encoded into a packet.
 *
 * <p>Only streams with waiting messages have a queue, so an association with 65535 streams costs
 * little more than one with ten.
 */
public final class SendQueue {
    private static final class Queued {
        final OutgoingMessage message;
        final long deadline; // Long.MAX_VALUE when the message has no time to live
        int offset;          // bytes already cut into chunks

        Queued(OutgoingMessage message, long deadline) {
            this.message = message;
            this.deadline = deadline;
        }
    }

    private final Map<Integer, ArrayDeque<Queued>> queues = new HashMap<>();
    private final ArrayDeque<Integer> turn = new ArrayDeque<>(); // streams with messages, in turn order
    private char[] nextSsn;
    private Queued current; // the message being cut, if it is not yet finished
    private long bytes;
    private int messages;
    private OutgoingMessage lastMessage;
    private boolean lastWasEnd;

    public SendQueue(int outboundStreams) {
        this.nextSsn = new char[outboundStreams];
    }

    /** Number of outbound streams messages may use. */
    public int outboundStreams() {
        return nextSsn.length;
    }

    /**
     * Sets the number of outbound streams once the handshake has settled it. Messages queued on
     * streams that no longer exist are removed and handed to {@code dropped}.
     */
    public void setOutboundStreams(int n, Consumer<OutgoingMessage> dropped) {
        char[] ssn = new char[n];
        System.arraycopy(nextSsn, 0, ssn, 0, Math.min(n, nextSsn.length));
        nextSsn = ssn;
        for (Iterator<Map.Entry<Integer, ArrayDeque<Queued>>> it = queues.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Integer, ArrayDeque<Queued>> e = it.next();
            if (e.getKey() >= n) {
                for (Queued q : e.getValue()) {
                    forget(q);
                    dropped.accept(q.message);
                }
                it.remove();
                turn.remove(e.getKey());
            }
        }
    }

    /** Queues a message; the caller has checked its stream, size and the buffer limit. */
    public void add(OutgoingMessage m, long nowNanos) {
        long deadline = m.timeToLiveMillis() > 0 ? nowNanos + m.timeToLiveMillis() * 1_000_000L : Long.MAX_VALUE;
        ArrayDeque<Queued> q = queues.get(m.streamId());
        if (q == null) {
            q = new ArrayDeque<>(4);
            queues.put(m.streamId(), q);
            turn.addLast(m.streamId());
        }
        q.addLast(new Queued(m, deadline));
        bytes += m.length();
        messages++;
    }

    public boolean isEmpty() {
        return messages == 0;
    }

    /** Bytes of user data not yet cut into chunks. */
    public long bytes() {
        return bytes;
    }

    /** Messages with at least one byte not yet cut into chunks. */
    public int messages() {
        return messages;
    }

    /**
     * Cuts the next DATA chunk, of at most {@code maxPayload} bytes of user data, with the given
     * TSN; null when nothing is queued. Messages whose time to live ran out before any of their
     * bytes were sent are removed and handed to {@code expired} (RFC 6458 sinfo_timetolive).
     */
    public DataChunk produce(int tsn, int maxPayload, long nowNanos, Consumer<OutgoingMessage> expired) {
        if (maxPayload <= 0) {
            throw new IllegalArgumentException("no room for user data: " + maxPayload);
        }
        Queued q = current;
        if (q == null) {
            q = nextMessage(nowNanos, expired);
            if (q == null) {
                return null;
            }
        }
        OutgoingMessage m = q.message;
        int len = Math.min(maxPayload, m.length() - q.offset);
        boolean begin = q.offset == 0;
        boolean end = q.offset + len == m.length();
        int ssn = 0;
        if (!m.unordered()) {
            ssn = nextSsn[m.streamId()];
            if (end) {
                // Every fragment of an ordered message carries the same SSN (§6.9); advance after the last.
                nextSsn[m.streamId()] = (char) (ssn + 1);
            }
        }
        Bytes payload = m.payload().slice(q.offset, len);
        q.offset += len;
        bytes -= len;
        lastMessage = m;
        lastWasEnd = end;
        if (end) {
            messages--;
            current = null;
        } else {
            current = q;
        }
        return DataChunk.of(tsn, m.streamId(), ssn, m.ppid(), payload, m.unordered(), begin, end,
                end && m.sackImmediately());
    }

    /** The message the last produced chunk belongs to. */
    public OutgoingMessage lastMessage() {
        return lastMessage;
    }

    /** True when the last produced chunk ended its message. */
    public boolean lastWasEnd() {
        return lastWasEnd;
    }

    /** Bytes the next chunk would carry with no size limit: all of the next message left. */
    public int nextMessageRemaining() {
        if (current != null) {
            return current.message.length() - current.offset;
        }
        Integer s = turn.peekFirst();
        if (s == null) {
            return 0;
        }
        Queued q = queues.get(s).peekFirst();
        return q.message.length() - q.offset;
    }

    /**
     * Empties the queue (abort), handing every message to {@code sink}.
     *
     * @param partlySent receives the message some of whose chunks were already produced, if any
     */
    public void drain(Consumer<OutgoingMessage> sink, Consumer<OutgoingMessage> partlySent) {
        if (current != null) {
            partlySent.accept(current.message);
        }
        for (int stream : turn) {
            for (Queued q : queues.get(stream)) {
                if (q != current) {
                    sink.accept(q.message);
                }
            }
        }
        queues.clear();
        turn.clear();
        current = null;
        bytes = 0;
        messages = 0;
    }

    private Queued nextMessage(long now, Consumer<OutgoingMessage> expired) {
        while (!turn.isEmpty()) {
            int stream = turn.pollFirst();
            ArrayDeque<Queued> q = queues.get(stream);
            Queued head = q.pollFirst();
            if (q.isEmpty()) {
                queues.remove(stream);
            } else {
                turn.addLast(stream); // the stream waits for its next turn
            }
            if (head.deadline <= now) {
                forget(head);
                expired.accept(head.message);
                continue;
            }
            current = head;
            return head;
        }
        return null;
    }

    private void forget(Queued q) {
        bytes -= q.message.length() - q.offset;
        messages--;
    }
}
