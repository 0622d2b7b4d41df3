package io.jsctp.socket;

import java.net.InetAddress;

/**
 * Decides, for fault injection, whether the stack lets a packet pass: experiments and the demo use it
 * to kill a path in-process, without firewall rules. Called on the loop thread for every packet, so
 * it must be quick and must not call back into the stack.
 */
@FunctionalInterface
public interface PacketFilter {
    /**
     * @param outbound true for a packet being sent, false for one received
     * @return true to let it pass, false to drop it silently
     */
    boolean pass(boolean outbound, InetAddress source, InetAddress destination);

    PacketFilter PASS_ALL = (outbound, source, destination) -> true;
}
