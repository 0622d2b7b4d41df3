package io.jsctp.engine;

import java.net.InetAddress;

/**
 * Tells the engine the MTU of the route to a destination (as Linux takes it from the outgoing
 * interface), so that packets are sized to the path from the start rather than to a guess.
 */
@FunctionalInterface
public interface PathMtuProvider {
    /** @return the MTU in bytes, or 0 when unknown (the configured default is used) */
    int mtu(InetAddress destination, InetAddress source);
}
