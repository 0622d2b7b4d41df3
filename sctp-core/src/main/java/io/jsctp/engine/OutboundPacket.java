package io.jsctp.engine;

import io.jsctp.wire.SctpPacket;
import java.net.InetAddress;
import java.util.Objects;

/**
 * A packet the engine wants sent, with the addresses of the path it chose: the transport sends it
 * from {@code source} (RFC 9260 §6.4: the source address appropriate for the destination) to
 * {@code destination}.
 *
 * @param source may be null when the engine leaves the choice to the transport's routing
 */
public record OutboundPacket(InetAddress source, InetAddress destination, SctpPacket packet) {
    public OutboundPacket {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(packet, "packet");
    }
}
