package io.jsctp.wire;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Renders packets for people: ports, tag, checksum status, then each chunk with its fields. Two
 * forms: {@link #describe} (several lines, every field) and {@link #summarize} (one line per chunk,
 * the fields that matter when following a conversation, as ladder diagrams and traces show them).
 */
public final class PacketPrinter {
    /** What is known about a packet's checksum when it is printed. */
    public enum ChecksumStatus {
        VALID, INVALID, NOT_CHECKED
    }

    private static final int PREVIEW_BYTES = 16;

    private PacketPrinter() {}

    /** Every field, one chunk per block, indented under a header line. */
    public static String describe(SctpPacket p, ChecksumStatus checksum, int checksumValue) {
        StringBuilder sb = new StringBuilder();
        sb.append("SCTP ").append(p.sourcePort()).append(" > ").append(p.destinationPort())
                .append("  vtag ").append(hex32(p.verificationTag()))
                .append("  checksum ").append(hex32(checksumValue));
        switch (checksum) {
            case VALID -> sb.append(" (valid)");
            case INVALID -> sb.append(" (INVALID)");
            case NOT_CHECKED -> sb.append(" (not checked)");
        }
        sb.append("  ").append(p.encodedLength()).append(" bytes, ").append(p.chunks().size())
                .append(p.chunks().size() == 1 ? " chunk" : " chunks").append('\n');
        for (Chunk c : p.chunks()) {
            describeChunk(sb, c);
        }
        return sb.toString();
    }

    /** One line: the chunks of the packet, each with its key fields, separated by " | ". */
    public static String summarize(SctpPacket p) {
        StringBuilder sb = new StringBuilder();
        for (Chunk c : p.chunks()) {
            if (sb.length() > 0) {
                sb.append(" | ");
            }
            sb.append(summarize(c));
        }
        return sb.toString();
    }

    /** The key fields of one chunk on one line. */
    public static String summarize(Chunk c) {
        if (c instanceof DataChunk d) {
            return "DATA tsn=" + u32(d.tsn()) + " sid=" + d.streamId() + " ssn=" + d.ssn()
                    + " ppid=" + u32(d.ppid()) + " len=" + d.payload().length() + " " + dataFlags(d);
        } else if (c instanceof InitFields i) {
            return (c instanceof InitChunk ? "INIT" : "INIT_ACK") + " itag=" + hex32(i.initiateTag())
                    + " a_rwnd=" + i.advertisedReceiverWindow() + " os=" + i.outboundStreams()
                    + " mis=" + i.inboundStreams() + " itsn=" + u32(i.initialTsn()) + addresses(i.parameters());
        } else if (c instanceof SackChunk s) {
            return "SACK cum=" + u32(s.cumulativeTsnAck()) + " a_rwnd=" + s.advertisedReceiverWindow()
                    + gaps(s) + (s.duplicateTsns().isEmpty() ? "" : " dups=" + s.duplicateTsns().size());
        } else if (c instanceof HeartbeatChunk h) {
            return "HEARTBEAT info=" + h.info().length() + "B";
        } else if (c instanceof HeartbeatAckChunk h) {
            return "HEARTBEAT_ACK info=" + h.info().length() + "B";
        } else if (c instanceof AbortChunk a) {
            return "ABORT" + (a.tBit() ? " T" : "") + causes(a.causes());
        } else if (c instanceof ShutdownChunk s) {
            return "SHUTDOWN cum=" + u32(s.cumulativeTsnAck());
        } else if (c instanceof ErrorChunk e) {
            return "ERROR" + causes(e.causes());
        } else if (c instanceof CookieEchoChunk e) {
            return "COOKIE_ECHO cookie=" + e.cookie().length() + "B";
        } else if (c instanceof ShutdownCompleteChunk s) {
            return "SHUTDOWN_COMPLETE" + (s.tBit() ? " T" : "");
        } else if (c instanceof OpaqueChunk o) {
            return ChunkType.nameOf(o.type()).replace(' ', '_') + " len=" + o.value().length();
        }
        return c.typeName().replace(' ', '_'); // SHUTDOWN ACK, COOKIE ACK: nothing but the type
    }

