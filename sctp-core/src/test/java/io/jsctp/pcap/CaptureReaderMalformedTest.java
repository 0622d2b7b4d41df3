package io.jsctp.pcap;

import static io.jsctp.pcap.CaptureFormatException.Reason.BAD_BLOCK_LENGTH;
import static io.jsctp.pcap.CaptureFormatException.Reason.BAD_BYTE_ORDER_MAGIC;
import static io.jsctp.pcap.CaptureFormatException.Reason.BAD_FILE_HEADER;
import static io.jsctp.pcap.CaptureFormatException.Reason.BAD_OPTION;
import static io.jsctp.pcap.CaptureFormatException.Reason.BLOCK_LENGTH_MISMATCH;
import static io.jsctp.pcap.CaptureFormatException.Reason.CAPTURED_LENGTH_BEYOND_BLOCK;
import static io.jsctp.pcap.CaptureFormatException.Reason.COMPRESSION_ERROR;
import static io.jsctp.pcap.CaptureFormatException.Reason.EMPTY_FILE;
import static io.jsctp.pcap.CaptureFormatException.Reason.IP_VERSION_MISMATCH;
import static io.jsctp.pcap.CaptureFormatException.Reason.LINK_HEADER_TRUNCATED;
import static io.jsctp.pcap.CaptureFormatException.Reason.MALFORMED_IP_PACKET;
import static io.jsctp.pcap.CaptureFormatException.Reason.PACKET_TOO_LARGE;
import static io.jsctp.pcap.CaptureFormatException.Reason.TIMESTAMP_OUT_OF_RANGE;
import static io.jsctp.pcap.CaptureFormatException.Reason.TRUNCATED_BLOCK;
import static io.jsctp.pcap.CaptureFormatException.Reason.TRUNCATED_FILE_HEADER;
import static io.jsctp.pcap.CaptureFormatException.Reason.TRUNCATED_RECORD;
import static io.jsctp.pcap.CaptureFormatException.Reason.UNKNOWN_FORMAT;
import static io.jsctp.pcap.CaptureFormatException.Reason.UNKNOWN_INTERFACE;
import static io.jsctp.pcap.CaptureFormatException.Reason.UNSUPPORTED_LINK_TYPE;
import static io.jsctp.pcap.CaptureFormatException.Reason.UNSUPPORTED_VERSION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jsctp.wire.ip.IpFormatException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** Each way a capture file or frame can be wrong gives its own reason and the right file offset. */
class CaptureReaderMalformedTest {

    /** An IPv4 SCTP INIT, as scapy built it for the committed captures. */
    static final byte[] IPV4_INIT = HexFormat.of().parseHex("450000340000400040842644" + "0a0000010a000002"
            + "13881770000000006028e10a010000141111111100010000000a000a000003e8");
    static final int PCAP_MICROS = 0xA1B2C3D4;
    // SHB without options: 28 bytes; IDB without options: 20 bytes; so the first packet block is at 48.
    static final int FIRST_BLOCK = 48;

    // ---------------------------------------------------------------- not a capture at all

    @Test
    void emptyAndForeignFiles() {
        assertOpenFails(EMPTY_FILE, 0, new byte[0]);
        assertOpenFails(UNKNOWN_FORMAT, 0, "GIF89a, not a capture".getBytes());
        assertOpenFails(UNKNOWN_FORMAT, 0, new byte[] {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2});
        CaptureFormatException modified = assertOpenFails(UNKNOWN_FORMAT, 0,
                CaptureBytes.littleEndian().pcapHeader(0xA1B2CD34, 2, 4, 65535, 1).toArray());
        assertTrue(modified.getMessage().contains("editcap"), modified.getMessage());
    }

    // ---------------------------------------------------------------- classic pcap

    @Test
    void pcapFileHeaderDefects() {
        byte[] header = CaptureBytes.littleEndian().pcapHeader(PCAP_MICROS, 2, 4, 65535, 101).toArray();
        assertOpenFails(TRUNCATED_FILE_HEADER, 10, Arrays.copyOf(header, 10));
        assertOpenFails(UNSUPPORTED_VERSION, 4, CaptureBytes.littleEndian().pcapHeader(PCAP_MICROS, 1, 0, 65535, 101).toArray());
        assertOpenFails(BAD_FILE_HEADER, 20,
                CaptureBytes.littleEndian().pcapHeader(PCAP_MICROS, 2, 4, 65535, 0x0001_0065L).toArray());
    }

