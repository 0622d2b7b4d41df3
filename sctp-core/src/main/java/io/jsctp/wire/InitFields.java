package io.jsctp.wire;

import java.util.List;

/**
 * What INIT and INIT ACK share (RFC 9260 §3.3.2, §3.3.3): the fixed fields and a list of parameters.
 */
public sealed interface InitFields permits InitChunk, InitAckChunk {
    /** Size of the fixed fields after the chunk header. */
    int FIXED_VALUE_LENGTH = 16;

    int initiateTag();

    /** Advertised Receiver Window Credit (a_rwnd), unsigned 32 bits. */
    long advertisedReceiverWindow();

    int outboundStreams();

    int inboundStreams();

    int initialTsn();

    List<Parameter> parameters();

    /** The first parameter of the given class, or null. */
    default <P extends Parameter> P find(Class<P> kind) {
        for (Parameter p : parameters()) {
            if (kind.isInstance(p)) {
                return kind.cast(p);
            }
        }
        return null;
    }
}
