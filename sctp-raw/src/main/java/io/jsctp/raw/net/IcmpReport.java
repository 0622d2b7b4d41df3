package io.jsctp.raw.net;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * An ICMP or ICMPv6 error about an SCTP packet we sent, as {@link IcmpSocket} received it.
 *
 * <p>What to do with it is the engine's business (RFC 9260 Appendix C): find the association by the
 * quoted addresses and ports, check the quoted verification tag (or, if it is 0, that the quoted chunk is
 * an INIT whose initiate tag matches), then treat PROTOCOL_UNREACHABLE as an ABORT, and feed
 * FRAGMENTATION_NEEDED / PACKET_TOO_BIG to path-MTU discovery.
 *
 * @param kind what happened, see {@link Kind}
 * @param type the ICMP type as received (3 for ICMPv4 destination unreachable; 1, 2 or 4 for ICMPv6)
 * @param code the ICMP code as received
 * @param reporter the router or host that sent the ICMP message
 * @param originalSource the source of the quoted packet (one of our addresses)
 * @param originalDestination the destination of the quoted packet (the peer's address)
 * @param quotedSctp the quoted SCTP bytes from the common header on, read-only, as much as the reporter
 *     included: at least 8 bytes (ports and verification tag; RFC 792 guarantees 8 for ICMPv4), usually
 *     the full 12-byte common header and the first chunk, since Linux quotes up to 576 bytes (ICMPv4) or
 *     1280 (ICMPv6) of the offending packet
 * @param nextHopMtu the MTU of the next hop for FRAGMENTATION_NEEDED (RFC 1191 §4) or PACKET_TOO_BIG
 *     (RFC 4443 §3.2); 0 when absent or not given
 * @param interfaceIndex the interface the ICMP message arrived on; 0 if unknown
 */
public record IcmpReport(Kind kind, int type, int code, InetAddress reporter, InetAddress originalSource,
                         InetAddress originalDestination, ByteBuffer quotedSctp, int nextHopMtu,
                         int interfaceIndex) {

    /** The SCTP-relevant meaning of the ICMP type and code. */
    public enum Kind {
        /**
         * ICMPv4 type 3 code 2, or ICMPv6 type 4 (parameter problem) code 1, "unrecognized next header":
         * the destination host has no SCTP (RFC 9260 Appendix C, ICMP4 and ICMP7).
         */
        PROTOCOL_UNREACHABLE,
        /** ICMPv4 type 3 code 3; ICMPv6 type 1 code 4. SCTP SHOULD ignore it (RFC 9260 Appendix C, ICMP3). */
        PORT_UNREACHABLE,
        /** ICMPv4 type 3 codes 1, 7, 12; ICMPv6 type 1 code 3 (address unreachable). */
        HOST_UNREACHABLE,
        /** ICMPv4 type 3 codes 0, 6, 11; ICMPv6 type 1 code 0 (no route to destination). */
        NET_UNREACHABLE,
        /** ICMPv4 type 3 codes 9, 10, 13 (RFC 1812 §5.2.7.1); ICMPv6 type 1 codes 1, 5, 6. */
        ADMIN_PROHIBITED,
        /** ICMPv4 type 3 code 4 with the next-hop MTU (RFC 1191). */
        FRAGMENTATION_NEEDED,
        /** ICMPv6 type 2 with the MTU of the next link (RFC 4443 §3.2). */
        PACKET_TOO_BIG,
        /** Any other code of the types passed; see {@link #type()} and {@link #code()}. */
        OTHER
    }

    public IcmpReport {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reporter, "reporter");
        Objects.requireNonNull(originalSource, "originalSource");
        Objects.requireNonNull(originalDestination, "originalDestination");
        Objects.requireNonNull(quotedSctp, "quotedSctp");
        if (quotedSctp.remaining() < 8) {
            throw new IllegalArgumentException("an SCTP quote needs at least 8 bytes (ports and tag), not " + quotedSctp.remaining());
        }
        // Own a read-only copy so that neither the socket's buffer nor the caller can change it later.
        ByteBuffer copy = ByteBuffer.allocate(quotedSctp.remaining());
        copy.put(quotedSctp.duplicate()).flip();
        quotedSctp = copy.asReadOnlyBuffer();
    }

    /** A read-only view of the quoted SCTP bytes, positioned at the common header. */
    @Override
    public ByteBuffer quotedSctp() {
        return quotedSctp.duplicate();
    }

    /** Number of quoted SCTP bytes. */
    public int quotedLength() {
        return quotedSctp.remaining();
    }

    /** Source port of the quoted packet (ours); RFC 9260 §3.1. */
    public int sourcePort() {
        return quotedSctp.getShort(0) & 0xffff;
    }

    /** Destination port of the quoted packet (the peer's). */
    public int destinationPort() {
        return quotedSctp.getShort(2) & 0xffff;
    }

    /** Verification tag of the quoted packet, unsigned. */
    public long verificationTag() {
        return quotedSctp.getInt(4) & 0xffffffffL;
    }

    /** Type of the first quoted chunk, or -1 if the quote ends before it. */
    public int firstChunkType() {
        return quotedSctp.remaining() > 12 ? quotedSctp.get(12) & 0xff : -1;
    }

    /**
     * The initiate tag of a quoted INIT (chunk type 1, RFC 9260 §3.3.2: the tag follows the 4-byte chunk
     * header), which RFC 9260 Appendix C (ICMP5/ICMP6) uses to validate a report whose verification tag
     * is 0; -1 if the first chunk is not an INIT or the quote is too short.
     */
    public long initiateTag() {
        if (firstChunkType() != 1 || quotedSctp.remaining() < 20) {
            return -1;
        }
        return quotedSctp.getInt(16) & 0xffffffffL;
    }

    /** True for FRAGMENTATION_NEEDED and PACKET_TOO_BIG: input to path-MTU discovery. */
    public boolean isTooBig() {
        return kind == Kind.FRAGMENTATION_NEEDED || kind == Kind.PACKET_TOO_BIG;
    }

    @Override
    public String toString() {
        return "IcmpReport[" + kind + " (type " + type + " code " + code + ") from " + reporter.getHostAddress()
                + " about " + originalSource.getHostAddress() + ":" + sourcePort()
                + " -> " + originalDestination.getHostAddress() + ":" + destinationPort()
                + ", vtag " + verificationTag()
                + (nextHopMtu > 0 ? ", mtu " + nextHopMtu : "")
                + ", " + quotedLength() + " bytes quoted, if " + interfaceIndex + "]";
    }
}
