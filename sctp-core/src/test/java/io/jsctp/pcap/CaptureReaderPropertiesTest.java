package io.jsctp.pcap;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Whatever the bytes, reading a capture and looking into its frames ends in frames or a checked error. */
class CaptureReaderPropertiesTest {

    private static final List<byte[]> SEEDS = loadSeeds();

    @Property(tries = 500)
    void arbitraryBytesNeverThrowUnchecked(@ForAll @Size(max = 300) byte[] bytes) {
        readEverything(bytes);
    }

    /** Real captures with a few bytes changed and possibly cut: they get past the magic numbers. */
    @Property(tries = 3000)
    void damagedCapturesNeverThrowUnchecked(@ForAll("damagedCaptures") byte[] bytes) {
        readEverything(bytes);
    }

    private static void readEverything(byte[] bytes) {
        try (CaptureReader reader = CaptureReader.open(new ByteArrayInputStream(bytes))) {
            long last = 0;
            for (Optional<Frame> f = reader.next(); f.isPresent(); f = reader.next()) {
                Frame frame = f.get();
                assertTrue(frame.number() == last + 1, "frames are numbered without gaps");
                last = frame.number();
                assertTrue(frame.dataOffset() >= 0 && frame.dataOffset() + frame.data().length <= bytes.length
                        || reader.isCompressed(), "frame bytes lie inside the file");
                try {
                    frame.ipPacket().ifPresent(p -> assertTrue(p.payload().length <= frame.data().length));
                } catch (CaptureFormatException e) {
                    assertTrue(e.frameNumber() == frame.number(), e.getMessage());
                }
            }
        } catch (CaptureFormatException e) {
            assertTrue(e.offset() >= -1, e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("a byte array stream cannot fail", e);
        }
    }

    @Provide
    Arbitrary<byte[]> damagedCaptures() {
        Arbitrary<byte[]> seed = Arbitraries.of(SEEDS);
        Arbitrary<List<Integer>> positions = Arbitraries.integers().between(0, Integer.MAX_VALUE).list().ofMaxSize(4);
        Arbitrary<List<Byte>> values = Arbitraries.bytes().list().ofSize(4);
        Arbitrary<Integer> cut = Arbitraries.integers().between(0, 200);
        return Combinators.combine(seed, positions, values, cut).as((s, at, v, c) -> {
            byte[] b = s.clone();
            for (int i = 0; i < at.size(); i++) {
                // Damage the first 160 bytes more often: that is where headers and lengths are.
                int limit = i % 2 == 0 ? Math.min(160, b.length) : b.length;
                b[at.get(i) % limit] = v.get(i);
            }
            return java.util.Arrays.copyOf(b, Math.max(0, b.length - c));
        });
    }

    private static List<byte[]> loadSeeds() {
        try {
            Path dir = Path.of(CaptureReaderPropertiesTest.class.getResource("/captures/expected.tsv").toURI()).getParent();
            List<byte[]> seeds = new ArrayList<>();
            try (var files = Files.list(dir)) {
                for (Path p : files.filter(p -> p.toString().contains(".pcap")).sorted().toList()) {
                    seeds.add(Files.readAllBytes(p));
                }
            }
            return seeds;
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("test captures missing", e);
        }
    }
}
