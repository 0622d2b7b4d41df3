package io.jsctp.wire;

import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.util.Objects;

/** IPv4 Address (type 5, RFC 9260 §3.3.2.1.1): one more address the sender can be reached at. */
public record Ipv4AddressParameter(Inet4Address address) implements Parameter {
    public static final int TYPE = 5;

    public Ipv4AddressParameter {
        Objects.requireNonNull(address, "address");
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public int valueLength() {
        return 4;
    }

    @Override
    public void encodeValue(ByteBuffer out) {
        out.put(address.getAddress());
    }
}
