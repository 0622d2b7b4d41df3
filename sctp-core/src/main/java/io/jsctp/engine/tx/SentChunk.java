package io.jsctp.engine.tx;

import io.jsctp.engine.OutgoingMessage;
import io.jsctp.engine.path.Path;
import io.jsctp.wire.DataChunk;

/** A DATA chunk that has been sent and not yet acknowledged cumulatively, with its history. */
public final class SentChunk {
    DataChunk chunk;
    OutgoingMessage message;
    boolean endOfMessage;
    Path path;             // destination of the latest transmission
    long sentNanos;        // time of the latest transmission
    int transmissions;     // 1 for a chunk sent once
    boolean gapAcked;      // reported in a gap ack block of the latest SACK
    boolean inFlight;      // counted in its path's flight size and outstanding bytes
    boolean markedForRetransmission;
    boolean fastRetransmit; // marked by miss indications rather than by a timeout
    boolean fastRetransmitted; // §7.2.4: a chunk is fast retransmitted at most once
    int missIndications;

    public DataChunk chunk() {
        return chunk;
    }

    public int tsn() {
        return chunk.tsn();
    }

    public OutgoingMessage message() {
        return message;
    }

    public Path path() {
        return path;
    }

    public int transmissions() {
        return transmissions;
    }

    public boolean gapAcked() {
        return gapAcked;
    }

    public boolean markedForRetransmission() {
        return markedForRetransmission;
    }

    /** True when marked for retransmission by miss indications (§7.2.4), not by a timeout. */
    public boolean markedForFastRetransmit() {
        return markedForRetransmission && fastRetransmit;
    }

    public int missIndications() {
        return missIndications;
    }

    int size() {
        return chunk.payload().length();
    }
}
