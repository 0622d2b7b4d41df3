package io.jsctp.wire;

import io.jsctp.wire.MalformedPacketException.Problem;
import java.util.ArrayList;
import java.util.List;

/** Decodes one chunk's value by its type. */
final class ChunkCodec {
    private ChunkCodec() {}

    static Chunk decode(WireReader r, int type, int flags, int off, int length) throws MalformedPacketException {
        int v = off + Chunk.HEADER_LENGTH; // start of the value
        int end = off + length;
        switch (type) {
            case DataChunk.TYPE: {
                atLeast(r, type, off, length, Chunk.HEADER_LENGTH + DataChunk.FIXED_VALUE_LENGTH);
                return new DataChunk(flags, r.i32(v), r.u16(v + 4), r.u16(v + 6), r.i32(v + 8),
                        r.bytes(v + 12, end - v - 12));
            }
            case InitChunk.TYPE:
            case InitAckChunk.TYPE: {
                atLeast(r, type, off, length, Chunk.HEADER_LENGTH + InitFields.FIXED_VALUE_LENGTH);
                List<Parameter> params = ParameterCodec.decodeList(r, v + 16, end, ChunkType.nameOf(type) + " chunk");
                return type == InitChunk.TYPE
                        ? new InitChunk(flags, r.i32(v), r.u32(v + 4), r.u16(v + 8), r.u16(v + 10), r.i32(v + 12), params)
                        : new InitAckChunk(flags, r.i32(v), r.u32(v + 4), r.u16(v + 8), r.u16(v + 10), r.i32(v + 12), params);
            }
            case SackChunk.TYPE:
                return sack(r, flags, off, length);
            case HeartbeatChunk.TYPE:
                return new HeartbeatChunk(flags, heartbeatInfo(r, type, off, length));
            case HeartbeatAckChunk.TYPE:
                return new HeartbeatAckChunk(flags, heartbeatInfo(r, type, off, length));
            case AbortChunk.TYPE:
                return new AbortChunk(flags, CauseCodec.decodeList(r, v, end, "ABORT chunk"));
            case ErrorChunk.TYPE:
                return new ErrorChunk(flags, CauseCodec.decodeList(r, v, end, "ERROR chunk"));
            case ShutdownChunk.TYPE:
                exactly(r, type, off, length, 8);
                return new ShutdownChunk(flags, r.i32(v));
            case ShutdownAckChunk.TYPE:
                exactly(r, type, off, length, 4);
                return new ShutdownAckChunk(flags);
            case CookieEchoChunk.TYPE:
                return new CookieEchoChunk(flags, r.bytes(v, end - v));
            case CookieAckChunk.TYPE:
                exactly(r, type, off, length, 4);
                return new CookieAckChunk(flags);
            case ShutdownCompleteChunk.TYPE:
                exactly(r, type, off, length, 4);
                return new ShutdownCompleteChunk(flags);
            default:
                return new OpaqueChunk(type, flags, r.bytes(v, end - v));
        }
    }

    private static SackChunk sack(WireReader r, int flags, int off, int length) throws MalformedPacketException {
        atLeast(r, SackChunk.TYPE, off, length, Chunk.HEADER_LENGTH + SackChunk.FIXED_VALUE_LENGTH);
        int v = off + Chunk.HEADER_LENGTH;
        int gaps = r.u16(v + 8);
        int dups = r.u16(v + 10);
        int needed = Chunk.HEADER_LENGTH + SackChunk.FIXED_VALUE_LENGTH + 4 * gaps + 4 * dups;
        if (needed > length || (r.strict && needed != length)) {
            throw WireReader.error(Problem.SACK_COUNTS_MISMATCH, v + 8,
                    "SACK announces " + gaps + " gap blocks and " + dups + " duplicate TSNs (" + needed
                            + " bytes) but its length is " + length);
        }
        List<SackChunk.GapAckBlock> blocks = new ArrayList<>(gaps);
        int p = v + SackChunk.FIXED_VALUE_LENGTH;
        for (int i = 0; i < gaps; i++, p += 4) {
            blocks.add(new SackChunk.GapAckBlock(r.u16(p), r.u16(p + 2)));
        }
        List<Integer> duplicates = new ArrayList<>(dups);
        for (int i = 0; i < dups; i++, p += 4) {
            duplicates.add(r.i32(p));
        }
        return new SackChunk(flags, r.i32(v), r.u32(v + 4), blocks, duplicates);
    }

    // RFC 9260 §3.3.5: the value of HEARTBEAT (and of HEARTBEAT ACK, §3.3.6) is one Heartbeat Info parameter.
    private static Bytes heartbeatInfo(WireReader r, int type, int off, int length) throws MalformedPacketException {
        atLeast(r, type, off, length, Chunk.HEADER_LENGTH + Parameter.HEADER_LENGTH);
        int p = off + Chunk.HEADER_LENGTH;
        int paramType = r.u16(p);
        int paramLength = r.u16(p + 2);
        if (paramType != HeartbeatInfoParameter.TYPE) {
            throw WireReader.error(Problem.BAD_HEARTBEAT_INFO, p,
                    ChunkType.nameOf(type) + " carries " + ParameterType.nameOf(paramType) + ", not Heartbeat Info");
        }
        int room = length - Chunk.HEADER_LENGTH;
        if (paramLength < Parameter.HEADER_LENGTH) {
            throw WireReader.error(Problem.PARAMETER_TOO_SHORT, p + 2, "Heartbeat Info length " + paramLength + " is less than 4");
        }
        if (paramLength > room) {
            throw WireReader.error(Problem.PARAMETER_OVERRUNS_CHUNK, p + 2,
                    "Heartbeat Info length " + paramLength + " runs past the end of " + ChunkType.nameOf(type)
                            + " (" + room + " bytes left)");
        }
        if (paramLength != room && r.strict) {
            throw WireReader.error(Problem.BAD_HEARTBEAT_INFO, p + paramLength,
                    ChunkType.nameOf(type) + " has " + (room - paramLength) + " bytes after its Heartbeat Info");
        }
        return r.bytes(p + Parameter.HEADER_LENGTH, paramLength - Parameter.HEADER_LENGTH);
    }

    private static void atLeast(WireReader r, int type, int off, int length, int min) throws MalformedPacketException {
        if (length < min) {
            throw WireReader.error(Problem.CHUNK_TOO_SHORT, off + 2,
                    ChunkType.nameOf(type) + " chunk length " + length + " is less than its minimum of " + min);
        }
    }

    // Chunks of a fixed size. A receiver that reads leniently takes extra bytes as padding it ignores.
    private static void exactly(WireReader r, int type, int off, int length, int size) throws MalformedPacketException {
        atLeast(r, type, off, length, size);
        if (length != size && r.strict) {
            throw WireReader.error(Problem.CHUNK_LENGTH_INVALID, off + 2,
                    ChunkType.nameOf(type) + " chunk length is " + length + ", it must be " + size);
        }
    }
}
