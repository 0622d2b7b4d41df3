package io.jsctp.wire;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * DATA (type 0, RFC 9260 §3.3.1): one message or one fragment of a message.
 *
 * @param flags   the I, U, B and E bits ({@link #FLAG_IMMEDIATE}, {@link #FLAG_UNORDERED},
 *                {@link #FLAG_BEGINNING}, {@link #FLAG_ENDING}); other bits as received
 * @param tsn     Transmission Sequence Number
 * @param streamId Stream Identifier S
 * @param ssn     Stream Sequence Number n (ignored by receivers when unordered)
 * @param ppid    Payload Protocol Identifier, passed through to the user unchanged
 * @param payload the user data; a DATA chunk without user data is legal to decode, and the engine
 *                answers it with the No User Data cause (RFC 9260 §6.2)
 */
public record DataChunk(int flags, int tsn, int streamId, int ssn, int ppid, Bytes payload) implements Chunk {
    public static final int TYPE = 0;
    /** Size of the fixed fields after the chunk header: TSN, stream, SSN, PPID. */
    public static final int FIXED_VALUE_LENGTH = 12;
    /** Size of a DATA chunk header including its fixed fields: the overhead per DATA chunk. */
    public static final int HEADER_AND_FIXED_LENGTH = HEADER_LENGTH + FIXED_VALUE_LENGTH;

    /** E bit: the last fragment of a message. */
    public static final int FLAG_ENDING = 0x01;
    /** B bit: the first fragment of a message. */
    public static final int FLAG_BEGINNING = 0x02;
    /** U bit: unordered; deliver without regard to the stream sequence number. */
    public static final int FLAG_UNORDERED = 0x04;
    /** I bit (RFC 9260 §3.3.1, from RFC 7053): the sender asks for a SACK without delay. */
    public static final int FLAG_IMMEDIATE = 0x08;

    public DataChunk {
        Fields.check8("flags", flags);
        Fields.check16("stream identifier", streamId);
        Fields.check16("stream sequence number", ssn);
        Objects.requireNonNull(payload, "payload");
    }

    /** A chunk with the given B/E/U/I bits. */
    public static DataChunk of(int tsn, int streamId, int ssn, int ppid, Bytes payload,
                               boolean unordered, boolean beginning, boolean ending, boolean immediate) {
        int flags = (unordered ? FLAG_UNORDERED : 0) | (beginning ? FLAG_BEGINNING : 0)
                | (ending ? FLAG_ENDING : 0) | (immediate ? FLAG_IMMEDIATE : 0);
        return new DataChunk(flags, tsn, streamId, ssn, ppid, payload);
    }

    /** A whole, ordered message in one chunk (B and E set). */
    public static DataChunk whole(int tsn, int streamId, int ssn, int ppid, Bytes payload) {
        return new DataChunk(FLAG_BEGINNING | FLAG_ENDING, tsn, streamId, ssn, ppid, payload);
    }

    public boolean unordered() {
        return (flags & FLAG_UNORDERED) != 0;
    }

    public boolean beginning() {
        return (flags & FLAG_BEGINNING) != 0;
    }

    public boolean ending() {
        return (flags & FLAG_ENDING) != 0;
    }

    public boolean immediate() {
        return (flags & FLAG_IMMEDIATE) != 0;
    }

    /** The same chunk with the I bit set or cleared. */
    public DataChunk withImmediate(boolean immediate) {
        int f = immediate ? flags | FLAG_IMMEDIATE : flags & ~FLAG_IMMEDIATE;
        return f == flags ? this : new DataChunk(f, tsn, streamId, ssn, ppid, payload);
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public int valueLength() {
        return FIXED_VALUE_LENGTH + payload.length();
    }

    @Override
    public void encodeValue(ByteBuffer out) {
        out.putInt(tsn).putShort((short) streamId).putShort((short) ssn).putInt(ppid);
        payload.writeTo(out);
    }
}
