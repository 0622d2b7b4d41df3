package io.jsctp.wire;

/**
 * How strictly {@link PacketDecoder} reads.
 *
 * @param verifyChecksum reject a packet whose CRC32c does not match (RFC 9260 §6.8)
 * @param strict         also reject what a receiver is told to ignore: padding that is not zero or
 *                       that a length counts, fixed-size chunks with extra bytes, known parameters
 *                       and causes with the wrong size. A receiver (the engine) reads leniently, as
 *                       RFC 9260 §3.2 asks ("The receiver MUST ignore the padding"); tools that
 *                       check a peer's packets, and the tests that require decode-then-encode to give
 *                       the same bytes, read strictly.
 * @param checkBundling  reject INIT, INIT ACK or SHUTDOWN COMPLETE bundled with other chunks
 *                       (RFC 9260 §6.10)
 */
public record DecodeOptions(boolean verifyChecksum, boolean strict, boolean checkBundling) {
    /** Everything checked: for tools and for tests of exact round trips. */
    public static final DecodeOptions STRICT = new DecodeOptions(true, true, true);
    /** What a receiver checks. */
    public static final DecodeOptions RECEIVER = new DecodeOptions(true, false, true);

    public DecodeOptions withoutChecksum() {
        return new DecodeOptions(false, strict, checkBundling);
    }
}
