package io.jsctp.engine;

/** Why a packet or chunk was dropped without being acted on; counted per endpoint and host. */
public enum DiscardReason {
    /** The checksum did not match (RFC 9260 §6.8). */
    BAD_CHECKSUM,
    /** The bytes are not a well-formed SCTP packet. */
    MALFORMED,
    /** The verification tag is not the one expected (RFC 9260 §8.5). */
    BAD_VERIFICATION_TAG,
    /** Out of the blue and the rules of RFC 9260 §8.4 say to stay silent. */
    OUT_OF_THE_BLUE,
    /** From or to a broadcast, multicast or wildcard address (RFC 9260 §8.4 item 1). */
    NON_UNICAST,
    /** A COOKIE ECHO whose cookie did not verify: forged, altered or too old a key. */
    INVALID_COOKIE,
    /** A COOKIE ECHO whose cookie had expired; answered with a Stale Cookie error. */
    STALE_COOKIE,
    /** A chunk the current state has no use for (RFC 9260 §5.2.3, §5.2.5...). */
    UNEXPECTED_CHUNK,
    /** An INIT with an Initiate Tag of 0 (RFC 9260 §3.3.2: silently discarded). */
    INVALID_INIT,
    /** DATA beyond the receive window or the tracking window. */
    NO_BUFFER_SPACE,
    /** An ICMP message that does not match an association (RFC 9260 Appendix C). */
    UNMATCHED_ICMP,
    /** The endpoint has as many associations as it may. */
    TOO_MANY_ASSOCIATIONS
}
