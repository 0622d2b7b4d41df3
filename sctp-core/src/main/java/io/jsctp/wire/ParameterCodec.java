package io.jsctp.wire;

import io.jsctp.wire.MalformedPacketException.Problem;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and decodes lists of parameters inside a chunk (RFC 9260 §3.2.1).
 *
 * <p>Each parameter is padded to a multiple of 4 bytes, except that the padding of the last one is
 * the chunk's terminating padding and so is not counted in the Chunk Length (RFC 9260 §3.2).
 */
final class ParameterCodec {
    private ParameterCodec() {}

    static int listLength(List<? extends Parameter> params) {
        if (params.isEmpty()) {
            return 0;
        }
        int total = 0;
        for (Parameter p : params) {
            total += p.paddedLength();
        }
        Parameter last = params.get(params.size() - 1);
        return total - (last.paddedLength() - last.length());
    }

    static void encodeList(List<? extends Parameter> params, ByteBuffer out) {
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            encode(p, out);
            if (i < params.size() - 1) {
                pad(out, p.paddedLength() - p.length());
            }
        }
    }

    /** Writes one parameter, header and value, without padding. */
    static void encode(Parameter p, ByteBuffer out) {
        int length = p.length();
        if (length > 0xffff) {
            throw new IllegalArgumentException(p.typeName() + " parameter too long: " + length);
        }
        out.putShort((short) p.type()).putShort((short) length);
        p.encodeValue(out);
    }

    /**
     * One parameter as a byte string (type, length, value; no padding), as an Unrecognized
     * Parameter (RFC 9260 §3.3.3.1) or an error cause wraps it. The wrapper's own length then covers
     * exactly these bytes, and the wrapper is padded like any other parameter or cause.
     */
    static Bytes toBytes(Parameter p) {
        ByteBuffer b = ByteBuffer.allocate(p.paddedLength());
        encode(p, b);
        return Bytes.wrap(b.array(), 0, p.length());
    }

    static void pad(ByteBuffer out, int n) {
        for (int i = 0; i < n; i++) {
            out.put((byte) 0);
        }
    }

    /** Decodes the parameters in {@code [start, end)} of the packet; {@code what} names the chunk. */
    static List<Parameter> decodeList(WireReader r, int start, int end, String what) throws MalformedPacketException {
        List<Parameter> params = new ArrayList<>(4);
        int off = start;
        while (off < end) {
            if (end - off < Parameter.HEADER_LENGTH) {
                throw WireReader.error(Problem.TRUNCATED_PARAMETER_HEADER, off,
                        what + " has " + (end - off) + " bytes left, too few for a parameter header");
            }
            int type = r.u16(off);
            int length = r.u16(off + 2);
            if (length < Parameter.HEADER_LENGTH) {
                throw WireReader.error(Problem.PARAMETER_TOO_SHORT, off + 2,
                        ParameterType.nameOf(type) + " parameter length " + length + " is less than 4");
            }
            if (length > end - off) {
                throw WireReader.error(Problem.PARAMETER_OVERRUNS_CHUNK, off + 2,
                        ParameterType.nameOf(type) + " parameter length " + length + " runs past the end of "
                                + what + " (" + (end - off) + " bytes left)");
            }
            params.add(decodeOne(r, type, off + Parameter.HEADER_LENGTH, length - Parameter.HEADER_LENGTH));
            int next = off + length;
            int padded = (next + 3) & ~3;
            if (padded >= end && next < end && r.strict) {
                // The bytes after the last parameter can only be its padding, which the Chunk
                // Length must not count (RFC 9260 §3.2).
                throw WireReader.error(Problem.BAD_PADDING, next,
                        what + " length counts the padding of its last parameter");
            }
            off = r.skipPadding(next, end, ParameterType.nameOf(type) + " parameter");
        }
        return params;
    }

    static Parameter decodeOne(WireReader r, int type, int off, int len) throws MalformedPacketException {
        switch (type) {
            case HeartbeatInfoParameter.TYPE:
                return new HeartbeatInfoParameter(r.bytes(off, len));
            case Ipv4AddressParameter.TYPE:
                if (len != 4) {
                    return invalid(r, type, off, len, "4");
                }
                return new Ipv4AddressParameter((Inet4Address) address(r.array(off, 4)));
            case Ipv6AddressParameter.TYPE:
                if (len != 16) {
                    return invalid(r, type, off, len, "16");
                }
                return new Ipv6AddressParameter(ipv6(r.array(off, 16)));
            case StateCookieParameter.TYPE:
                return new StateCookieParameter(r.bytes(off, len));
            case UnrecognizedParameter.TYPE:
                return new UnrecognizedParameter(r.bytes(off, len));
            case CookiePreservativeParameter.TYPE:
                if (len != 4) {
                    return invalid(r, type, off, len, "4");
                }
                return new CookiePreservativeParameter(r.u32(off));
            case HostNameAddressParameter.TYPE:
                return new HostNameAddressParameter(r.bytes(off, len));
            case SupportedAddressTypesParameter.TYPE: {
                if (len % 2 != 0) {
                    return invalid(r, type, off, len, "a multiple of 2");
                }
                List<Integer> types = new ArrayList<>(len / 2);
                for (int i = 0; i < len; i += 2) {
                    types.add(r.u16(off + i));
                }
                return new SupportedAddressTypesParameter(types);
            }
            case EcnCapableParameter.TYPE:
                if (len != 0) {
                    return invalid(r, type, off, len, "0");
                }
                return new EcnCapableParameter();
            default:
                return new OpaqueParameter(type, r.bytes(off, len));
        }
    }

    /**
     * A known parameter whose value has the wrong size: an error when decoding strictly; otherwise it
     * is kept opaque, so that the engine can still act on the rest of the chunk.
     */
    private static Parameter invalid(WireReader r, int type, int off, int len, String expected)
            throws MalformedPacketException {
        if (r.strict) {
            throw WireReader.error(Problem.PARAMETER_LENGTH_INVALID, off - 2,
                    ParameterType.nameOf(type) + " value is " + len + " bytes, expected " + expected);
        }
        return new OpaqueParameter(type, r.bytes(off, len));
    }

    static InetAddress address(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw); // no lookup: the address is given as bytes
        } catch (UnknownHostException e) {
            throw new AssertionError("address of length " + raw.length, e);
        }
    }

    /** An Inet6Address even for IPv4-mapped bytes, which InetAddress.getByAddress would turn into IPv4. */
    static Inet6Address ipv6(byte[] raw) {
        try {
            return Inet6Address.getByAddress(null, raw, -1);
        } catch (UnknownHostException e) {
            throw new AssertionError("IPv6 address of length " + raw.length, e);
        }
    }
}
