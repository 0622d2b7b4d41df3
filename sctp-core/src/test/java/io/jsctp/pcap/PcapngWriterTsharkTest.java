package io.jsctp.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jsctp.wire.ip.IpProtocols;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written by {@link PcapngWriter} as Wireshark reads them: an independent check of the
 * format, the IP headers the writer builds, and the metadata (interfaces, times, directions,
 * comments). Skipped, with the reason shown, where tshark is not installed.
 */
class PcapngWriterTsharkTest {

    private static final Path TSHARK = Path.of("/usr/bin/tshark");

    @TempDir
    Path dir;

    @Test
    void tsharkReadsWhatTheWriterWrote() throws Exception {
        assumeTrue(Files.isExecutable(TSHARK),
                "tshark is not installed at " + TSHARK + " (Debian package tshark); cannot cross-check the pcapng writer");
        InetAddress a4 = InetAddress.getByName("10.0.0.1");
        InetAddress b4 = InetAddress.getByName("10.0.0.2");
        InetAddress a6 = InetAddress.getByName("2001:db8::1");
        InetAddress b6 = InetAddress.getByName("2001:db8::2");
        Path file = dir.resolve("writer.pcapng");
        try (OutputStream out = Files.newOutputStream(file); PcapngWriter w = new PcapngWriter(out, "tshark cross-check")) {
            int v4 = w.addInterface("10.0.0.1", "host A IPv4");
            w.writeIpPacket(v4, 1_700_000_000_000_000_001L, Direction.OUTBOUND, a4, b4, IpProtocols.SCTP,
                    ByteBuffer.wrap(SctpBytes.init(5000, 6000, 0x11111111L)), "INIT to B");
            int v6 = w.addInterface("2001:db8::1", null);
            w.writeIpPacket(v6, 1_700_000_001_500_000_000L, Direction.INBOUND, b6, a6, IpProtocols.SCTP,
                    ByteBuffer.wrap(SctpBytes.data(6000, 5000, 0x22222222L, 9, "hi".getBytes())), null);
            w.writeIpPacket(v4, 1_700_000_002_000_000_000L, Direction.UNKNOWN, b4, a4, IpProtocols.SCTP,
                    ByteBuffer.wrap(SctpBytes.data(6000, 5000, 0x33333333L, 10, "third".getBytes())), "a\nb");
        }

        List<String[]> rows = tshark(file, "frame.number", "frame.time_epoch", "frame.interface_name",
                "frame.interface_description", "frame.packet_flags_direction", "frame.comment", "ip.src", "ip.dst",
                "ipv6.src", "ipv6.dst", "ip.checksum.status", "ip.flags.df", "ip.ttl", "ipv6.hlim", "sctp.srcport",
                "sctp.dstport", "sctp.verification_tag", "sctp.checksum.status");
        assertEquals(3, rows.size(), "frames tshark saw");

        String[] r1 = rows.get(0);
        assertEquals("1", r1[0]);
        assertEquals("1700000000.000000001", r1[1]);
        assertEquals("10.0.0.1", r1[2]);
        assertEquals("host A IPv4", r1[3]);
        assertEquals("0x00000002", r1[4], "outbound");
        assertEquals("INIT to B", r1[5]);
        assertEquals("10.0.0.1", r1[6]);
        assertEquals("10.0.0.2", r1[7]);
        assertEquals("1", r1[10], "IPv4 header checksum good (status 1)");
        assertTrue(r1[11].equals("1") || r1[11].equals("True"), "DF: " + r1[11]);
        assertEquals("64", r1[12]);
        assertEquals("5000", r1[14]);
        assertEquals("6000", r1[15]);
        assertEquals("0x00000000", r1[16]);
        assertEquals("1", r1[17], "SCTP CRC32c good (status 1), so the payload arrived intact");

        String[] r2 = rows.get(1);
        assertEquals("1700000001.500000000", r2[1]);
        assertEquals("2001:db8::1", r2[2]);
        assertEquals("0x00000001", r2[4], "inbound");
        assertEquals("2001:db8::2", r2[8]);
        assertEquals("2001:db8::1", r2[9]);
        assertEquals("64", r2[13]);
        assertEquals("0x22222222", r2[16]);
        assertEquals("1", r2[17]);

        String[] r3 = rows.get(2);
        assertEquals("10.0.0.1", r3[2], "back on the first interface");
        assertEquals("", r3[4], "no direction flag written for UNKNOWN");
        assertEquals("a\\nb", r3[5]);
        assertEquals("1", r3[17]);
    }

    /** Runs tshark on {@code file} and returns one array of the requested fields per frame. */
    private static List<String[]> tshark(Path file, String... fields) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(TSHARK.toString(), "-n", "-r", file.toString(),
                // Without these two tshark does not verify checksums; a misspelt value would be ignored
                // silently, which the status assertions (1 = good, 2 = unverified) would catch.
                "-o", "sctp.checksum:CRC 32c", "-o", "ip.check_checksum:TRUE",
                "-T", "fields", "-E", "separator=/t", "-E", "occurrence=f"));
        for (String f : fields) {
            command.add("-e");
            command.add(f);
        }
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "tshark finished");
        assertEquals(0, p.exitValue(), "tshark exit status; output: " + out);
        List<String[]> rows = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isEmpty()) {
                rows.add(line.split("\t", -1));
            }
        }
        return rows;
    }
}
