package io.jsctp.engine.rx;

import io.jsctp.engine.ReceivedMessage;
import io.jsctp.wire.DataChunk;
import java.util.function.Consumer;

/**
 * Turns DATA chunks into messages for the user (RFC 9260 §6.5, §6.6, §6.9): reassembles fragments
 * (which carry consecutive TSNs, first with the B bit, last with the E bit), delivers ordered
 * messages of each stream in stream sequence order and unordered ones as soon as they are whole,
 * without head-of-line blocking between streams.
 *
 * <p>CONTRACT (implementation pending): {@link #bufferedBytes()} counts the payload bytes held and
 * is what the receive window is computed from. Partial delivery: when the message next in line on a
 * stream has at least {@code partialDeliveryPoint} bytes available from its beginning, those bytes
 * are delivered as an incomplete piece ({@link ReceivedMessage#complete()} false) and the rest
 * follows in order as it arrives; while a partial delivery is in progress nothing else of the
 * association is delivered (as RFC 6458 §8.1.21 and Linux do), so the user reads the pieces of one
 * message contiguously.
 */
public final class ReassemblyQueue {

    /**
     * @param inboundStreams       number of inbound streams negotiated
     * @param partialDeliveryPoint bytes of an incomplete message that trigger partial delivery
     */
    public ReassemblyQueue(int inboundStreams, int partialDeliveryPoint) {
        throw new UnsupportedOperationException("pending");
    }

    /**
     * Adds a chunk whose TSN the tracker classified NEW and whose stream is below the inbound stream
     * count (the association checks both before calling).
     */
    public void add(DataChunk chunk) {
        throw new UnsupportedOperationException("pending");
    }

    /**
     * Hands every message (or piece) that can be delivered now, in delivery order, to {@code sink}.
     *
     * @return the payload bytes handed over (they leave {@link #bufferedBytes()})
     */
    public long deliver(Consumer<ReceivedMessage> sink) {
        throw new UnsupportedOperationException("pending");
    }

    /** Payload bytes held and not yet delivered. */
    public long bufferedBytes() {
        throw new UnsupportedOperationException("pending");
    }

    /** Number of chunks held. */
    public int chunkCount() {
        throw new UnsupportedOperationException("pending");
    }

    /**
     * Removes the held chunk with the highest TSN, to make room under memory pressure (RFC 9260
     * §6.2); the caller also un-marks it in the {@link TsnTracker}.
     *
     * @return its TSN, or {@code null} when nothing is held that may be dropped (chunks already
     *         partially delivered may not)
     */
    public Integer dropHighest() {
        throw new UnsupportedOperationException("pending");
    }

    /** True while a partial delivery is in progress. */
    public boolean partialDeliveryInProgress() {
        throw new UnsupportedOperationException("pending");
    }
}