    @Test
    void pcapFcsBitsInTheLinkTypeFieldAreAllowed() throws Exception {
        // draft-ietf-opsawg-pcap §4: P bit (26) set and an FCS length of 2 words in bits 28-31.
        byte[] file = CaptureBytes.littleEndian().pcapHeader(PCAP_MICROS, 2, 4, 65535, 0x2400_0000L | 101)
                .pcapRecord(1, 2, IPV4_INIT, IPV4_INIT.length).toArray();
        Frame f = readAll(file).get(0);
        assertEquals(LinkType.RAW, f.linkType());
        assertEquals(1_000_002_000L, f.timestampNanos());
    }

    @Test
    void aPcapCutShortInItsLastPacketIsReportedAfterTheCompleteOnes() throws Exception {
        byte[] whole = CaptureBytes.littleEndian().pcapHeader(PCAP_MICROS, 2, 4, 65535, 101)
                .pcapRecord(1, 0, IPV4_INIT, IPV4_INIT.length).pcapRecord(2, 0, IPV4_INIT, IPV4_INIT.length).toArray();
        byte[] cut = Arrays.copyOf(whole, whole.length - 5);
        try (CaptureReader reader = CaptureReader.open(new ByteArrayInputStream(cut))) {
            assertEquals(1, reader.next().orElseThrow().number());
            CaptureFormatException e = assertThrows(CaptureFormatException.class, reader::next);
            assertEquals(TRUNCATED_RECORD, e.reason());
            assertEquals(24 + 16 + IPV4_INIT.length, e.offset(), "the start of the cut record");
            assertEquals(2, e.frameNumber());
            assertTrue(e.getMessage().contains("cut short") && e.getMessage().contains("52"), e.getMessage());
            assertSame(e, assertThrows(CaptureFormatException.class, reader::next), "the reader stays at the error");
        }
        byte[] inHeader = Arrays.copyOf(whole, 24 + 16 + IPV4_INIT.length + 7);
        assertNextFails(TRUNCATED_RECORD, 24 + 16 + IPV4_INIT.length, inHeader, 1);
    }

    @Test
    void aPcapRecordClaimingAHugeLengthIsNotAllocated() {
        byte[] file = CaptureBytes.littleEndian().pcapHeader(PCAP_MICROS, 2, 4, 65535, 101).toArray();
        byte[] record = CaptureBytes.littleEndian().buffer(16).putInt(1).putInt(0).putInt(0x7fff_0000).putInt(0x7fff_0000)
                .array();
        assertNextFails(PACKET_TOO_LARGE, 24 + 8, concat(file, record), 0);
    }

    @Test
    void pcapVariantsBigEndianNanosecondsAndOldSwappedLengths() throws Exception {
        CaptureBytes big = new CaptureBytes(ByteOrder.BIG_ENDIAN).pcapHeader(0xA1B23C4D, 2, 4, 65535, 101)
                .pcapRecord(3, 999_999_999, IPV4_INIT, IPV4_INIT.length);
        assertEquals(3_999_999_999L, readAll(big.toArray()).get(0).timestampNanos());
        // Before version 2.3 the original length came first (libpcap still reads such files so).
        CaptureBytes old = CaptureBytes.littleEndian().pcapHeader(PCAP_MICROS, 2, 2, 65535, 101);
        old.raw(old.buffer(16).putInt(1).putInt(0).putInt(100).putInt(IPV4_INIT.length).array()).raw(IPV4_INIT);
        Frame f = readAll(old.toArray()).get(0);
        assertEquals(IPV4_INIT.length, f.data().length);
        assertEquals(100, f.originalLength());
    }

    // ---------------------------------------------------------------- pcapng

    @Test
    void sectionHeaderDefects() {
        byte[] good = ng().toArray();
        byte[] badMagic = good.clone();
        badMagic[8] = 0x4e;
        assertOpenFails(BAD_BYTE_ORDER_MAGIC, 8, badMagic);
        assertOpenFails(UNSUPPORTED_VERSION, 12, CaptureBytes.littleEndian().sectionHeader(2, 0).toArray());
        assertOpenFails(UNSUPPORTED_VERSION, 12, CaptureBytes.littleEndian().sectionHeader(1, 1).toArray());
        assertOpenFails(TRUNCATED_BLOCK, 0, Arrays.copyOf(good, 10));
        assertOpenFails(TRUNCATED_BLOCK, 0, Arrays.copyOf(good, 20));
    }

