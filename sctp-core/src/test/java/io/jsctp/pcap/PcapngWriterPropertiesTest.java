package io.jsctp.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Whatever the writer is given, the reader gives it back. */
class PcapngWriterPropertiesTest {

    record Packet(int interfaceId, long timestampNanos, Direction direction, byte[] bytes, String comment) {
    }

    @Property(tries = 200)
    void writtenPacketsReadBackUnchanged(@ForAll @IntRange(min = 1, max = 4) int interfaces,
            @ForAll("interfaceNames") List<String> names, @ForAll @Size(max = 12) List<@net.jqwik.api.From("packets") Packet> packets)
            throws Exception {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        try (PcapngWriter w = new PcapngWriter(file)) {
            for (int i = 0; i < interfaces; i++) {
                w.addInterface(names.get(i), i % 2 == 0 ? null : "description " + i);
            }
            for (Packet p : packets) {
                w.writePacket(p.interfaceId() % interfaces, p.timestampNanos(), p.direction(), ByteBuffer.wrap(p.bytes()),
                        p.comment());
            }
        }
        List<Frame> frames = CaptureReaderMalformedTest.readAll(file.toByteArray());
        assertEquals(packets.size(), frames.size());
        for (int i = 0; i < frames.size(); i++) {
            Packet p = packets.get(i);
            Frame f = frames.get(i);
            assertEquals(i + 1, f.number());
            assertEquals(p.interfaceId() % interfaces, f.captureInterface().index());
            assertEquals(names.get(p.interfaceId() % interfaces), f.captureInterface().name());
            assertEquals(p.timestampNanos(), f.timestampNanos());
            assertEquals(p.direction(), f.direction());
            assertArrayEquals(p.bytes(), f.data());
            assertEquals(p.bytes().length, f.originalLength());
            assertEquals(p.comment().isEmpty() ? List.of() : List.of(p.comment()), f.comments());
        }
    }

    @Provide
    Arbitrary<List<String>> interfaceNames() {
        // No NUL: pcapng readers end a string at a zero byte (draft-ietf-opsawg-pcapng §3.5).
        return Arbitraries.strings().withCharRange('\u0001', '\ud7ff').ofMinLength(1).ofMaxLength(40).list().ofSize(4);
    }

    @Provide
    Arbitrary<Packet> packets() {
        return Combinators.combine(
                Arbitraries.integers().between(0, 3),
                Arbitraries.longs().between(0, Long.MAX_VALUE),
                Arbitraries.of(Direction.class),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(200),
                Arbitraries.strings().withCharRange('\u0001', '\ud7ff').ofMaxLength(30))
                .as(Packet::new);
    }
}
