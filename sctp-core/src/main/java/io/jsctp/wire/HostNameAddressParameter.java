package io.jsctp.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Host Name Address (type 11, RFC 9260 §3.3.2.1.4). RFC 9260 deprecates it: a receiver answers an
 * INIT carrying one with an ABORT and the Unresolvable Address cause. The value is a host name
 * terminated by at least one NUL byte, kept here exactly as it arrived.
 */
public record HostNameAddressParameter(Bytes value) implements Parameter {
    public static final int TYPE = 11;

    public HostNameAddressParameter {
        Objects.requireNonNull(value, "value");
    }

    /** A parameter for {@code hostName}, NUL-terminated as the RFC requires. */
    public static HostNameAddressParameter of(String hostName) {
        byte[] name = hostName.getBytes(StandardCharsets.US_ASCII);
        byte[] withNul = new byte[name.length + 1];
        System.arraycopy(name, 0, withNul, 0, name.length);
        return new HostNameAddressParameter(Bytes.wrap(withNul));
    }

    /** The host name up to its first NUL byte. */
    public String hostName() {
        byte[] a = value.toArray();
        int end = 0;
        while (end < a.length && a[end] != 0) {
            end++;
        }
        return new String(a, 0, end, StandardCharsets.US_ASCII);
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public int valueLength() {
        return value.length();
    }

    @Override
    public void encodeValue(ByteBuffer out) {
        value.writeTo(out);
    }
}
