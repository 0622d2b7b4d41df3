package io.jsctp.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Packets made by an independent implementation (scapy, by {@code golden/make-golden.py}), with the
 * fields the script says they hold. Each must decode strictly, checksum included (so our CRC32c and
 * its byte order agree with scapy's), show exactly those field values, and re-encode to the same
 * bytes. The capture of the same packets and what tshark said of it are committed beside them;
 * their agreement is checked here too.
 */
class GoldenPacketTest {

    /** One line of golden.jsonl. */
    record Golden(String name, String note, byte[] wire, Map<String, Object> fields) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Golden> golden() {
        List<Golden> out = new ArrayList<>();
        for (String line : resource("/golden/golden.jsonl").split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> o = (Map<String, Object>) MiniJson.parse(line);
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = (Map<String, Object>) o.get("fields");
            out.add(new Golden((String) o.get("name"), (String) o.get("note"), WireTestSupport.hex((String) o.get("hex")),
                    fields));
        }
        return out;
    }

    static Stream<Arguments> goldenPackets() {
        return golden().stream().map(g -> Arguments.of(g.name(), g));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenPackets")
    void decodesToTheDescribedFieldsAndReencodesIdentically(String name, Golden g) throws Exception {
        assertTrue(Crc32c.verify(ByteBuffer.wrap(g.wire()), 0, g.wire().length), "scapy's checksum agrees with ours");
        SctpPacket p;
        try {
            p = PacketDecoder.decode(g.wire());
        } catch (MalformedPacketException e) {
            throw new AssertionError(name + " (" + g.note() + "): " + e.getMessage(), e);
        }
        assertFalse(g.fields().isEmpty());
        for (Map.Entry<String, Object> f : g.fields().entrySet()) {
            assertEquals(f.getValue(), field(p, f.getKey()), () -> name + ": " + f.getKey());
        }
        assertArrayEquals(g.wire(), PacketEncoder.encode(p), name + ": re-encoded bytes");
        assertEquals(p, WireTestSupport.decode(g.wire(), DecodeOptions.RECEIVER), "a receiver reads it the same");
    }

    /** The golden set keeps covering every record: a change of the script cannot quietly drop one. */
    @Test
    void goldenPacketsCoverEveryRecord() throws Exception {
        Set<Class<?>> chunks = new HashSet<>();
        Set<Class<?>> params = new HashSet<>();
        Set<Class<?>> causes = new HashSet<>();
        Set<Integer> opaqueTypes = new HashSet<>();
        for (Golden g : golden()) {
            for (Chunk c : PacketDecoder.decode(g.wire()).chunks()) {
                chunks.add(c.getClass());
                if (c instanceof InitFields i) {
                    i.parameters().forEach(x -> params.add(x.getClass()));
                } else if (c instanceof AbortChunk a) {
                    a.causes().forEach(x -> causes.add(x.getClass()));
                } else if (c instanceof ErrorChunk e) {
                    e.causes().forEach(x -> causes.add(x.getClass()));
                } else if (c instanceof OpaqueChunk o) {
                    opaqueTypes.add(o.type() >>> 6); // the four action bit patterns of RFC 9260 §3.2
                }
            }
        }
        assertEquals(Set.of(Chunk.class.getPermittedSubclasses()), chunks);
        assertEquals(Set.of(Parameter.class.getPermittedSubclasses()), params);
        assertEquals(Set.of(ErrorCause.class.getPermittedSubclasses()), causes);
        assertEquals(Set.of(0, 1, 2, 3), opaqueTypes);
    }

    /** golden.pcap holds the very packets of golden.jsonl, in order: the tshark output below is about them. */
    @Test
    void captureHoldsTheGoldenPackets() {
        List<byte[]> captured = TestPcap.readSctp(resourceBytes("/golden/golden.pcap"));
        List<Golden> golden = golden();
        assertEquals(golden.size(), captured.size());
        for (int i = 0; i < golden.size(); i++) {
            assertArrayEquals(golden.get(i).wire(), captured.get(i), golden.get(i).name());
        }
    }

    /**
     * What tshark said of golden.pcap with {@code -o sctp.checksum:"CRC 32c"}: checksum status 1
     * (good) for every frame. A status of 2 would mean the preference was not applied (a
     * misspelt name or value is ignored without a word) and nothing was verified.
     */
    @Test
    void tsharkFoundEveryGoldenChecksumGood() {
        String[] lines = resource("/golden/golden.tshark.txt").split("\n");
        assertEquals(golden().size(), lines.length, "one line per frame");
        for (int i = 0; i < lines.length; i++) {
            String[] cols = lines[i].split("\t", -1);
            assertEquals(String.valueOf(i + 1), cols[0], "frame number");
            assertEquals("1", cols[1], () -> "tshark checksum status of frame " + cols[0]
                    + " (0 bad, 1 good, 2 not verified)");
            assertEquals("", cols[3], "tshark found frame " + cols[0] + " malformed");
        }
    }

    // ------------------------------------------------------------------ field paths

    /**
     * The value at a path such as {@code chunks.0.parameters.2.address}: list indexes and
     * {@code size}, {@code @class} for the simple class name, otherwise a public no-argument method
     * (record components and accessors like {@code tBit}). Rendered as make-golden.py writes them:
     * integers unsigned decimal, byte strings and addresses lowercase hex.
     */
    static String field(Object root, String path) throws Exception {
        Object cur = root;
        for (String seg : path.split("\\.")) {
            if (seg.equals("@class")) {
                cur = cur.getClass().getSimpleName();
            } else if (cur instanceof List<?> l) {
                if (seg.equals("size")) {
                    cur = l.size();
                } else {
                    int index = Integer.parseInt(seg);
                    if (index >= l.size()) {
                        fail(path + ": index " + index + " of a list of " + l.size());
                    }
                    cur = l.get(index);
                }
            } else {
                Method m;
                try {
                    m = cur.getClass().getMethod(seg);
                } catch (NoSuchMethodException e) {
                    return fail(path + ": " + cur.getClass().getSimpleName() + " has no " + seg + "()");
                }
                try {
                    cur = m.invoke(cur);
                } catch (InvocationTargetException e) {
                    throw new AssertionError(path, e.getCause());
                }
            }
        }
        return text(cur, path);
    }

    private static String text(Object v, String path) {
        if (v instanceof Integer i) {
            return Integer.toUnsignedString(i);
        } else if (v instanceof Long || v instanceof Boolean || v instanceof String) {
            return String.valueOf(v);
        } else if (v instanceof Bytes b) {
            return b.toHex();
        } else if (v instanceof InetAddress a) {
            return WireTestSupport.hex(a.getAddress());
        }
        return fail(path + " ends at a " + (v == null ? "null" : v.getClass().getSimpleName()) + ", not a value");
    }

    static String resource(String name) {
        return new String(resourceBytes(name), StandardCharsets.UTF_8);
    }

    static byte[] resourceBytes(String name) {
        try (InputStream in = GoldenPacketTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new AssertionError("test resource " + name + " is missing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
