package io.jsctp.it.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jsctp.it.docker.PcapFile.Ipv4;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.Network;
import org.testcontainers.lifecycle.Startables;

/**
 * Proves the container plumbing that jsctp's container tests stand on, before any of them needs
 * it: containers from {@code jsctp:latest} get exactly the capabilities asked for, the image holds
 * a working JRE 17, the launcher and the network tools, a raw proto-132 socket opens with NET_RAW
 * and is refused without it, an SCTP packet crosses a user-defined Docker network between two
 * containers intact (CRC32c checked on both ends), and a capture of it can be copied out.
 *
 * <p>The raw-socket checks use a Perl probe (src/test/resources), not the jsctp jar, so that a
 * failure here points at Docker, the image or the capabilities, never at the stack.
 */
@DockerTest
class DockerPlumbingTest {

    private static final int SCTP = 132;
    private static final int PORT = 5000;
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static Network network;
    private static JsctpContainer client;
    private static JsctpContainer peer;

    @BeforeAll
    static void startTwoLeastPrivilegedContainers() {
        DockerSupport.requireReady();
        network = DockerSupport.newNetwork("plumbing");
        client = DockerSupport.jsctp().onNetwork(network, "client").idle().withRawSctpProbe();
        peer = DockerSupport.jsctp().onNetwork(network, "peer").idle().withRawSctpProbe();
        Startables.deepStart(client, peer).join();
    }

    @AfterAll
    static void removeContainersThenNetwork() {
        DockerSupport.closeAll(client, peer, network);
    }

    @Test
    void containersGetNetRawAndNothingElse() {
        // The kernel's own account of the first process's capabilities, not Docker's config.
        assertEquals(hex(JsctpContainer.CAP_NET_RAW), hex(client.effectiveCapabilities()));
        assertEquals(hex(JsctpContainer.CAP_NET_RAW), hex(peer.effectiveCapabilities()));
        // The bounding set too: nothing beyond NET_RAW can be gained later (e.g. by setuid).
        String status = client.execOk("cat", "/proc/self/status");
        assertTrue(
                status.contains("CapBnd:\t" + String.format("%016x", JsctpContainer.CAP_NET_RAW)),
                status);
    }

    @Test
    void imageHoldsJre17TheLauncherAndTheNetworkTools() {
        ExecResult java = client.exec("java", "-version");
        assertEquals(0, java.getExitCode(), java.toString());
        assertTrue(java.getStderr().contains("version \"17"), java.getStderr());

        client.execOk("ip", "-V");
        client.execOk("nft", "--version");
        client.execOk("tcpdump", "--version");
        client.execOk("pgrep", "-V");

        // The launcher passes the native-access option only because this JRE accepts it.
        assertEquals(
                "--enable-native-access=ALL-UNNAMED",
                client.execOk("cat", "/opt/jsctp/jvm.options").trim());
        assertEquals("/usr/local/bin/jsctp\n", client.execOk("sh", "-c", "command -v jsctp"));
    }

    @Test
    void entrypointRunsTheJarWithTheGivenArguments() {
        // The real ENTRYPOINT path, the way jsctp tests will start `jsctp listen ...`; the JVM
        // prints the command it was started with, which shows the jar and the arguments.
        try (JsctpContainer once =
                DockerSupport.jsctp()
                        .withEnv("JSCTP_JAVA_OPTS", "-XshowSettings:properties")
                        .runningJsctp("--help")
                        .runsToCompletion(Duration.ofSeconds(60))) {
            once.start();
            assertEquals(0, once.exitCode());
            String logs = once.getLogs();
            assertTrue(logs.contains("sun.java.command = /opt/jsctp/jsctp.jar --help"), logs);
            assertTrue(logs.contains("java.specification.version = 17"), logs);
            assertTrue(logs.contains("jsctp"), logs);
        }
    }

    @Test
    void sctpPacketCrossesTheNetworkIntactAndIsCaptured() throws IOException {
        String marker = "jsctp-plumbing-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        String recvLog = JsctpContainer.CAPTURES + "/recv.out";

        JsctpContainer.Capture capture = peer.startCapture("eth0", "ip proto 132", "plumbing");
        peer.startInBackground("root", recvLog, "rawsctp", "recv", String.valueOf(PORT), "30");
        peer.awaitFileContains(recvLog, "ready", WAIT);

        String sent = client.execOk("rawsctp", "send", "peer", String.valueOf(PORT), marker);
        assertTrue(sent.contains("to " + peer.ipv4On(network)), "resolved 'peer' wrongly: " + sent);

        // The receiving raw socket got it from the client's address, checksum intact.
        String received = peer.awaitFileContains(recvLog, "received", WAIT);
        assertTrue(received.contains("src=" + client.ipv4On(network) + " "), received);
        assertTrue(received.contains("crc32c=ok"), received);
        assertTrue(received.contains("data=" + marker), received);

        // And the capture, copied out of the container, holds exactly that packet; its CRC32c is
        // checked again here with the JDK's implementation, independent of the probe's.
        capture.awaitPackets(1, WAIT);
        Path pcap = capture.stopAndCopyTo(DockerSupport.artifactDir(getClass()));
        PcapFile file = PcapFile.read(pcap);
        assertEquals(PcapFile.LINKTYPE_ETHERNET, file.linkType());
        List<Ipv4> sctp =
                file.ipv4(SCTP).stream()
                        .filter(d -> contains(d.payload(), marker.getBytes(StandardCharsets.US_ASCII)))
                        .toList();
        assertEquals(1, sctp.size(), "packets with the marker in " + pcap + "; tcpdump: " + capture.log());
        Ipv4 packet = sctp.get(0);
        assertEquals(client.ipv4On(network), packet.source());
        assertEquals(peer.ipv4On(network), packet.destination());
        assertEquals(PORT, ByteBuffer.wrap(packet.payload()).getShort(2) & 0xFFFF);
        assertEquals(storedChecksum(packet.payload()), crc32c(packet.payload()), "CRC32c on the wire");
    }

