package io.jsctp.wire;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * SACK (type 3, RFC 9260 §3.3.4): acknowledges DATA up to the cumulative TSN, reports the blocks
 * received beyond it and the TSNs received more than once, and advertises the receive window.
 *
 * @param gapAckBlocks  blocks of TSNs received beyond the cumulative ack, as offsets from it
 * @param duplicateTsns TSNs received more than once since the last SACK
 */
public record SackChunk(int flags, int cumulativeTsnAck, long advertisedReceiverWindow,
                        List<GapAckBlock> gapAckBlocks, List<Integer> duplicateTsns) implements Chunk {
    public static final int TYPE = 3;
    public static final int FIXED_VALUE_LENGTH = 12;

    /**
     * TSNs {@code cumulativeTsnAck + start} to {@code cumulativeTsnAck + end} inclusive were received
     * (RFC 9260 §3.3.4: offsets are 16-bit, unsigned).
     */
    public record GapAckBlock(int start, int end) {
        public GapAckBlock {
            Fields.check16("gap block start", start);
            Fields.check16("gap block end", end);
        }
    }

    public SackChunk {
        Fields.check8("flags", flags);
        Fields.checkU32("a_rwnd", advertisedReceiverWindow);
        gapAckBlocks = List.copyOf(gapAckBlocks);
        duplicateTsns = List.copyOf(duplicateTsns);
        if (gapAckBlocks.size() > 0xffff || duplicateTsns.size() > 0xffff) {
            throw new IllegalArgumentException("at most 65535 gap blocks and duplicate TSNs");
        }
    }

    public SackChunk(int cumulativeTsnAck, long advertisedReceiverWindow, List<GapAckBlock> gapAckBlocks,
                     List<Integer> duplicateTsns) {
        this(0, cumulativeTsnAck, advertisedReceiverWindow, gapAckBlocks, duplicateTsns);
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public int valueLength() {
        return FIXED_VALUE_LENGTH + 4 * gapAckBlocks.size() + 4 * duplicateTsns.size();
    }

    @Override
    public void encodeValue(ByteBuffer out) {
        out.putInt(cumulativeTsnAck).putInt((int) advertisedReceiverWindow)
                .putShort((short) gapAckBlocks.size()).putShort((short) duplicateTsns.size());
        for (GapAckBlock b : gapAckBlocks) {
            out.putShort((short) b.start()).putShort((short) b.end());
        }
        for (int tsn : duplicateTsns) {
            out.putInt(tsn);
        }
    }
}
