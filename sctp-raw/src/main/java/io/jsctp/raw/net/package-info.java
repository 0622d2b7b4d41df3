/**
 * The lowest layer of jsctp's real-world side: raw IP sockets for SCTP (IP protocol 132) and ICMP,
 * network namespaces, local interfaces and routes. It deals only in bytes and addresses; the codec and
 * the association engine of {@code sctp-core} sit on top of it.
 *
 * <h2>Pieces</h2>
 * <ul>
 * <li>{@link io.jsctp.raw.net.RawSctpSocket}: one per address family per network namespace; every SCTP
 * packet of the namespace arrives there and is demultiplexed in Java.</li>
 * <li>{@link io.jsctp.raw.net.OutgoingBatch} / {@link io.jsctp.raw.net.ReceivedBatch}: preallocated
 * sendmmsg/recvmmsg batches; encode straight into an outgoing slot, decode straight from a received
 * view.</li>
 * <li>{@link io.jsctp.raw.net.IcmpSocket} and {@link io.jsctp.raw.net.IcmpReport}: ICMP errors about
 * our SCTP packets (protocol unreachable, too big, unreachable, prohibited).</li>
 * <li>{@link io.jsctp.raw.net.Poller} and {@link io.jsctp.raw.net.Wakeup}: poll(2) over the sockets
 * plus an eventfd to wake the loop from other threads.</li>
 * <li>{@link io.jsctp.raw.net.NetworkNamespace}: run code, or a whole event loop, inside a named
 * namespace.</li>
 * <li>{@link io.jsctp.raw.net.Interfaces} and {@link io.jsctp.raw.net.SourceAddressResolver}: local
 * addresses and MTUs, and the kernel's choice of source address and route MTU per destination.</li>
 * <li>{@link io.jsctp.raw.net.Errno} and {@link io.jsctp.raw.net.ErrnoException}: every failure carries
 * a Linux errno.</li>
 * </ul>
 *
 * <h2>How an event loop drives it</h2>
 * <ol>
 * <li>Start the loop thread inside the namespace ({@link io.jsctp.raw.net.NetworkNamespace#startThread}
 * or {@code threadFactory}); open one RawSctpSocket and one IcmpSocket per family there, and a Wakeup.</li>
 * <li>Register them all with one {@link io.jsctp.raw.net.Poller} for READABLE. Poll with the time until
 * the next timer as timeout.</li>
 * <li>On READABLE: {@code receive(batch)} until it returns 0, handing each entry (source, destination,
 * interface, packet view) to the engine before the next receive overwrites the batch. Drain the
 * IcmpSocket with {@code receive()} until null.</li>
 * <li>Collect the packets the engine wants sent in an OutgoingBatch (encode into
 * {@code append(source, destination)}), and {@code send} once per turn of the loop. Slots that failed
 * carry their errno (EPERM from a firewall, ENETUNREACH, EMSGSIZE...): report them to the engine. If
 * {@code blockedBy()} is ENOBUFS (how a raw socket reports a full send buffer) or EAGAIN, keep the batch,
 * add WRITABLE to that socket's interest and resend when writable; on ENOMEM retry on the next turn or
 * treat the rest as lost (SCTP retransmits).</li>
 * <li>Other threads never touch the batches; they queue requests and {@code signal()} the Wakeup.</li>
 * </ol>
 * Batches of 32 to 64 packets captured most of the gain measured on veth (about 1.6 to 2 times the
 * packets per second of one packet per call, see VethThroughputBenchmark); 256 brought nothing
 * reliable on top. Size receive slots to the largest interface MTU (or keep the 65535 default when
 * loopback may carry traffic).
 */
package io.jsctp.raw.net;