    @Test
    void blockLengthDefects() {
        CaptureBytes notMultipleOf4 = ng();
        notMultipleOf4.raw(notMultipleOf4.buffer(8).putInt(6).putInt(30).array()).raw(new byte[30]);
        assertNextFails(BAD_BLOCK_LENGTH, FIRST_BLOCK + 4, notMultipleOf4.toArray(), 0);

        CaptureBytes tooShort = ng();
        tooShort.raw(tooShort.buffer(8).putInt(99).putInt(8).array());
        assertNextFails(BAD_BLOCK_LENGTH, FIRST_BLOCK + 4, tooShort.toArray(), 0);

        CaptureBytes shortEpb = ng().block(6, new byte[16]); // 28 bytes, an EPB needs 32
        assertNextFails(BAD_BLOCK_LENGTH, FIRST_BLOCK + 4, shortEpb.toArray(), 0);

        byte[] mismatch = ng().enhancedPacket(0, 1, IPV4_INIT, IPV4_INIT.length).toArray();
        mismatch[mismatch.length - 4] ^= 4;
        assertNextFails(BLOCK_LENGTH_MISMATCH, mismatch.length - 4, mismatch, 0);

        CaptureBytes huge = ng();
        huge.raw(huge.buffer(8).putInt(6).putInt(0x7fff_fff0).array());
        assertNextFails(PACKET_TOO_LARGE, FIRST_BLOCK + 4, huge.toArray(), 0);
    }

    @Test
    void aPcapngCutShortIsReportedAfterTheCompleteFrames() throws Exception {
        byte[] whole = ng().enhancedPacket(0, 1, IPV4_INIT, IPV4_INIT.length)
                .enhancedPacket(0, 2, IPV4_INIT, IPV4_INIT.length).toArray();
        int secondBlock = FIRST_BLOCK + 32 + IPV4_INIT.length;
        assertNextFails(TRUNCATED_BLOCK, secondBlock, Arrays.copyOf(whole, whole.length - 6), 1);
        assertNextFails(TRUNCATED_BLOCK, secondBlock, Arrays.copyOf(whole, secondBlock + 3), 1);
        // An unknown block is skipped without being buffered, and its cut is found as well.
        CaptureBytes skipped = ng().block(0x0BAD, new byte[64]);
        assertNextFails(TRUNCATED_BLOCK, FIRST_BLOCK, Arrays.copyOf(skipped.toArray(), FIRST_BLOCK + 40), 0);
    }

    @Test
    void packetsMustReferToDescribedInterfaces() {
        assertNextFails(UNKNOWN_INTERFACE, FIRST_BLOCK + 8,
                ng().enhancedPacket(3, 1, IPV4_INIT, IPV4_INIT.length).toArray(), 0);
        CaptureBytes noInterface = CaptureBytes.littleEndian().sectionHeader(1, 0);
        byte[] spb = noInterface.buffer(4).putInt(IPV4_INIT.length).array();
        noInterface.block(3, spb, IPV4_INIT);
        assertNextFails(UNKNOWN_INTERFACE, 28, noInterface.toArray(), 0);
        // Interfaces belong to their section: a new section forgets them.
        CaptureBytes twoSections = ng().sectionHeader(1, 0).enhancedPacket(0, 1, IPV4_INIT, IPV4_INIT.length);
        assertNextFails(UNKNOWN_INTERFACE, FIRST_BLOCK + 28 + 8, twoSections.toArray(), 0);
    }

    @Test
    void capturedLengthMustFitTheBlock() {
        byte[] file = ng().enhancedPacket(0, 1, IPV4_INIT, IPV4_INIT.length).toArray();
        file[FIRST_BLOCK + 20] = (byte) 200; // Captured Packet Length, little-endian
        assertNextFails(CAPTURED_LENGTH_BEYOND_BLOCK, FIRST_BLOCK + 20, file, 0);
    }

    @Test
    void optionDefects() {
        CaptureBytes b = CaptureBytes.littleEndian().sectionHeader(1, 0);
        byte[] overrun = b.buffer(8).putShort((short) 2).putShort((short) 100).putInt(0).array();
        b.interfaceDescription(101, 0, overrun);
        assertNextFails(BAD_OPTION, 28 + 16, b.toArray(), 0);

        CaptureBytes c = CaptureBytes.littleEndian().sectionHeader(1, 0);
        c.interfaceDescription(101, 0, c.option(9, new byte[] {6, 0}), c.endOfOptions());
        assertNextFails(BAD_OPTION, 28 + 16, c.toArray(), 0);

        CaptureBytes d = CaptureBytes.littleEndian().sectionHeader(1, 0);
        d.interfaceDescription(101, 0, d.option(9, new byte[] {0x7f}), d.endOfOptions());
        assertNextFails(BAD_OPTION, 28 + 16 + 4, d.toArray(), 0);

        CaptureBytes e = ng();
        e.enhancedPacket(0, 1, IPV4_INIT, IPV4_INIT.length, e.option(2, new byte[] {1, 0}), e.endOfOptions());
        assertNextFails(BAD_OPTION, FIRST_BLOCK + 28 + IPV4_INIT.length, e.toArray(), 0);
    }