    @Test
    void withoutNetRawThereIsNoRawSocketAndNoCapture() {
        // Control: the same probe succeeds in a container that has NET_RAW.
        assertEquals("raw socket ok\n", client.execOk("rawsctp", "open"));

        try (JsctpContainer bare =
                DockerSupport.jsctp().withoutNetRaw().onNetwork(network).idle().withRawSctpProbe()) {
            bare.start();
            assertEquals(0L, bare.effectiveCapabilities());

            ExecResult open = bare.exec("rawsctp", "open");
            assertEquals(2, open.getExitCode(), open.toString());
            assertTrue(open.getStdout().contains("EPERM"), open.getStdout());

            // The file capability on tcpdump is bounded by the container: no NET_RAW, no capture.
            ExecResult tcpdump = bare.execAs("tcpdump", "tcpdump", "-i", "eth0", "-c", "1", "-w", "-");
            assertNotEquals(0, tcpdump.getExitCode(), tcpdump.toString());

            // A JVM needs no capability at all: jsctp can at least start and say what is wrong.
            assertEquals(0, bare.exec("java", "-version").getExitCode());
        }
    }

    @Test
    void netAdminIsGrantedOnlyWhenAsked() {
        ExecResult denied = client.exec("nft", "add", "table", "inet", "jsctp_probe");
        assertNotEquals(0, denied.getExitCode(), denied.toString());
        assertTrue(denied.getStderr().contains("Operation not permitted"), denied.getStderr());

        try (JsctpContainer admin = DockerSupport.jsctp().withNetAdmin().onNetwork(network).idle()) {
            admin.start();
            assertEquals(
                    hex(JsctpContainer.CAP_NET_RAW | JsctpContainer.CAP_NET_ADMIN),
                    hex(admin.effectiveCapabilities()));
            admin.execOk("nft", "add", "table", "inet", "jsctp_probe");
            assertTrue(admin.execOk("nft", "list", "tables").contains("table inet jsctp_probe"));
        }
    }

    @Test
    void aContainerOnTwoNetworksHasBothAddressesWhenItsCommandStarts() {
        Network second = DockerSupport.newDualStackNetwork("plumbing-second");
        JsctpContainer multi =
                DockerSupport.jsctp()
                        .onNetwork(network, "multi")
                        .onNetwork(second, "multi-second")
                        // What the command sees at its first instruction, which is when a
                        // multi-homed jsctp endpoint collects its local addresses.
                        .runningShell("ip -o addr show scope global > /captures/at-start.txt; exec sleep infinity");
        try (second; multi) {
            multi.start();
            String atStart = multi.execOk("cat", "/captures/at-start.txt");
            assertTrue(atStart.contains(" inet " + multi.ipv4On(network) + "/"), atStart);
            assertTrue(atStart.contains(" inet " + multi.ipv4On(second) + "/"), atStart);
            assertTrue(atStart.contains(" inet6 " + multi.ipv6On(second) + "/"), atStart);

            // The alias on the second network resolves for the container itself.
            String hosts = multi.execOk("getent", "hosts", "multi-second");
            assertTrue(hosts.startsWith(multi.ipv4On(second) + " ") || hosts.contains(multi.ipv6On(second)), hosts);
        }
    }

    // --- helpers ---------------------------------------------------------------------------

    private static String hex(long capabilities) {
        return String.format("0x%016x", capabilities);
    }

    /** The checksum field of an SCTP common header, which goes on the wire little-endian. */
    private static long storedChecksum(byte[] sctp) {
        return ByteBuffer.wrap(sctp, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
    }

    /** CRC32c over the packet with its checksum field zeroed (RFC 9260 §6.8). */
    private static long crc32c(byte[] sctp) {
        byte[] zeroed = sctp.clone();
        for (int i = 8; i < 12; i++) {
            zeroed[i] = 0;
        }
        CRC32C crc = new CRC32C();
        crc.update(zeroed);
        return crc.getValue();
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
