package io.jsctp.wire;

import java.nio.ByteBuffer;

/**
 * A type-length-value parameter as INIT, INIT ACK and HEARTBEAT carry them (RFC 9260 §3.2.1).
 * Each known type is its own record; every other type is an {@link OpaqueParameter}.
 */
public sealed interface Parameter
        permits HeartbeatInfoParameter, Ipv4AddressParameter, Ipv6AddressParameter, StateCookieParameter,
                UnrecognizedParameter, CookiePreservativeParameter, HostNameAddressParameter,
                SupportedAddressTypesParameter, EcnCapableParameter, OpaqueParameter {

    /** Size of the type and length fields. */
    int HEADER_LENGTH = 4;

    /** The 16-bit parameter type. */
    int type();

    /** Bytes of the value, without header and padding. */
    int valueLength();

    /** Writes the value (not the header) at the buffer's position. */
    void encodeValue(ByteBuffer out);

    /** The Parameter Length field: header plus value, padding excluded. */
    default int length() {
        return HEADER_LENGTH + valueLength();
    }

    /** Length rounded up to a multiple of 4. */
    default int paddedLength() {
        return (length() + 3) & ~3;
    }

    /** The name of the type as the RFCs spell it. */
    default String typeName() {
        return ParameterType.nameOf(type());
    }
}
