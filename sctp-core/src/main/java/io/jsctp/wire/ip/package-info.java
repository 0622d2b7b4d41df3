/**
 * The IP layer under SCTP: parsing the IPv4 or IPv6 header (with IPv6 extension headers) in front
 * of an SCTP packet, and building one for packets whose header jsctp never saw.
 *
 * <p>{@link io.jsctp.wire.ip.IpParser} turns bytes into an {@link io.jsctp.wire.ip.IpHeader}
 * ({@link io.jsctp.wire.ip.Ipv4Header} or {@link io.jsctp.wire.ip.Ipv6Header}) or a checked
 * {@link io.jsctp.wire.ip.IpFormatException}; {@link io.jsctp.wire.ip.IpHeaderWriter} writes a
 * header. The upper-layer bytes are opaque here: the SCTP codec lives elsewhere in {@code wire}.
 * Pure functions: no state, no I/O, safe from any thread.
 */
package io.jsctp.wire.ip;
