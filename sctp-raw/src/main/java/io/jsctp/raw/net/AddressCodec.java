package io.jsctp.raw.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * Conversions between {@link InetAddress} and the kernel's bytes that avoid creating objects per packet.
 *
 * <p>{@link InetAddress#getAddress()} returns a fresh array on every call, and
 * {@link InetAddress#getByAddress(byte[])} a fresh object. A stack sends to and receives from a handful
 * of addresses (the paths of its associations), so two small direct-mapped caches make both directions
 * allocation-free after warm-up: one keyed by the identity of the InetAddress (callers reuse the
 * objects of their paths), one keyed by the raw address bytes. A miss only costs the allocation the
 * plain JDK call would have made. Not thread-safe: each batch owns one.
 */
final class AddressCodec {
    private static final int SLOTS = 64; // a power of two

    // InetAddress -> bytes, by identity.
    private final InetAddress[] outKeys = new InetAddress[SLOTS];
    private final byte[][] outBytes = new byte[SLOTS][];

    // IPv4 bytes -> Inet4Address.
    private final int[] v4Keys = new int[SLOTS];
    private final InetAddress[] v4Values = new InetAddress[SLOTS];

    // IPv6 bytes and scope id -> Inet6Address.
    private final long[] v6High = new long[SLOTS];
    private final long[] v6Low = new long[SLOTS];
    private final int[] v6Scope = new int[SLOTS];
    private final InetAddress[] v6Values = new InetAddress[SLOTS];

    private final byte[] scratch4 = new byte[4];
    private final byte[] scratch16 = new byte[16];

    /** The raw bytes of {@code address} (4 or 16); the array is shared, do not modify it. */
    byte[] bytesOf(InetAddress address) {
        int slot = System.identityHashCode(address) & (SLOTS - 1);
        if (outKeys[slot] == address) {
            return outBytes[slot];
        }
        byte[] b = address.getAddress();
        outKeys[slot] = address;
        outBytes[slot] = b;
        return b;
    }

    /**
     * Writes a sockaddr_in or sockaddr_in6 for {@code address} at {@code offset} of a native-order buffer
     * and returns its length. The port is 0: for raw sockets sin_port is ignored (IPv4) or must be 0 or
     * the socket's protocol (IPv6, see raw(7)/ipv6(7)).
     */
    int writeSockaddr(ByteBuffer meta, int offset, InetAddress address) {
        byte[] b = bytesOf(address);
        if (address instanceof Inet4Address) {
            meta.putShort(offset, (short) Native.AF_INET);   // sin_family, host order
            meta.putShort(offset + 2, (short) 0);            // sin_port
            for (int i = 0; i < 4; i++) {
                meta.put(offset + 4 + i, b[i]);              // sin_addr, network order
            }
            meta.putLong(offset + 8, 0L);                    // sin_zero
            return Native.SOCKADDR_IN_SIZE;
        }
        Inet6Address a6 = (Inet6Address) address;
        meta.putShort(offset, (short) Native.AF_INET6);      // sin6_family
        meta.putShort(offset + 2, (short) 0);                // sin6_port
        meta.putInt(offset + 4, 0);                          // sin6_flowinfo
        for (int i = 0; i < 16; i++) {
            meta.put(offset + 8 + i, b[i]);                  // sin6_addr
        }
        // sin6_scope_id: needed for link-local destinations, which are ambiguous without an interface.
        meta.putInt(offset + 24, Math.max(0, a6.getScopeId()));
        return Native.SOCKADDR_IN6_SIZE;
    }

    /** Copies the raw bytes of {@code address} to {@code offset} of any buffer. */
    void writeAddress(ByteBuffer buf, int offset, InetAddress address) {
        byte[] b = bytesOf(address);
        for (int i = 0; i < b.length; i++) {
            buf.put(offset + i, b[i]);
        }
    }

    /** The Inet4Address for 4 bytes in network order at {@code offset}, cached. */
    InetAddress ipv4At(ByteBuffer buf, int offset) {
        int key = ((buf.get(offset) & 0xff) << 24) | ((buf.get(offset + 1) & 0xff) << 16)
                | ((buf.get(offset + 2) & 0xff) << 8) | (buf.get(offset + 3) & 0xff);
        int slot = mix(key) & (SLOTS - 1);
        InetAddress cached = v4Values[slot];
        if (cached != null && v4Keys[slot] == key) {
            return cached;
        }
        scratch4[0] = (byte) (key >>> 24);
        scratch4[1] = (byte) (key >>> 16);
        scratch4[2] = (byte) (key >>> 8);
        scratch4[3] = (byte) key;
        InetAddress a;
        try {
            a = InetAddress.getByAddress(scratch4); // copies the array
        } catch (UnknownHostException e) {
            throw new AssertionError("4 bytes are always an IPv4 address", e);
        }
        v4Keys[slot] = key;
        v4Values[slot] = a;
        return a;
    }

    /**
     * The Inet6Address for 16 bytes at {@code offset} with a scope id (non-zero only for link-local
     * and other scoped addresses, as the kernel reports it in sin6_scope_id / ipi6_ifindex).
     */
    InetAddress ipv6At(ByteBuffer buf, int offset, int scopeId) {
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++) {
            high = (high << 8) | (buf.get(offset + i) & 0xff);
            low = (low << 8) | (buf.get(offset + 8 + i) & 0xff);
        }
        int slot = mix((int) (high ^ (high >>> 32) ^ low ^ (low >>> 32)) ^ scopeId) & (SLOTS - 1);
        InetAddress cached = v6Values[slot];
        if (cached != null && v6High[slot] == high && v6Low[slot] == low && v6Scope[slot] == scopeId) {
            return cached;
        }
        for (int i = 0; i < 16; i++) {
            scratch16[i] = buf.get(offset + i);
        }
        InetAddress a;
        try {
            // Inet6Address.getByAddress keeps an IPv4-mapped address as IPv6 (InetAddress.getByAddress
            // would turn it into an Inet4Address), so an IPv6 socket always reports IPv6 addresses.
            a = scopeId != 0
                    ? Inet6Address.getByAddress(null, scratch16, scopeId)
                    : Inet6Address.getByAddress(null, scratch16, -1);
        } catch (UnknownHostException e) {
            throw new AssertionError("16 bytes are always an IPv6 address", e);
        }
        v6High[slot] = high;
        v6Low[slot] = low;
        v6Scope[slot] = scopeId;
        v6Values[slot] = a;
        return a;
    }

    /** Spreads the bits so that neighbouring addresses do not share a slot. */
    private static int mix(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
