/**
 * Capture files: writing what jsctp sends and receives as pcapng, and reading pcap and pcapng
 * captures made by anyone.
 *
 * <ul>
 *   <li>{@link io.jsctp.pcap.PcapngWriter} writes raw-IP pcapng with one interface per declared
 *       local address, nanosecond timestamps supplied by the caller, packet direction and comments.</li>
 *   <li>{@link io.jsctp.pcap.CaptureReader} reads classic pcap and pcapng (optionally gzipped) into
 *       {@link io.jsctp.pcap.Frame}s; {@link io.jsctp.pcap.Frame#ipPacket()} finds the IP packet
 *       behind Ethernet (with VLAN tags), Linux cooked, raw IP and BSD loopback link layers.</li>
 * </ul>
 *
 * <p>No clock, no threads, no sockets: streams come from the caller. Every malformed input is a
 * checked {@link io.jsctp.pcap.CaptureFormatException} with a reason and a file offset.
 */
package io.jsctp.pcap;
