package io.jsctp.socket;

import java.net.InetAddress;
import java.nio.ByteBuffer;

/**
 * Sees every SCTP packet the stack sends (after its checksum is set) and receives (before its
 * checksum is checked), on the loop thread, for traces and ladder diagrams. The buffer is valid only
 * during the call.
 */
@FunctionalInterface
public interface PacketObserver {
    void packet(long nanoTime, boolean outbound, InetAddress source, InetAddress destination, ByteBuffer sctp);
}
