package io.jsctp.wire;

import java.nio.ByteBuffer;

/**
 * One chunk of an SCTP packet (RFC 9260 §3.2). The thirteen chunk types of RFC 9260 are records of
 * their own; extension chunks and unknown types are {@link OpaqueChunk}s.
 *
 * <p>Every chunk keeps its flags byte as received, even where RFC 9260 defines no flag (senders set
 * those bits to zero and receivers ignore them), so that a decoded packet re-encodes to the same
 * bytes and a person debugging a peer can see what it sent.
 */
public sealed interface Chunk
        permits DataChunk, InitChunk, InitAckChunk, SackChunk, HeartbeatChunk, HeartbeatAckChunk,
                AbortChunk, ShutdownChunk, ShutdownAckChunk, ErrorChunk, CookieEchoChunk, CookieAckChunk,
                ShutdownCompleteChunk, OpaqueChunk {

    /** Size of the type, flags and length fields. */
    int HEADER_LENGTH = 4;

    /** The 8-bit chunk type. */
    int type();

    /** The 8-bit flags field. */
    int flags();

    /** Bytes of the value, without the chunk header and without the terminating padding. */
    int valueLength();

    /** Writes the value (not the header, not the terminating padding) at the buffer's position. */
    void encodeValue(ByteBuffer out);

    /** The Chunk Length field: header plus value, terminating padding excluded. */
    default int length() {
        return HEADER_LENGTH + valueLength();
    }

    /** Bytes the chunk occupies in a packet: its length rounded up to a multiple of 4. */
    default int paddedLength() {
        return (length() + 3) & ~3;
    }

    /** The name RFC 9260 or the extension's RFC gives the type. */
    default String typeName() {
        return ChunkType.nameOf(type());
    }
}
