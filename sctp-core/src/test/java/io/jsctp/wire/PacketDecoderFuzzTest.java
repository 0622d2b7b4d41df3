package io.jsctp.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Coverage-guided fuzzing of the decoder with Jazzer.
 *
 * <p>In a plain {@code mvn test} this runs in regression mode: once on the empty input and once on
 * each file of {@code src/test/resources/io/jsctp/wire/PacketDecoderFuzzTestInputs/decodeArbitraryBytes/}
 * (the golden packets, written there by {@code golden/make-golden.py}, plus any input a fuzzing
 * run found and someone kept). With {@code JAZZER_FUZZ=1} it fuzzes; see sctp-core/FUZZING.md.
 *
 * <p>What must hold for any bytes: decoding gives a packet or a {@link MalformedPacketException},
 * nothing else (RFC 9260 gives a receiver a rule for every malformed packet, so an unexpected
 * exception is a bug); a packet that decodes strictly re-encodes to the very same bytes; a packet
 * a receiver accepts can be re-encoded and printed.
 */
class PacketDecoderFuzzTest {
    private static final List<DecodeOptions> OPTIONS = List.of(DecodeOptions.STRICT, DecodeOptions.RECEIVER,
            DecodeOptions.STRICT.withoutChecksum(), DecodeOptions.RECEIVER.withoutChecksum());

    // maxDuration bounds a fuzzing run started with JAZZER_FUZZ=1 and nothing else; it does not
    // apply in regression mode.
    @FuzzTest(maxDuration = "30s")
    void decodeArbitraryBytes(byte[] input) {
        check(input);
        // Random bytes almost never carry a matching CRC32c, which would keep the fuzzer at the
        // checksum. The same bytes with their checksum made right reach the chunk decoders.
        if (input.length >= CommonHeader.LENGTH) {
            byte[] fixed = input.clone();
            Crc32c.fill(ByteBuffer.wrap(fixed), 0, fixed.length);
            check(fixed);
        }
    }

    private static void check(byte[] bytes) {
        for (DecodeOptions options : OPTIONS) {
            SctpPacket p;
            try {
                p = PacketDecoder.decode(ByteBuffer.wrap(bytes), 0, bytes.length, options);
            } catch (MalformedPacketException e) {
                assertTrue(e.offset() >= 0 && e.offset() <= bytes.length, e::getMessage);
                assertTrue(!e.detail().isEmpty());
                continue;
            }
            // Printing is what a person debugging a peer does with every packet: it must not fail.
            String text = PacketPrinter.describe(p, PacketPrinter.ChecksumStatus.NOT_CHECKED, Crc32c.stored(ByteBuffer.wrap(bytes), 0));
            assertTrue(text.startsWith("SCTP "));
            PacketPrinter.summarize(p);
            byte[] again = PacketEncoder.encode(p);
            assertEquals(p.encodedLength(), again.length);
            if (options.strict()) {
                // Strict decoding accepts only bytes that have one encoding: the ones it read.
                // (Without the checksum check the stored checksum may differ; compare the rest.)
                if (options.verifyChecksum()) {
                    assertArrayEquals(bytes, again, "strictly decoded packet re-encodes to its bytes");
                } else {
                    byte[] expected = bytes.clone();
                    Crc32c.fill(ByteBuffer.wrap(expected), 0, expected.length);
                    assertArrayEquals(expected, again, "strictly decoded packet re-encodes to its bytes");
                }
            }
        }
    }
}
