package io.jsctp.engine;

import java.net.InetAddress;

/**
 * An ICMP or ICMPv6 error about a packet this host sent, as the transport extracted it (RFC 9260
 * Appendix C): what kind, who reported it, and what of our packet it quotes.
 *
 * @param originalSource      source address of our packet
 * @param originalDestination destination address of our packet: the peer address concerned
 * @param sourcePort          our port, from the quoted SCTP header
 * @param destinationPort     the peer's port
 * @param verificationTag     the quoted verification tag
 * @param firstChunkType      type of the first quoted chunk, or -1 when not quoted
 * @param initiateTag         Initiate Tag of a quoted INIT, or 0
 * @param nextHopMtu          the MTU a "packet too big" reports, or 0
 */
public record IcmpMessage(Kind kind, InetAddress reporter, InetAddress originalSource, InetAddress originalDestination,
                          int sourcePort, int destinationPort, int verificationTag, int firstChunkType, int initiateTag,
                          int nextHopMtu) {
    /** The kinds of ICMP error the engine acts on. */
    public enum Kind {
        PROTOCOL_UNREACHABLE, PORT_UNREACHABLE, HOST_UNREACHABLE, NETWORK_UNREACHABLE, ADMIN_PROHIBITED,
        PACKET_TOO_BIG, OTHER
    }
}
