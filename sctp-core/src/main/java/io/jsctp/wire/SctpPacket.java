package io.jsctp.wire;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * An SCTP packet (RFC 9260 §3): the common header's ports and verification tag, and its chunks. The
 * checksum is not a field: the encoder computes it and the decoder verifies it.
 */
public record SctpPacket(int sourcePort, int destinationPort, int verificationTag, List<Chunk> chunks) {
    public SctpPacket {
        Fields.check16("source port", sourcePort);
        Fields.check16("destination port", destinationPort);
        chunks = List.copyOf(chunks);
    }

    public static SctpPacket of(int sourcePort, int destinationPort, int verificationTag, Chunk... chunks) {
        return new SctpPacket(sourcePort, destinationPort, verificationTag, List.of(chunks));
    }

    /** Bytes the packet occupies when encoded: header plus every chunk with its padding. */
    public int encodedLength() {
        int n = CommonHeader.LENGTH;
        for (Chunk c : chunks) {
            n += c.paddedLength();
        }
        return n;
    }

    /** Encodes at the buffer's position, advancing it; see {@link PacketEncoder#encode}. */
    public int encode(ByteBuffer out) {
        return PacketEncoder.encode(this, out);
    }

    /** The first chunk, or null when there is none. */
    public Chunk firstChunk() {
        return chunks.isEmpty() ? null : chunks.get(0);
    }

    /** True when some chunk is of the given record class. */
    public boolean contains(Class<? extends Chunk> kind) {
        for (Chunk c : chunks) {
            if (kind.isInstance(c)) {
                return true;
            }
        }
        return false;
    }
}
