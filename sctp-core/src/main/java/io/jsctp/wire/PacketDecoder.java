package io.jsctp.wire;

import io.jsctp.wire.MalformedPacketException.Problem;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns bytes into an {@link SctpPacket}. Every fault in the bytes becomes a
 * {@link MalformedPacketException} naming the problem and its byte offset; no other exception
 * escapes for any input.
 *
 * <p>The decoder reads with absolute indexes and leaves the caller's buffer position, limit and
 * byte order as they were. Variable-length fields are copied out, so the packet stays valid after
 * the caller reuses its buffer.
 */
public final class PacketDecoder {
    private PacketDecoder() {}

    /** Decodes strictly the bytes between the buffer's position and limit. */
    public static SctpPacket decode(ByteBuffer packet) throws MalformedPacketException {
        return decode(packet, packet.position(), packet.remaining(), DecodeOptions.STRICT);
    }

    /** Decodes strictly the whole array. */
    public static SctpPacket decode(byte[] packet) throws MalformedPacketException {
        return decode(ByteBuffer.wrap(packet), 0, packet.length, DecodeOptions.STRICT);
    }

    /**
     * Decodes {@code length} bytes at absolute index {@code offset}. The region must lie below the
     * buffer's limit: like ByteBuffer's own absolute reads, the decoder does not look past it.
     */
    public static SctpPacket decode(ByteBuffer packet, int offset, int length, DecodeOptions options)
            throws MalformedPacketException {
        // Checked against the limit, not the capacity: the field readers stop at the limit, so a
        // region past it would otherwise end in an IndexOutOfBoundsException halfway through.
        if (offset < 0 || length < 0 || offset > packet.limit() - length) {
            throw new IllegalArgumentException("region " + offset + "+" + length + " outside the buffer's "
                    + packet.limit() + " readable bytes (its limit)");
        }
        if (length < CommonHeader.LENGTH) {
            throw WireReader.error(Problem.TRUNCATED_HEADER, 0,
                    "packet is " + length + " bytes, shorter than the 12-byte common header");
        }
        if (options.verifyChecksum()) {
            int stored = Crc32c.stored(packet, offset);
            int computed = Crc32c.compute(packet, offset, length);
            if (stored != computed) {
                throw WireReader.error(Problem.BAD_CHECKSUM, Crc32c.CHECKSUM_OFFSET,
                        String.format("checksum 0x%08x does not match the contents (expected 0x%08x)", stored, computed));
            }
        }
        WireReader r = new WireReader(packet, offset, length, options.strict());
        if (length == CommonHeader.LENGTH) {
            throw WireReader.error(Problem.NO_CHUNKS, CommonHeader.LENGTH, "packet has no chunks");
        }
        List<Chunk> chunks = new ArrayList<>(2);
        // Where each chunk starts in the bytes. A lenient decode may accept a chunk whose length
        // field says more than its record re-encodes to, so offsets cannot be recomputed from the
        // records afterwards.
        List<Integer> offsets = new ArrayList<>(2);
        int off = CommonHeader.LENGTH;
        while (off < length) {
            if (length - off < Chunk.HEADER_LENGTH) {
                throw WireReader.error(Problem.TRUNCATED_CHUNK_HEADER, off,
                        (length - off) + " bytes left after the last chunk, too few for a chunk header");
            }
            int type = r.u8(off);
            int chunkLength = r.u16(off + 2);
            if (chunkLength < Chunk.HEADER_LENGTH) {
                throw WireReader.error(Problem.CHUNK_TOO_SHORT, off + 2,
                        ChunkType.nameOf(type) + " chunk length " + chunkLength + " is less than 4");
            }
            if (chunkLength > length - off) {
                throw WireReader.error(Problem.CHUNK_PAST_END, off + 2,
                        ChunkType.nameOf(type) + " chunk length " + chunkLength + " runs past the end of the packet ("
                                + (length - off) + " bytes left)");
            }
            chunks.add(ChunkCodec.decode(r, type, r.u8(off + 1), off, chunkLength));
            offsets.add(off);
            int next = off + chunkLength;
            if (((next + 3) & ~3) > length) {
                throw WireReader.error(Problem.BAD_PADDING, next,
                        ChunkType.nameOf(type) + " chunk is not padded to a multiple of 4 bytes (the packet ends at "
                                + length + ")");
            }
            off = r.skipPadding(next, length, ChunkType.nameOf(type) + " chunk");
        }
        if (options.checkBundling() && chunks.size() > 1) {
            checkBundling(chunks, offsets);
        }
        return new SctpPacket(CommonHeader.sourcePort(packet, offset), CommonHeader.destinationPort(packet, offset),
                CommonHeader.verificationTag(packet, offset), chunks);
    }

    // RFC 9260 §6.10: INIT, INIT ACK and SHUTDOWN COMPLETE MUST NOT be bundled with any other chunk.
    private static void checkBundling(List<Chunk> chunks, List<Integer> offsets) throws MalformedPacketException {
        for (int i = 0; i < chunks.size(); i++) {
            Chunk c = chunks.get(i);
            if (c instanceof InitChunk || c instanceof InitAckChunk || c instanceof ShutdownCompleteChunk) {
                throw WireReader.error(Problem.ILLEGAL_BUNDLING, offsets.get(i),
                        c.typeName() + " is bundled with " + (chunks.size() - 1) + " other chunk(s)");
            }
        }
    }
}
