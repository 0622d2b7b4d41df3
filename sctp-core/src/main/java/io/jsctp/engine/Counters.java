package io.jsctp.engine;

import io.jsctp.wire.ChunkType;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an association or endpoint has done, counted: packets and chunks in and out by type, user
 * messages and bytes, retransmissions, timer expiries, state changes, and packets dropped by
 * reason. These are the numbers research users measure, so each is exact and cheap to keep.
 */
public final class Counters {
    long packetsIn;
    long packetsOut;
    long bytesIn;
    long bytesOut;
    final long[] chunksIn = new long[256];
    final long[] chunksOut = new long[256];
    long messagesIn;
    long messagesOut;
    long userBytesIn;
    long userBytesOut;
    long timeoutRetransmissions;
    long fastRetransmissions;
    long duplicateTsnsReceived;
    long stateChanges;
    final long[] timerExpiries = new long[TimerKind.values().length];
    final EnumMap<DiscardReason, Long> discarded = new EnumMap<>(DiscardReason.class);

    void discard(DiscardReason r) {
        discarded.merge(r, 1L, Long::sum);
    }

    public long packetsIn() {
        return packetsIn;
    }

    public long packetsOut() {
        return packetsOut;
    }

    /** Bytes of SCTP packets received (common header onward). */
    public long bytesIn() {
        return bytesIn;
    }

    public long bytesOut() {
        return bytesOut;
    }

    public long chunksIn(ChunkType t) {
        return chunksIn[t.number()];
    }

    public long chunksOut(ChunkType t) {
        return chunksOut[t.number()];
    }

    /** Whole user messages delivered to the user. */
    public long messagesIn() {
        return messagesIn;
    }

    /** User messages accepted for sending. */
    public long messagesOut() {
        return messagesOut;
    }

    public long userBytesIn() {
        return userBytesIn;
    }

    public long userBytesOut() {
        return userBytesOut;
    }

    public long timeoutRetransmissions() {
        return timeoutRetransmissions;
    }

    public long fastRetransmissions() {
        return fastRetransmissions;
    }

    public long duplicateTsnsReceived() {
        return duplicateTsnsReceived;
    }

    public long stateChanges() {
        return stateChanges;
    }

    public long timerExpiries(TimerKind k) {
        return timerExpiries[k.ordinal()];
    }

    public long discarded(DiscardReason r) {
        return discarded.getOrDefault(r, 0L);
    }

    public long discardedTotal() {
        long n = 0;
        for (long v : discarded.values()) {
            n += v;
        }
        return n;
    }

    /** Every non-zero counter by a readable name, for printing and for tests. */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("packets_in", packetsIn);
        m.put("packets_out", packetsOut);
        m.put("bytes_in", bytesIn);
        m.put("bytes_out", bytesOut);
        m.put("messages_in", messagesIn);
        m.put("messages_out", messagesOut);
        m.put("user_bytes_in", userBytesIn);
        m.put("user_bytes_out", userBytesOut);
        m.put("retransmissions_timeout", timeoutRetransmissions);
        m.put("retransmissions_fast", fastRetransmissions);
        m.put("duplicate_tsns_received", duplicateTsnsReceived);
        m.put("state_changes", stateChanges);
        for (int t = 0; t < 256; t++) {
            if (chunksIn[t] != 0) {
                m.put("chunks_in." + ChunkType.nameOf(t).replace(' ', '_'), chunksIn[t]);
            }
            if (chunksOut[t] != 0) {
                m.put("chunks_out." + ChunkType.nameOf(t).replace(' ', '_'), chunksOut[t]);
            }
        }
        for (TimerKind k : TimerKind.values()) {
            if (timerExpiries[k.ordinal()] != 0) {
                m.put("timer_expiries." + k.displayName(), timerExpiries[k.ordinal()]);
            }
        }
        for (Map.Entry<DiscardReason, Long> e : discarded.entrySet()) {
            m.put("discarded." + e.getKey().name().toLowerCase(), e.getValue());
        }
        m.values().removeIf(v -> v == 0);
        return m;
    }
}