    private static void describeChunk(StringBuilder sb, Chunk c) {
        sb.append("  ").append(c.typeName()).append("  flags ").append(String.format("0x%02x", c.flags()))
                .append("  length ").append(c.length()).append('\n');
        if (c instanceof DataChunk d) {
            line(sb, "TSN " + u32(d.tsn()) + ", stream " + d.streamId() + ", SSN " + d.ssn() + ", PPID " + u32(d.ppid())
                    + ", " + dataFlagNames(d));
            line(sb, d.payload().length() + " bytes of user data: " + preview(d.payload()));
        } else if (c instanceof InitFields i) {
            describeInit(sb, i);
        } else if (c instanceof SackChunk s) {
            line(sb, "cumulative TSN ack " + u32(s.cumulativeTsnAck()) + ", a_rwnd " + s.advertisedReceiverWindow());
            for (SackChunk.GapAckBlock b : s.gapAckBlocks()) {
                line(sb, "gap ack block " + b.start() + "-" + b.end() + " (TSN "
                        + u32(s.cumulativeTsnAck() + b.start()) + "-" + u32(s.cumulativeTsnAck() + b.end()) + ")");
            }
            for (int dup : s.duplicateTsns()) {
                line(sb, "duplicate TSN " + u32(dup));
            }
        } else if (c instanceof HeartbeatChunk h) {
            line(sb, "Heartbeat Info " + h.info().length() + " bytes: " + preview(h.info()));
        } else if (c instanceof HeartbeatAckChunk h) {
            line(sb, "Heartbeat Info " + h.info().length() + " bytes: " + preview(h.info()));
        } else if (c instanceof AbortChunk a) {
            line(sb, a.tBit() ? "T bit set: tag reflected" : "T bit clear");
            describeCauses(sb, a.causes());
        } else if (c instanceof ErrorChunk e) {
            describeCauses(sb, e.causes());
        } else if (c instanceof ShutdownChunk s) {
            line(sb, "cumulative TSN ack " + u32(s.cumulativeTsnAck()));
        } else if (c instanceof CookieEchoChunk e) {
            line(sb, "cookie " + e.cookie().length() + " bytes: " + preview(e.cookie()));
        } else if (c instanceof ShutdownCompleteChunk s) {
            line(sb, s.tBit() ? "T bit set: tag reflected" : "T bit clear");
        } else if (c instanceof OpaqueChunk o) {
            ChunkType known = o.knownType();
            line(sb, (known != null ? "defined by " + known.reference() + ", not processed by jsctp"
                    : "unknown type") + "; if unrecognized: " + describe(o.action()));
            line(sb, o.value().length() + " bytes: " + preview(o.value()));
        }
    }

    private static void describeInit(StringBuilder sb, InitFields i) {
        line(sb, "initiate tag " + hex32(i.initiateTag()) + ", a_rwnd " + i.advertisedReceiverWindow()
                + ", outbound streams " + i.outboundStreams() + ", inbound streams " + i.inboundStreams()
                + ", initial TSN " + u32(i.initialTsn()));
        for (Parameter p : i.parameters()) {
            line(sb, describe(p));
        }
    }

    /** One parameter on one line. */
    public static String describe(Parameter p) {
        if (p instanceof Ipv4AddressParameter a) {
            return "IPv4 Address " + a.address().getHostAddress();
        } else if (p instanceof Ipv6AddressParameter a) {
            return "IPv6 Address " + a.address().getHostAddress();
        } else if (p instanceof StateCookieParameter s) {
            return "State Cookie " + s.cookie().length() + " bytes";
        } else if (p instanceof CookiePreservativeParameter c) {
            return "Cookie Preservative +" + c.suggestedIncrementMillis() + " ms";
        } else if (p instanceof HostNameAddressParameter h) {
            return "Host Name Address \"" + h.hostName() + "\"";
        } else if (p instanceof SupportedAddressTypesParameter s) {
            return "Supported Address Types " + s.addressTypes().stream().map(ParameterType::nameOf).toList();
        } else if (p instanceof UnrecognizedParameter u) {
            // wrappedType() is -1 when fewer than two bytes are wrapped: say so rather than print 0xffffffff.
            return "Unrecognized Parameter (" + (u.wrappedType() < 0 ? "too short to name a type"
                    : ParameterType.nameOf(u.wrappedType())) + ")";
        } else if (p instanceof EcnCapableParameter) {
            return "ECN Capable (reserved, ignored)";
        } else if (p instanceof HeartbeatInfoParameter h) {
            return "Heartbeat Info " + h.info().length() + " bytes";
        }
        OpaqueParameter o = (OpaqueParameter) p;
        return ParameterType.nameOf(o.type()) + (o.knownType() != null ? " (" + o.knownType().reference() + ")" : "")
                + " " + o.value().length() + " bytes, if unrecognized: " + describe(o.action());
    }

