package io.jsctp.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reads the captures under {@code src/test/resources/captures}, made by scapy, editcap, text2pcap
 * and a hand layout of pcapng (see make-captures.sh there), and checks every frame against
 * {@code expected.tsv}, which tshark confirmed when the files were made.
 */
class CaptureReaderCapturesTest {

    /** One line of expected.tsv. */
    record Expected(String file, long frame, String time, int linkType, String iface, Direction direction,
            long originalLength, int capturedLength, List<String> comments, String kind, String source,
            String destination, String protocol, boolean sctp, String payloadHex, boolean payloadCut) {

        static Expected parse(String line) {
            String[] c = line.split("\t", -1);
            List<String> comments = c[8].equals("-") ? List.of()
                    : List.of(c[8].replace("\\n", "\n").split("\\|"));
            return new Expected(c[0], Long.parseLong(c[1]), c[2], Integer.parseInt(c[3]), c[4],
                    Direction.valueOf(c[5]), Long.parseLong(c[6]), Integer.parseInt(c[7]), comments, c[9], c[10],
                    c[11], c[12], c[13].equals("1"), c[14], c[15].equals("1"));
        }
    }

    static Path capturesDirectory() throws URISyntaxException {
        return Path.of(CaptureReaderCapturesTest.class.getResource("/captures/expected.tsv").toURI()).getParent();
    }

    static Map<String, List<Expected>> expectations() throws IOException, URISyntaxException {
        Map<String, List<Expected>> byFile = new LinkedHashMap<>();
        for (String line : Files.readAllLines(capturesDirectory().resolve("expected.tsv"))) {
            if (!line.startsWith("#") && !line.isBlank()) {
                Expected e = Expected.parse(line);
                byFile.computeIfAbsent(e.file(), f -> new ArrayList<>()).add(e);
            }
        }
        return byFile;
    }

    static Stream<String> captureFiles() throws IOException, URISyntaxException {
        return expectations().keySet().stream();
    }

    @Test
    void theTestDataCoversWhatTheReaderMustUnderstand() throws Exception {
        Map<String, List<Expected>> all = expectations();
        assertTrue(all.size() >= 19, "capture files listed: " + all.keySet());
        List<Integer> linkTypes = all.values().stream().flatMap(List::stream).map(Expected::linkType).distinct().toList();
        for (int required : new int[] {LinkType.NULL, LinkType.ETHERNET, LinkType.RAW, LinkType.LOOP, LinkType.LINUX_SLL,
                LinkType.IPV4, LinkType.IPV6, LinkType.LINUX_SLL2}) {
            assertTrue(linkTypes.contains(required), "no capture with link type " + required);
        }
    }

    @ParameterizedTest
    @MethodSource("captureFiles")
    void readsEveryFrameAsExpected(String file) throws Exception {
        List<Expected> expected = expectations().get(file);
        Path path = capturesDirectory().resolve(file);
        List<Frame> frames = CaptureReader.readAll(path);
        assertEquals(expected.size(), frames.size(), file + ": number of frames");
        for (int i = 0; i < frames.size(); i++) {
            check(expected.get(i), frames.get(i));
        }
        try (CaptureReader reader = CaptureReader.open(path)) {
            assertEquals(file.contains(".pcapng") ? CaptureFormat.PCAPNG : CaptureFormat.PCAP, reader.format());
            assertEquals(file.endsWith(".gz"), reader.isCompressed());
        }
    }

    @Test
    void readsFromACallersStreamAndLeavesItOpen() throws Exception {
        Path path = capturesDirectory().resolve("eth-ipv4.pcap");
        try (InputStream in = Files.newInputStream(path)) {
            CaptureReader reader = CaptureReader.open(in);
            int count = 0;
            while (reader.next().isPresent()) {
                count++;
            }
            assertEquals(Optional.empty(), reader.next(), "stays at the end");
            reader.close();
            assertEquals(-1, in.read(), "the stream is still usable after the reader closed");
            assertEquals(7, count);
        }
    }

    @Test
    void pointsFramesAtTheirBytesInTheFile() throws Exception {
        Path path = capturesDirectory().resolve("handmade-sections.pcapng");
        byte[] file = Files.readAllBytes(path);
        for (Frame f : CaptureReader.readAll(path)) {
            byte[] atOffset = java.util.Arrays.copyOfRange(file, (int) f.dataOffset(), (int) f.dataOffset() + f.data().length);
            assertArrayEquals(f.data(), atOffset, "frame " + f.number());
        }
        List<Frame> frames = CaptureReader.readAll(path);
        assertEquals(0, frames.get(0).captureInterface().section());
        assertEquals(1, frames.get(6).captureInterface().section());
        assertEquals(0, frames.get(6).captureInterface().index(), "interface numbers restart in a new section");
        assertEquals(64, frames.get(3).captureInterface().snapLength());
        assertFalse(frames.get(1).hasTimestamp(), "a Simple Packet Block has no time");
    }

    private static void check(Expected e, Frame f) throws Exception {
        String where = e.file() + " frame " + e.frame();
        assertEquals(e.frame(), f.number(), where);
        if (e.time().equals("-")) {
            assertEquals(Frame.NO_TIMESTAMP, f.timestampNanos(), where);
        } else {
            assertEquals(Long.parseLong(e.time()), f.timestampNanos(), where + " time");
        }
        assertEquals(e.linkType(), f.linkType(), where + " link type");
        assertEquals(e.iface().equals("-") ? "" : e.iface(), f.captureInterface().name(), where + " interface");
        assertEquals(e.direction(), f.direction(), where + " direction");
        assertEquals(e.originalLength(), f.originalLength(), where + " original length");
        assertEquals(e.capturedLength(), f.data().length, where + " captured length");
        assertEquals(e.comments(), f.comments(), where + " comments");
        if (e.kind().equals("none")) {
            assertEquals(Optional.empty(), f.ipPacket(), where);
        } else if (e.kind().startsWith("error:")) {
            CaptureFormatException x = assertThrows(CaptureFormatException.class, f::ipPacket, where);
            assertEquals(CaptureFormatException.Reason.valueOf(e.kind().substring(6)), x.reason(), where);
            assertEquals(f.number(), x.frameNumber());
        } else {
            IpPacket p = f.ipPacket().orElseThrow(() -> new AssertionError(where + ": no IP packet found"));
            assertEquals(InetAddress.getByName(e.source()), p.source(), where + " source");
            assertEquals(InetAddress.getByName(e.destination()), p.destination(), where + " destination");
            assertEquals(Integer.parseInt(e.protocol()), p.protocol(), where + " protocol");
            assertEquals(e.sctp(), p.isSctp(), where + " isSctp");
            assertEquals(e.payloadCut(), p.payloadCutShort(), where + " payload cut");
            byte[] payload = HexFormat.of().parseHex(e.payloadHex());
            if (e.payloadCut()) {
                payload = java.util.Arrays.copyOf(payload, p.payload().length);
                assertTrue(p.payload().length < p.header().payloadLength(), where);
            }
            assertArrayEquals(payload, p.payload(), where + " payload");
        }
    }
}
