package io.jsctp.wire;

import java.net.Inet6Address;
import java.nio.ByteBuffer;
import java.util.Objects;

/** IPv6 Address (type 6, RFC 9260 §3.3.2.1.2): one more address the sender can be reached at. */
public record Ipv6AddressParameter(Inet6Address address) implements Parameter {
    public static final int TYPE = 6;

    public Ipv6AddressParameter {
        Objects.requireNonNull(address, "address");
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public int valueLength() {
        return 16;
    }

    @Override
    public void encodeValue(ByteBuffer out) {
        out.put(address.getAddress());
    }
}