    /** One error cause on one line. */
    public static String describe(ErrorCause c) {
        if (c instanceof InvalidStreamIdentifierCause s) {
            return "Invalid Stream Identifier: stream " + s.streamId();
        } else if (c instanceof MissingMandatoryParameterCause m) {
            return "Missing Mandatory Parameter: " + m.missingTypes().stream().map(ParameterType::nameOf).toList();
        } else if (c instanceof StaleCookieCause s) {
            return "Stale Cookie Error: " + s.stalenessMicros() + " us too late";
        } else if (c instanceof NoUserDataCause n) {
            return "No User Data: TSN " + u32(n.tsn());
        } else if (c instanceof UserInitiatedAbortCause u) {
            return "User-Initiated Abort" + (u.reason().isEmpty() ? "" : ": " + quoted(u.reason()));
        } else if (c instanceof ProtocolViolationCause p) {
            return "Protocol Violation" + (p.information().isEmpty() ? "" : ": " + quoted(p.information()));
        } else if (c instanceof UnrecognizedChunkTypeCause u) {
            return "Unrecognized Chunk Type: " + (u.chunkType() < 0 ? "(no chunk reported)" : ChunkType.nameOf(u.chunkType()));
        }
        return c.codeName() + (c.valueLength() > 0 ? " " + c.valueLength() + " bytes" : "");
    }

    private static void describeCauses(StringBuilder sb, List<ErrorCause> causes) {
        for (ErrorCause c : causes) {
            line(sb, "cause: " + describe(c));
        }
    }

    private static String describe(UnrecognizedAction a) {
        switch (a) {
            case STOP:
                return "stop processing";
            case STOP_AND_REPORT:
                return "stop and report";
            case SKIP:
                return "skip";
            default:
                return "skip and report";
        }
    }

    private static void line(StringBuilder sb, String text) {
        sb.append("    ").append(text).append('\n');
    }

    private static String addresses(List<Parameter> params) {
        StringBuilder sb = new StringBuilder();
        for (Parameter p : params) {
            if (p instanceof Ipv4AddressParameter a) {
                sb.append(sb.length() == 0 ? " addrs=" : ",").append(a.address().getHostAddress());
            } else if (p instanceof Ipv6AddressParameter a) {
                sb.append(sb.length() == 0 ? " addrs=" : ",").append(a.address().getHostAddress());
            }
        }
        return sb.toString();
    }

    private static String gaps(SackChunk s) {
        if (s.gapAckBlocks().isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(" gaps=");
        for (int i = 0; i < s.gapAckBlocks().size(); i++) {
            SackChunk.GapAckBlock b = s.gapAckBlocks().get(i);
            sb.append(i == 0 ? "" : ",").append(b.start()).append('-').append(b.end());
        }
        return sb.toString();
    }

    private static String causes(List<ErrorCause> causes) {
        StringBuilder sb = new StringBuilder();
        for (ErrorCause c : causes) {
            sb.append(" [").append(describe(c)).append(']');
        }
        return sb.toString();
    }

    private static String dataFlags(DataChunk d) {
        StringBuilder sb = new StringBuilder();
        if (d.immediate()) sb.append('I');
        if (d.unordered()) sb.append('U');
        if (d.beginning()) sb.append('B');
        if (d.ending()) sb.append('E');
        return sb.length() == 0 ? "-" : sb.toString();
    }

    private static String dataFlagNames(DataChunk d) {
        String frag = d.beginning() && d.ending() ? "whole message"
                : d.beginning() ? "first fragment" : d.ending() ? "last fragment" : "middle fragment";
        return frag + (d.unordered() ? ", unordered" : ", ordered") + (d.immediate() ? ", SACK immediately" : "");
    }

    private static String preview(Bytes b) {
        if (b.isEmpty()) {
            return "(none)";
        }
        Bytes head = b.length() > PREVIEW_BYTES ? b.slice(0, PREVIEW_BYTES) : b;
        return head.toHex() + (b.length() > PREVIEW_BYTES ? "..." : "") + (printable(head) ? "  " + quoted(head) : "");
    }

    private static boolean printable(Bytes b) {
        for (int i = 0; i < b.length(); i++) {
            int c = b.get(i) & 0xff;
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private static String quoted(Bytes b) {
        return "\"" + new String(b.toArray(), StandardCharsets.UTF_8).replace("\n", "\\n") + "\"";
    }

    static String hex32(int v) {
        return String.format("0x%08x", v);
    }

    static String u32(int v) {
        return Integer.toUnsignedString(v);
    }
}
