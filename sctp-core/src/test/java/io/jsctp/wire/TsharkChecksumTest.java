package io.jsctp.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tshark, an SCTP decoder that is not ours, checks the CRC32c of packets written by our encoder.
 *
 * <p>tshark only verifies SCTP checksums when told to with {@code -o sctp.checksum:"CRC 32c"}; a
 * misspelt preference name or value is ignored without a word, and then every status reads 2 (not
 * verified). So the test requires status 1 (good) on every frame of ours and, as a control, status
 * 0 (bad) on one frame whose checksum was damaged on purpose: only a tshark that really computes
 * CRC32c passes both.
 *
 * <p>Skipped, with a reason in the report, where tshark is not installed.
 */
class TsharkChecksumTest {

    @Test
    void tsharkFindsOurChecksumsGood(@TempDir Path dir) throws Exception {
        String tshark = findOnPath("tshark");
        assumeTrue(tshark != null, "tshark is not installed (Debian package tshark): the check of our CRC32c "
                + "by an independent decoder did not run");

        List<byte[]> ours = new ArrayList<>();
        // The golden packets, decoded and encoded again by us...
        for (GoldenPacketTest.Golden g : GoldenPacketTest.golden()) {
            ours.add(PacketEncoder.encode(PacketDecoder.decode(g.wire())));
        }
        // ...and packets of every kind built from records, as the engine will build them.
        new CodecPropertyTest().packets().sampleStream().limit(200).forEach(p -> ours.add(PacketEncoder.encode(p)));
        byte[] control = PacketEncoder.encode(SctpPacket.of(5000, 6000, 7, new CookieAckChunk()));
        control[8] ^= 0x01;
        List<byte[]> frames = new ArrayList<>(ours);
        frames.add(control);

        Path pcap = dir.resolve("ours.pcap");
        Files.write(pcap, TestPcap.write(frames));
        List<String> lines = run(dir, tshark, "-n", "-r", pcap.toString(), "-o", "sctp.checksum:CRC 32c",
                "-T", "fields", "-e", "frame.number", "-e", "sctp.checksum.status");

        assertEquals(frames.size(), lines.size(), () -> "one line per frame from tshark: " + lines);
        for (int i = 0; i < lines.size(); i++) {
            String[] cols = lines.get(i).split("\t", -1);
            String status = cols.length > 1 ? cols[1] : "";
            boolean isControl = i == frames.size() - 1;
            String expected = isControl ? "0" : "1";
            int frame = i + 1;
            assertEquals(expected, status, () -> "frame " + frame + ": tshark checksum status " + status
                    + (status.equals("2") ? " means tshark did not verify it: the sctp.checksum preference was not applied"
                            : isControl ? " for a damaged checksum" : " for our packet "
                                    + WireTestSupport.hex(frames.get(frame - 1))));
        }
    }

    /** Runs tshark with its output in a file, so that a tshark that never ends cannot hang the test. */
    private static List<String> run(Path dir, String... command) throws IOException, InterruptedException {
        Path out = dir.resolve("tshark.out");
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectOutput(out.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("tshark did not finish within 120 s");
        }
        assertEquals(0, p.exitValue(), "tshark exit status");
        List<String> lines = new ArrayList<>();
        for (String l : Files.readString(out, StandardCharsets.UTF_8).split("\n")) {
            if (!l.isEmpty()) {
                lines.add(l);
            }
        }
        return lines;
    }

    static String findOnPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String d : path.split(File.pathSeparator)) {
            File f = new File(d, program);
            if (f.isFile() && f.canExecute()) {
                return f.getPath();
            }
        }
        return null;
    }
}
