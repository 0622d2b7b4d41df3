package io.jsctp.engine;

import io.jsctp.wire.AbortChunk;
import io.jsctp.wire.Chunk;
import io.jsctp.wire.CookieAckChunk;
import io.jsctp.wire.ErrorCause;
import io.jsctp.wire.ErrorChunk;
import io.jsctp.wire.InitChunk;
import io.jsctp.wire.SctpPacket;
import io.jsctp.wire.ShutdownAckChunk;
import io.jsctp.wire.ShutdownCompleteChunk;
import io.jsctp.wire.StaleCookieCause;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;

/**
 * The answers to an out-of-the-blue packet, one that belongs to no association (RFC 9260 §8.4),
 * item by item. The caller has already tried the two chunks that can start an association (INIT and
 * COOKIE ECHO) where that is possible; what reaches here gets one of three treatments: silence, an
 * ABORT, or a SHUTDOWN COMPLETE.
 */
final class OutOfTheBlue {
    private OutOfTheBlue() {}

    /** §8.4 item 1: a packet to or from a non-unicast address is dropped. */
    static boolean nonUnicast(InetAddress source, InetAddress destination) {
        return !PeerInit.usable(source) || destination.isMulticastAddress() || isBroadcast(destination);
    }

    private static boolean isBroadcast(InetAddress a) {
        if (!(a instanceof Inet4Address)) {
            return false;
        }
        byte[] b = a.getAddress();
        return b[0] == (byte) 255 && b[1] == (byte) 255 && b[2] == (byte) 255 && b[3] == (byte) 255;
    }

    /**
     * The packet to send back, or null for silence.
     *
     * @param p an out-of-the-blue packet whose INIT or COOKIE ECHO, if any, could not be processed
     */
    static SctpPacket answer(SctpPacket p) {
        for (Chunk c : p.chunks()) {
            // Item 2: an ABORT is never answered.
            if (c instanceof AbortChunk) {
                return null;
            }
            // Item 6: nor is a SHUTDOWN COMPLETE.
            if (c instanceof ShutdownCompleteChunk) {
                return null;
            }
            // Item 7: nor a COOKIE ACK, nor an ERROR reporting a stale cookie.
            if (c instanceof CookieAckChunk) {
                return null;
            }
            if (c instanceof ErrorChunk e && hasStaleCookie(e.causes())) {
                return null;
            }
        }
        Chunk first = p.firstChunk();
        // Item 3: an INIT that cannot be processed gets an ABORT carrying the INIT's Initiate Tag,
        // with the T bit clear.
        if (first instanceof InitChunk init) {
            return SctpPacket.of(p.destinationPort(), p.sourcePort(), init.initiateTag(),
                    new AbortChunk(false, List.of()));
        }
        // Item 5: a SHUTDOWN ACK gets a SHUTDOWN COMPLETE with the packet's tag reflected (T bit set).
        for (Chunk c : p.chunks()) {
            if (c instanceof ShutdownAckChunk) {
                return SctpPacket.of(p.destinationPort(), p.sourcePort(), p.verificationTag(),
                        new ShutdownCompleteChunk(true));
            }
        }
        // Item 8: anything else gets an ABORT with the packet's tag reflected (T bit set).
        return SctpPacket.of(p.destinationPort(), p.sourcePort(), p.verificationTag(),
                new AbortChunk(true, List.of()));
    }

    private static boolean hasStaleCookie(List<ErrorCause> causes) {
        for (ErrorCause c : causes) {
            if (c instanceof StaleCookieCause) {
                return true;
            }
        }
        return false;
    }
}