    @Test
    void timestampsBeyondNanosecondsInALongAreRefused() {
        // 2^62 microseconds is about 146,000 years.
        assertNextFails(TIMESTAMP_OUT_OF_RANGE, FIRST_BLOCK + 12,
                ng().enhancedPacket(0, 1L << 62, IPV4_INIT, IPV4_INIT.length).toArray(), 0);
        CaptureBytes offset = CaptureBytes.littleEndian().sectionHeader(1, 0);
        offset.interfaceDescription(101, 0, offset.option(14, offset.buffer(8).putLong(Long.MAX_VALUE / 2).array()),
                offset.endOfOptions());
        // SHB 28 bytes, IDB 36 bytes (8 fixed, a 12-byte option, end of options), EPB timestamp at +12.
        assertNextFails(TIMESTAMP_OUT_OF_RANGE, 28 + 36 + 12,
                offset.enhancedPacket(0, 1, IPV4_INIT, IPV4_INIT.length).toArray(), 0);
    }

    @Test
    void convertsEveryTimestampResolution() throws Exception {
        // if_tsresol (draft-ietf-opsawg-pcapng §4.2) -> units -> expected nanoseconds since the epoch.
        long[][] cases = {
                {0, 1_700_000_000L, 1_700_000_000_000_000_000L},          // seconds
                {3, 1_700_000_000_123L, 1_700_000_000_123_000_000L},      // milliseconds
                {9, 1_700_000_000_123_456_789L, 1_700_000_000_123_456_789L},
                {12, 9_000_000_000_123L, 9_000_000_000L},                 // picoseconds, truncated
                {18, 7_000_000_000_000_000_000L, 7_000_000_000L},        // attoseconds
                {0x80, 42, 42_000_000_000L},                              // 2^0: seconds
                {0x8a, 3 * 1024 + 512, 3_500_000_000L},                   // 2^-10
                {0x94, (3L << 20) + 1, 3_000_000_953L},                   // 2^-20, one unit = 953.67 ns
                {0xbf, 1L << 62, 500_000_000L},                           // 2^-63
        };
        for (long[] c : cases) {
            CaptureBytes b = CaptureBytes.littleEndian().sectionHeader(1, 0);
            b.interfaceDescription(101, 0, b.option(9, new byte[] {(byte) c[0]}), b.endOfOptions());
            b.enhancedPacket(0, c[1], IPV4_INIT, IPV4_INIT.length);
            assertEquals(c[2], readAll(b.toArray()).get(0).timestampNanos(), String.format("tsresol 0x%02x", c[0]));
        }
        CaptureBytes before = CaptureBytes.littleEndian().sectionHeader(1, 0);
        before.interfaceDescription(101, 0, before.option(14, before.buffer(8).putLong(-10).array()), before.endOfOptions());
        before.enhancedPacket(0, 2_500_000, IPV4_INIT, IPV4_INIT.length);
        assertEquals(-7_500_000_000L, readAll(before.toArray()).get(0).timestampNanos(), "a negative if_tsoffset");
    }

