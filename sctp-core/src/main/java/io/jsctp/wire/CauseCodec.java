package io.jsctp.wire;

import io.jsctp.wire.MalformedPacketException.Problem;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and decodes lists of error causes in ABORT and ERROR chunks (RFC 9260 §3.3.10). Causes
 * are framed and padded exactly like parameters.
 */
final class CauseCodec {
    private CauseCodec() {}

    static int listLength(List<? extends ErrorCause> causes) {
        if (causes.isEmpty()) {
            return 0;
        }
        int total = 0;
        for (ErrorCause c : causes) {
            total += c.paddedLength();
        }
        ErrorCause last = causes.get(causes.size() - 1);
        return total - (last.paddedLength() - last.length());
    }

    static void encodeList(List<? extends ErrorCause> causes, ByteBuffer out) {
        for (int i = 0; i < causes.size(); i++) {
            ErrorCause c = causes.get(i);
            int length = c.length();
            if (length > 0xffff) {
                throw new IllegalArgumentException(c.codeName() + " cause too long: " + length);
            }
            out.putShort((short) c.code()).putShort((short) length);
            c.encodeValue(out);
            if (i < causes.size() - 1) {
                ParameterCodec.pad(out, c.paddedLength() - length);
            }
        }
    }

    static List<ErrorCause> decodeList(WireReader r, int start, int end, String what) throws MalformedPacketException {
        List<ErrorCause> causes = new ArrayList<>(2);
        int off = start;
        while (off < end) {
            if (end - off < ErrorCause.HEADER_LENGTH) {
                throw WireReader.error(Problem.TRUNCATED_CAUSE_HEADER, off,
                        what + " has " + (end - off) + " bytes left, too few for an error cause header");
            }
            int code = r.u16(off);
            int length = r.u16(off + 2);
            if (length < ErrorCause.HEADER_LENGTH) {
                throw WireReader.error(Problem.CAUSE_TOO_SHORT, off + 2,
                        CauseCode.nameOf(code) + " cause length " + length + " is less than 4");
            }
            if (length > end - off) {
                throw WireReader.error(Problem.CAUSE_OVERRUNS_CHUNK, off + 2,
                        CauseCode.nameOf(code) + " cause length " + length + " runs past the end of " + what
                                + " (" + (end - off) + " bytes left)");
            }
            causes.add(decodeOne(r, code, off + ErrorCause.HEADER_LENGTH, length - ErrorCause.HEADER_LENGTH));
            int next = off + length;
            if (((next + 3) & ~3) >= end && next < end && r.strict) {
                throw WireReader.error(Problem.BAD_PADDING, next, what + " length counts the padding of its last cause");
            }
            off = r.skipPadding(next, end, CauseCode.nameOf(code) + " cause");
        }
        return causes;
    }

    private static ErrorCause decodeOne(WireReader r, int code, int off, int len) throws MalformedPacketException {
        switch (code) {
            case InvalidStreamIdentifierCause.CODE:
                return len == 4 ? new InvalidStreamIdentifierCause(r.u16(off), r.u16(off + 2))
                        : invalid(r, code, off, len, "4");
            case MissingMandatoryParameterCause.CODE: {
                if (len < 4) {
                    return invalid(r, code, off, len, "at least 4");
                }
                long count = r.u32(off);
                if (count != (len - 4) / 2 || (len - 4) % 2 != 0) {
                    return invalid(r, code, off, len, (4 + 2 * count) + " for " + count + " missing parameters");
                }
                List<Integer> types = new ArrayList<>((int) count);
                for (int i = 0; i < count; i++) {
                    types.add(r.u16(off + 4 + 2 * i));
                }
                return new MissingMandatoryParameterCause(types);
            }
            case StaleCookieCause.CODE:
                return len == 4 ? new StaleCookieCause(r.u32(off)) : invalid(r, code, off, len, "4");
            case OutOfResourceCause.CODE:
                return len == 0 ? new OutOfResourceCause() : invalid(r, code, off, len, "0");
            case UnresolvableAddressCause.CODE:
                return new UnresolvableAddressCause(r.bytes(off, len));
            case UnrecognizedChunkTypeCause.CODE:
                return new UnrecognizedChunkTypeCause(r.bytes(off, len));
            case InvalidMandatoryParameterCause.CODE:
                return len == 0 ? new InvalidMandatoryParameterCause() : invalid(r, code, off, len, "0");
            case UnrecognizedParametersCause.CODE:
                return new UnrecognizedParametersCause(r.bytes(off, len));
            case NoUserDataCause.CODE:
                return len == 4 ? new NoUserDataCause(r.i32(off)) : invalid(r, code, off, len, "4");
            case CookieWhileShuttingDownCause.CODE:
                return len == 0 ? new CookieWhileShuttingDownCause() : invalid(r, code, off, len, "0");
            case RestartWithNewAddressesCause.CODE:
                return new RestartWithNewAddressesCause(r.bytes(off, len));
            case UserInitiatedAbortCause.CODE:
                return new UserInitiatedAbortCause(r.bytes(off, len));
            case ProtocolViolationCause.CODE:
                return new ProtocolViolationCause(r.bytes(off, len));
            default:
                return new OpaqueCause(code, r.bytes(off, len));
        }
    }

    /** A known cause with the wrong size: an error when strict, otherwise kept opaque. */
    private static ErrorCause invalid(WireReader r, int code, int off, int len, String expected)
            throws MalformedPacketException {
        if (r.strict) {
            throw WireReader.error(Problem.CAUSE_LENGTH_INVALID, off - 2,
                    CauseCode.nameOf(code) + " information is " + len + " bytes, expected " + expected);
        }
        return new OpaqueCause(code, r.bytes(off, len));
    }
}
