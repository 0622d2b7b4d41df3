package io.jsctp.wire;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Supported Address Types (type 12, RFC 9260 §3.3.2.1.5): the address parameter types (5 for IPv4,
 * 6 for IPv6, 11 for host names) the sender can use.
 */
public record SupportedAddressTypesParameter(List<Integer> addressTypes) implements Parameter {
    public static final int TYPE = 12;

    public SupportedAddressTypesParameter {
        addressTypes = List.copyOf(addressTypes);
        for (int t : addressTypes) {
            if (t < 0 || t > 0xffff) {
                throw new IllegalArgumentException("address type must fit 16 bits: " + t);
            }
        }
    }

    public static SupportedAddressTypesParameter of(Integer... types) {
        return new SupportedAddressTypesParameter(List.of(types));
    }

    public boolean supports(int addressType) {
        return addressTypes.contains(addressType);
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public int valueLength() {
        return 2 * addressTypes.size();
    }

    @Override
    public void encodeValue(ByteBuffer out) {
        for (int t : addressTypes) {
            out.putShort((short) t);
        }
    }
}
