package io.jsctp.wire;

import static io.jsctp.wire.WireTestSupport.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jsctp.wire.PacketPrinter.ChecksumStatus;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a person reads: {@link PacketPrinter} on a four-way handshake and on SACKs with gaps. */
class PacketPrinterTest {

    private static void assertContains(String text, String... parts) {
        for (String part : parts) {
            assertTrue(text.contains(part), () -> "expected \"" + part + "\" in:\n" + text);
        }
    }

    @Test
    void handshake() throws Exception {
        InitChunk initChunk = new InitChunk(0x0A0B0C0D, 65536, 10, 5, 1,
                List.of(new Ipv4AddressParameter((java.net.Inet4Address) InetAddress.getByName("192.0.2.1")),
                        SupportedAddressTypesParameter.of(5, 6), new OpaqueParameter(0xC000, Bytes.EMPTY)));
        SctpPacket init = SctpPacket.of(5000, 6000, 0, initChunk);
        String d = PacketPrinter.describe(init, ChecksumStatus.VALID, 0x1234ABCD);
        assertContains(d, "SCTP 5000 > 6000  vtag 0x00000000  checksum 0x1234abcd (valid)", init.encodedLength() + " bytes, 1 chunk\n",
                "  INIT  flags 0x00  length " + initChunk.length(),
                "initiate tag 0x0a0b0c0d, a_rwnd 65536, outbound streams 10, inbound streams 5, initial TSN 1",
                "IPv4 Address 192.0.2.1", "Supported Address Types [IPv4 Address, IPv6 Address]",
                "Forward-TSN-Supported (RFC 3758) 0 bytes, if unrecognized: skip and report");
        assertEquals("INIT itag=0x0a0b0c0d a_rwnd=65536 os=10 mis=5 itsn=1 addrs=192.0.2.1", PacketPrinter.summarize(init));

        SctpPacket initAck = SctpPacket.of(6000, 5000, 0x0A0B0C0D, new InitAckChunk(0x11223344, 4096, 5, 10, 0xFFFFFFFF,
                List.of(new StateCookieParameter(bytes("c0c0c0")))));
        assertContains(PacketPrinter.describe(initAck, ChecksumStatus.NOT_CHECKED, 0),
                "vtag 0x0a0b0c0d", "(not checked)", "INIT ACK", "initial TSN 4294967295", "State Cookie 3 bytes");
        assertEquals("INIT_ACK itag=0x11223344 a_rwnd=4096 os=5 mis=10 itsn=4294967295", PacketPrinter.summarize(initAck));

        SctpPacket echo = SctpPacket.of(5000, 6000, 0x11223344, new CookieEchoChunk(bytes("c0c0c0")),
                DataChunk.whole(1, 0, 0, 51, bytes("68656c6c6f")));
        String e = PacketPrinter.describe(echo, ChecksumStatus.INVALID, 0);
        assertContains(e, "(INVALID)", "2 chunks\n", "cookie 3 bytes: c0c0c0",
                "TSN 1, stream 0, SSN 0, PPID 51, whole message, ordered",
                "5 bytes of user data: 68656c6c6f  \"hello\"");
        assertEquals("COOKIE_ECHO cookie=3B | DATA tsn=1 sid=0 ssn=0 ppid=51 len=5 BE", PacketPrinter.summarize(echo));

        SctpPacket ack = SctpPacket.of(6000, 5000, 0x0A0B0C0D, new CookieAckChunk(),
                new SackChunk(1, 4096, List.of(), List.of()));
        assertEquals("COOKIE_ACK | SACK cum=1 a_rwnd=4096", PacketPrinter.summarize(ack));
    }

    @Test
    void sackWithGapsAndDuplicates() {
        SctpPacket p = SctpPacket.of(1, 2, 3, new SackChunk(100, 8192,
                List.of(new SackChunk.GapAckBlock(2, 3), new SackChunk.GapAckBlock(5, 7)), List.of(99, 102)));
        assertEquals("SACK cum=100 a_rwnd=8192 gaps=2-3,5-7 dups=2", PacketPrinter.summarize(p));
        String d = PacketPrinter.describe(p, ChecksumStatus.VALID, 0);
        assertContains(d, "cumulative TSN ack 100, a_rwnd 8192", "gap ack block 2-3 (TSN 102-103)",
                "gap ack block 5-7 (TSN 105-107)", "duplicate TSN 99", "duplicate TSN 102");
    }

    /** Gap blocks are offsets from the cumulative TSN ack, so they wrap with the TSN (RFC 9260 §1.6). */
    @Test
    void sackGapsAcrossTheTsnWrap() {
        SctpPacket p = SctpPacket.of(1, 2, 3, new SackChunk(0xFFFFFFFE, 1,
                List.of(new SackChunk.GapAckBlock(2, 4)), List.of(0xFFFFFFFF)));
        assertContains(PacketPrinter.describe(p, ChecksumStatus.VALID, 0), "cumulative TSN ack 4294967294",
                "gap ack block 2-4 (TSN 0-2)", "duplicate TSN 4294967295");
    }

    @Test
    void otherChunks() {
        SctpPacket p = SctpPacket.of(1, 2, 3,
                new AbortChunk(true, List.of(UserInitiatedAbortCause.of("bye"), new StaleCookieCause(500))),
                new OpaqueChunk(0xC0, 0, bytes("00000001")),
                DataChunk.of(7, 1, 2, 3, Bytes.EMPTY, true, false, true, true),
                new ShutdownCompleteChunk(true), new HeartbeatChunk(bytes("0102")));
        assertEquals("ABORT T [User-Initiated Abort: \"bye\"] [Stale Cookie Error: 500 us too late] | FORWARD_TSN len=4"
                + " | DATA tsn=7 sid=1 ssn=2 ppid=3 len=0 IUE | SHUTDOWN_COMPLETE T | HEARTBEAT info=2B",
                PacketPrinter.summarize(p));
        String d = PacketPrinter.describe(p, ChecksumStatus.VALID, 0);
        assertContains(d, "T bit set: tag reflected", "cause: User-Initiated Abort: \"bye\"",
                "FORWARD TSN  flags 0x00  length 8", "defined by RFC 3758, not processed by jsctp; if unrecognized: skip and report",
                "last fragment, unordered, SACK immediately", "0 bytes of user data: (none)", "Heartbeat Info 2 bytes: 0102");
        String unknown = PacketPrinter.describe(SctpPacket.of(1, 2, 3, new OpaqueChunk(0x3F, 0x80, Bytes.EMPTY)),
                ChecksumStatus.VALID, 0);
        assertContains(unknown, "chunk type 0x3f  flags 0x80", "unknown type; if unrecognized: stop processing");
    }

    /** Causes and parameters that wrap nothing say so instead of printing a made-up type number. */
    @Test
    void emptyReportsAreNamedAsSuch() {
        String cause = PacketPrinter.describe(new UnrecognizedChunkTypeCause(Bytes.EMPTY));
        assertFalse(cause.contains("0xffffffff"), cause);
        assertContains(cause, "Unrecognized Chunk Type");
        assertEquals("Unrecognized Chunk Type: SACK", PacketPrinter.describe(new UnrecognizedChunkTypeCause(bytes("03000004"))));
        String param = PacketPrinter.describe(new UnrecognizedParameter(bytes("c0")));
        assertFalse(param.contains("0xffffffff"), param);
        assertEquals("Unrecognized Parameter (Forward-TSN-Supported)",
                PacketPrinter.describe(new UnrecognizedParameter(bytes("c0000004"))));
    }
}
