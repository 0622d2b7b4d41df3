package io.jsctp.wire;

import java.nio.ByteBuffer;

/**
 * An error cause as ABORT and ERROR chunks carry them (RFC 9260 §3.3.10). Each of the thirteen
 * causes of RFC 9260 is its own record; any other code is an {@link OpaqueCause}.
 */
public sealed interface ErrorCause
        permits InvalidStreamIdentifierCause, MissingMandatoryParameterCause, StaleCookieCause,
                OutOfResourceCause, UnresolvableAddressCause, UnrecognizedChunkTypeCause,
                InvalidMandatoryParameterCause, UnrecognizedParametersCause, NoUserDataCause,
                CookieWhileShuttingDownCause, RestartWithNewAddressesCause, UserInitiatedAbortCause,
                ProtocolViolationCause, OpaqueCause {

    int HEADER_LENGTH = 4;

    /** The 16-bit cause code. */
    int code();

    /** Bytes of cause-specific information, without header and padding. */
    int valueLength();

    /** Writes the cause-specific information at the buffer's position. */
    void encodeValue(ByteBuffer out);

    /** The Cause Length field: header plus information, padding excluded. */
    default int length() {
        return HEADER_LENGTH + valueLength();
    }

    default int paddedLength() {
        return (length() + 3) & ~3;
    }

    default String codeName() {
        return CauseCode.nameOf(code());
    }
}