    @Test
    void compressedFiles() throws Exception {
        byte[] file = CaptureBytes.littleEndian().pcapHeader(PCAP_MICROS, 2, 4, 65535, 101)
                .pcapRecord(1, 0, IPV4_INIT, IPV4_INIT.length).pcapRecord(2, 0, IPV4_INIT, IPV4_INIT.length).toArray();
        byte[] gz = gzip(file);
        assertEquals(2, readAll(gz).size());
        try (CaptureReader r = CaptureReader.open(new ByteArrayInputStream(Arrays.copyOf(gz, gz.length - 30)))) {
            CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> {
                while (r.next().isPresent()) {
                    // read until the damage
                }
            });
            assertTrue(e.reason() == COMPRESSION_ERROR || e.reason() == TRUNCATED_RECORD, e.getMessage());
        }
        assertOpenFails(COMPRESSION_ERROR, 0, Arrays.copyOf(gz, 5));
        assertOpenFails(EMPTY_FILE, 0, gzip(new byte[0]));
    }

    // ---------------------------------------------------------------- frames

    @Test
    void frameLinkLayerDefects() throws Exception {
        CaptureBytes eth = CaptureBytes.littleEndian().pcapHeader(PCAP_MICROS, 2, 4, 65535, LinkType.ETHERNET)
                .pcapRecord(1, 0, new byte[10], 10);
        Frame shortFrame = readAll(eth.toArray()).get(0);
        CaptureFormatException e = assertThrows(CaptureFormatException.class, shortFrame::ipPacket);
        assertEquals(LINK_HEADER_TRUNCATED, e.reason());
        assertEquals(24 + 16 + 10, e.offset());
        assertEquals(1, e.frameNumber());

        byte[] vlanCut = HexFormat.of().parseHex("0200000000020200000000018100" + "0064");
        assertEquals(LINK_HEADER_TRUNCATED, frameError(LinkType.ETHERNET, vlanCut).reason());

        assertEquals(UNSUPPORTED_LINK_TYPE, frameError(105, IPV4_INIT).reason());

        byte[] ipv6InIpv4Frame = concat(HexFormat.of().parseHex("0200000000020200000000010800"),
                HexFormat.of().parseHex("60000000000084400000000000000000000000000000000100000000000000000000000000000001"));
        CaptureFormatException mismatch = frameError(LinkType.ETHERNET, ipv6InIpv4Frame);
        assertEquals(IP_VERSION_MISMATCH, mismatch.reason());
        assertEquals(24 + 16 + 14, mismatch.offset());
        assertEquals(IP_VERSION_MISMATCH, frameError(LinkType.IPV4, Arrays.copyOfRange(ipv6InIpv4Frame, 14, 54)).reason());
    }

    @Test
    void aMalformedIpPacketCarriesTheIpErrorAndItsFileOffset() throws Exception {
        byte[] bad = IPV4_INIT.clone();
        bad[0] = 0x43; // IHL 3
        byte[] frame = concat(HexFormat.of().parseHex("0200000000020200000000010800"), bad);
        CaptureFormatException e = frameError(LinkType.ETHERNET, frame);
        assertEquals(MALFORMED_IP_PACKET, e.reason());
        IpFormatException cause = assertInstanceOf(IpFormatException.class, e.getCause());
        assertEquals(IpFormatException.Reason.BAD_HEADER_LENGTH, cause.reason());
        assertEquals(24 + 16 + 14, e.offset());

        Frame handMade = new Frame(1, 0, new CaptureInterface(0, 0, LinkType.RAW, 0, "", ""), bad.length, bad,
                Direction.UNKNOWN, List.of(), -1);
        assertEquals(-1, assertThrows(CaptureFormatException.class, handMade::ipPacket).offset(),
                "no file offset for a frame that came from no file");
    }

    // ---------------------------------------------------------------- helpers

    /** A little-endian pcapng start: SHB and one raw-IP IDB with the default microsecond resolution. */
    static CaptureBytes ng() {
        return CaptureBytes.littleEndian().sectionHeader(1, 0).interfaceDescription(101, 0);
    }

    private static CaptureFormatException frameError(int linkType, byte[] data) throws Exception {
        byte[] file = CaptureBytes.littleEndian().pcapHeader(PCAP_MICROS, 2, 4, 65535, linkType)
                .pcapRecord(1, 0, data, data.length).toArray();
        Frame f = readAll(file).get(0);
        return assertThrows(CaptureFormatException.class, f::ipPacket);
    }

    private static CaptureFormatException assertOpenFails(CaptureFormatException.Reason reason, long offset, byte[] file) {
        CaptureFormatException e = assertThrows(CaptureFormatException.class,
                () -> CaptureReader.open(new ByteArrayInputStream(file)));
        assertEquals(reason, e.reason(), e.getMessage());
        assertEquals(offset, e.offset(), e.getMessage());
        return e;
    }

    /** The file opens, {@code good} frames come out, then the next read fails as described. */
    private static void assertNextFails(CaptureFormatException.Reason reason, long offset, byte[] file, int good) {
        CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> {
            try (CaptureReader reader = CaptureReader.open(new ByteArrayInputStream(file))) {
                for (int i = 0; i < good; i++) {
                    assertTrue(reader.next().isPresent(), "frame " + (i + 1) + " before the defect");
                }
                reader.next();
            }
        });
        assertEquals(reason, e.reason(), e.getMessage());
        assertEquals(offset, e.offset(), e.getMessage());
    }

    static List<Frame> readAll(byte[] file) throws IOException, CaptureFormatException {
        List<Frame> frames = new ArrayList<>();
        try (CaptureReader reader = CaptureReader.open(new ByteArrayInputStream(file))) {
            for (var f = reader.next(); f.isPresent(); f = reader.next()) {
                frames.add(f.get());
            }
        }
        return frames;
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
