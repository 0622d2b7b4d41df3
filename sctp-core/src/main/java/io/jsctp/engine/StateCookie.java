package io.jsctp.engine;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the responder needs to create an association from a COOKIE ECHO, carried by the peer
 * instead of kept in memory (RFC 9260 §5.1.3): the responder keeps no state for an INIT. The bytes
 * are jsctp's own format; only {@link CookieFactory} makes and reads them, behind an HMAC.
 *
 * @param createdNanos     when the INIT ACK was made (the endpoint's clock)
 * @param lifespanNanos    how long the cookie is valid from then
 * @param localTag         the Initiate Tag of our INIT ACK: the tag the peer must send us
 * @param localInitialTsn  the Initial TSN of our INIT ACK
 * @param peerTag          the Initiate Tag of the peer's INIT
 * @param peerInitialTsn   the Initial TSN of the peer's INIT
 * @param peerRwnd         the a_rwnd of the peer's INIT
 * @param outboundStreams  streams we send on: min(our OS, peer's MIS)
 * @param inboundStreams   streams we receive on: min(our MIS, peer's OS)
 * @param localPort        our port
 * @param peerPort         the peer's port
 * @param localTieTag      §5.2.2: our tag of an existing association with the peer, or 0
 * @param peerTieTag       §5.2.2: the peer's tag of that association, or 0
 * @param localAddress     the address the INIT was sent to
 * @param peerAddresses    the peer's transport addresses, the INIT's source first
 */
public record StateCookie(long createdNanos, long lifespanNanos, int localTag, int localInitialTsn, int peerTag,
                          int peerInitialTsn, long peerRwnd, int outboundStreams, int inboundStreams, int localPort,
                          int peerPort, int localTieTag, int peerTieTag, InetAddress localAddress,
                          List<InetAddress> peerAddresses) {
    static final byte VERSION = 1;

    public StateCookie {
        peerAddresses = List.copyOf(peerAddresses);
    }

    /** The fields, without version, key epoch or MAC. */
    void writeTo(ByteBuffer b) {
        b.putLong(createdNanos).putLong(lifespanNanos).putInt(localTag).putInt(localInitialTsn).putInt(peerTag)
                .putInt(peerInitialTsn).putInt((int) peerRwnd).putShort((short) outboundStreams)
                .putShort((short) inboundStreams).putShort((short) localPort).putShort((short) peerPort)
                .putInt(localTieTag).putInt(peerTieTag);
        putAddress(b, localAddress);
        b.put((byte) peerAddresses.size());
        for (InetAddress a : peerAddresses) {
            putAddress(b, a);
        }
    }

    int encodedLength() {
        int n = 8 + 8 + 4 * 5 + 2 * 4 + 4 * 2 + addressLength(localAddress) + 1;
        for (InetAddress a : peerAddresses) {
            n += addressLength(a);
        }
        return n;
    }

    /** Reads the fields written by {@link #writeTo}; null when the bytes do not hold them. */
    static StateCookie readFrom(ByteBuffer b) {
        try {
            long created = b.getLong();
            long lifespan = b.getLong();
            int localTag = b.getInt();
            int localTsn = b.getInt();
            int peerTag = b.getInt();
            int peerTsn = b.getInt();
            long rwnd = b.getInt() & 0xffffffffL;
            int os = b.getShort() & 0xffff;
            int is = b.getShort() & 0xffff;
            int lport = b.getShort() & 0xffff;
            int pport = b.getShort() & 0xffff;
            int ltie = b.getInt();
            int ptie = b.getInt();
            InetAddress local = getAddress(b);
            int n = b.get() & 0xff;
            List<InetAddress> peers = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                peers.add(getAddress(b));
            }
            if (b.hasRemaining() || n == 0) {
                return null;
            }
            return new StateCookie(created, lifespan, localTag, localTsn, peerTag, peerTsn, rwnd, os, is, lport, pport,
                    ltie, ptie, local, peers);
        } catch (BufferUnderflowException | UnknownHostException | IllegalArgumentException e) {
            return null;
        }
    }

    private static int addressLength(InetAddress a) {
        return 1 + a.getAddress().length;
    }

    private static void putAddress(ByteBuffer b, InetAddress a) {
        byte[] raw = a.getAddress();
        b.put((byte) raw.length).put(raw);
    }

    private static InetAddress getAddress(ByteBuffer b) throws UnknownHostException {
        int len = b.get() & 0xff;
        if (len != 4 && len != 16) {
            throw new UnknownHostException("address length " + len);
        }
        byte[] raw = new byte[len];
        b.get(raw);
        return len == 16 ? Inet6Address.getByAddress(null, raw, -1) : InetAddress.getByAddress(raw);
    }
}
