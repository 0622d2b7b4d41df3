package io.jsctp.wire.ip;

/**
 * One IPv6 extension header found while walking the Next Header chain.
 *
 * @param type       the protocol number that announced this header ({@link IpProtocols#HOP_BY_HOP},
 *                   {@link IpProtocols#ROUTING}, {@link IpProtocols#FRAGMENT},
 *                   {@link IpProtocols#DESTINATION_OPTIONS} or {@link IpProtocols#AUTHENTICATION_HEADER})
 * @param nextHeader this header's own Next Header field
 * @param offset     offset of the header from the first byte of the IPv6 header
 * @param length     length of the header in bytes
 */
public record Ipv6ExtensionHeader(int type, int nextHeader, int offset, int length) {
}
