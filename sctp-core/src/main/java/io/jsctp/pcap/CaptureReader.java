package io.jsctp.pcap;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the frames of a capture file: classic pcap (draft-ietf-opsawg-pcap) in either byte order
 * with microsecond or nanosecond timestamps, or pcapng (draft-ietf-opsawg-pcapng) with any number
 * of sections in either byte order. A gzip-compressed file of either kind is decompressed on the
 * fly, as Wireshark does; offsets then count decompressed bytes.
 *
 * <p>It is a pull iterator: {@link #next()} returns the next frame or empty at the end of the file.
 * ({@link java.util.Iterator} cannot report a malformed file without an unchecked exception, which
 * this reader never uses for bad input.) Every defect is a {@link CaptureFormatException} with a
 * reason and the byte offset in the file. A capture cut short in its last packet, the usual
 * result of killing a capture tool, is {@link CaptureFormatException.Reason#TRUNCATED_RECORD} or
 * {@link CaptureFormatException.Reason#TRUNCATED_BLOCK}, after all complete frames were returned.
 * After an error the reader stays at it: {@code next()} throws the same exception again.
 *
 * <p>pcapng blocks other than the Section Header, Interface Description, Enhanced Packet, Simple
 * Packet and (obsolete) Packet Blocks are skipped, as §3.1 allows. Frames are numbered from 1
 * across the whole file, as Wireshark numbers them, except that Wireshark also gives numbers to
 * pcapng Custom Blocks, which hold no packet.
 *
 * <p>Not thread-safe; one thread reads, or callers serialise. Reads ahead through its own buffer.
 */
public final class CaptureReader implements Closeable {

    /** The largest captured packet accepted (16 MiB); larger lengths are taken as corruption, not allocated. */
    public static final int MAX_CAPTURED_LENGTH = 16 * 1024 * 1024;

    // pcapng block types (draft-ietf-opsawg-pcapng §10.1) and the Byte-Order Magic (§4.1).
    private static final int SECTION_HEADER_BLOCK = 0x0A0D0D0A;
    private static final int INTERFACE_DESCRIPTION_BLOCK = 1;
    private static final int PACKET_BLOCK = 2;
    private static final int SIMPLE_PACKET_BLOCK = 3;
    private static final int ENHANCED_PACKET_BLOCK = 6;
    private static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    // Longest block buffered whole: a largest packet plus generous room for options.
    private static final long MAX_BLOCK_LENGTH = MAX_CAPTURED_LENGTH + 64 * 1024;

    // Option codes (§3.5, §4.2, §4.3, Appendix A).
    private static final int OPT_ENDOFOPT = 0;
    private static final int OPT_COMMENT = 1;
    private static final int IF_NAME = 2;
    private static final int IF_DESCRIPTION = 3;
    private static final int IF_TSRESOL = 9;
    private static final int IF_TSOFFSET = 14;
    private static final int EPB_FLAGS = 2; // also pack_flags in the obsolete Packet Block

    // Classic pcap magic numbers (draft-ietf-opsawg-pcap §4), read big-endian.
    private static final int PCAP_MICROSECONDS = 0xA1B2C3D4;
    private static final int PCAP_NANOSECONDS = 0xA1B23C4D;
    private static final int PCAP_MODIFIED = 0xA1B2CD34; // Alexey Kuznetzov's patched libpcap

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final InputStream in;
    private final boolean ownsStream;
    private final boolean compressed;
    private final CaptureFormat format;
    private long position;
    private long frameNumber;
    private boolean ended;
    private CaptureFormatException failure;

    // Classic pcap state.
    private ByteOrder pcapOrder;
    private long fractionToNanos;
    private boolean swappedLengths;
    private CaptureInterface pcapInterface;

    // pcapng state: byte order and interfaces of the current section.
    private ByteOrder sectionOrder;
    private int section = -1;
    private final List<InterfaceState> interfaces = new ArrayList<>();

    /** An interface and how to turn its timestamps into nanoseconds. */
    private record InterfaceState(CaptureInterface description, int tsresol, long tsoffsetSeconds) {
    }

    private CaptureReader(InputStream source, boolean ownsSource) throws IOException, CaptureFormatException {
        this.ownsStream = ownsSource;
        BufferedInputStream buffered = new BufferedInputStream(source, 1 << 16);
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        // RFC 1952 §2.3.1: a gzip member starts with ID1 = 0x1f, ID2 = 0x8b.
        this.compressed = b0 == 0x1f && b1 == 0x8b;
        if (compressed) {
            InputStream gunzip;
            try {
                gunzip = new GZIPInputStream(buffered, 1 << 16);
            } catch (ZipException | EOFException e) {
                throw new CaptureFormatException(CaptureFormatException.Reason.COMPRESSION_ERROR, 0, 0,
                        "gzip header unreadable: " + e.getMessage(), e);
            }
            this.in = new BufferedInputStream(gunzip, 1 << 16);
        } else {
            this.in = buffered;
        }
        this.format = readFileHeader();
    }

    /**
     * Opens a capture file; {@link #close()} closes it.
     *
     * @throws CaptureFormatException if the file is not a capture this reader understands
     */
    public static CaptureReader open(Path file) throws IOException, CaptureFormatException {
        InputStream stream = Files.newInputStream(file);
        try {
            return new CaptureReader(stream, true);
        } catch (IOException | CaptureFormatException | RuntimeException | Error e) {
            stream.close();
            throw e;
        }
    }

    /**
     * Reads a capture from a stream the caller owns: {@link #close()} leaves it open. The file header
     * is read at once. The reader buffers, so it may consume bytes of the stream beyond the last
     * frame it returned; give it a stream that holds the capture alone.
     *
     * @throws CaptureFormatException if the stream does not start like a capture this reader understands
     */
    public static CaptureReader open(InputStream stream) throws IOException, CaptureFormatException {
        return new CaptureReader(Objects.requireNonNull(stream, "stream"), false);
    }

    /** Reads every frame of a capture file. */
    public static List<Frame> readAll(Path file) throws IOException, CaptureFormatException {
        try (CaptureReader reader = open(file)) {
            List<Frame> frames = new ArrayList<>();
            for (Optional<Frame> f = reader.next(); f.isPresent(); f = reader.next()) {
                frames.add(f.get());
            }
            return frames;
        }
    }

    /** pcap or pcapng. */
    public CaptureFormat format() {
        return format;
    }

    /** Whether the file was gzip-compressed (offsets in errors then count decompressed bytes). */
    public boolean isCompressed() {
        return compressed;
    }

    /**
     * The next frame, or empty at the end of the file.
     *
     * @throws CaptureFormatException if the file is malformed or cut short at this point
     * @throws IOException            if reading the underlying stream fails
     */
    public Optional<Frame> next() throws IOException, CaptureFormatException {
        if (failure != null) {
            throw failure;
        }
        if (ended) {
            return Optional.empty();
        }
        try {
            Optional<Frame> frame = format == CaptureFormat.PCAP ? nextPcapRecord() : nextPcapngPacket();
            if (frame.isEmpty()) {
                ended = true;
            }
            return frame;
        } catch (CaptureFormatException e) {
            failure = e;
            throw e;
        }
    }

    /** Closes the file if this reader opened it; a caller's stream stays open. */
    @Override
    public void close() throws IOException {
        ended = true;
        if (ownsStream) {
            // Closes the whole chain: buffer, gzip decompressor (freeing its native memory), file.
            in.close();
        }
    }

    // ---------------------------------------------------------------- file header

    private CaptureFormat readFileHeader() throws IOException, CaptureFormatException {
        in.mark(4);
        byte[] magic = new byte[4];
        int n = readUpTo(magic, 0, 4);
        if (n == 0) {
            throw new CaptureFormatException(CaptureFormatException.Reason.EMPTY_FILE, 0, 0,
                    compressed ? "the compressed file holds no bytes" : "the file holds no bytes");
        }
        if (n < 4) {
            throw new CaptureFormatException(CaptureFormatException.Reason.UNKNOWN_FORMAT, 0, 0,
                    "only " + n + " bytes: too short for any capture format");
        }
        int big = (int) u32(magic, 0, ByteOrder.BIG_ENDIAN);
        if (big == SECTION_HEADER_BLOCK) {
            // Let the block loop read the Section Header Block like any later one.
            in.reset();
            position = 0;
            readSectionHeader();
            return CaptureFormat.PCAPNG;
        }
        for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
            int value = (int) u32(magic, 0, order);
            if (value == PCAP_MICROSECONDS || value == PCAP_NANOSECONDS) {
                readPcapHeader(order, value == PCAP_NANOSECONDS);
                return CaptureFormat.PCAP;
            }
            if (value == PCAP_MODIFIED) {
                throw new CaptureFormatException(CaptureFormatException.Reason.UNKNOWN_FORMAT, 0, 0,
                        "modified (Kuznetzov) pcap is not supported; convert it with: editcap -F pcap IN OUT");
            }
        }
        throw new CaptureFormatException(CaptureFormatException.Reason.UNKNOWN_FORMAT, 0, 0,
                String.format("first bytes %02x %02x %02x %02x are neither a pcap magic number nor a pcapng Section Header Block",
                        magic[0], magic[1], magic[2], magic[3]));
    }

    // draft-ietf-opsawg-pcap §4: magic (4), major (2), minor (2), reserved (4), reserved (4),
    // SnapLen (4), LinkType and additional information (4).
    private void readPcapHeader(ByteOrder order, boolean nanoseconds) throws IOException, CaptureFormatException {
        byte[] h = new byte[24];
        int n = readUpTo(h, 4, 20);
        if (n < 20) {
            throw new CaptureFormatException(CaptureFormatException.Reason.TRUNCATED_FILE_HEADER, 4 + n, 0,
                    "the pcap file header needs 24 bytes, the file has " + (4 + n));
        }
        int major = u16(h, 4, order);
        int minor = u16(h, 6, order);
        if (major != 2) {
            throw new CaptureFormatException(CaptureFormatException.Reason.UNSUPPORTED_VERSION, 4, 0,
                    "pcap version " + major + "." + minor + ", only 2.x is defined");
        }
        long snapLength = u32(h, 16, order);
        long linkField = u32(h, 20, order);
        // §4: bits 16-25 (Reserved3) and 27 (R) must be zero; 26 (P) and 28-31 (FCS length) say how
        // much FCS trails each packet, which does not matter for finding the IP packet.
        if ((linkField & 0x0BFF_0000L) != 0) {
            throw new CaptureFormatException(CaptureFormatException.Reason.BAD_FILE_HEADER, 20, 0,
                    String.format("LinkType field 0x%08x has reserved bits set", linkField));
        }
        pcapOrder = order;
        fractionToNanos = nanoseconds ? 1 : 1000;
        // Versions before 2.3 wrote the captured and original lengths in the other order.
        swappedLengths = minor < 3;
        pcapInterface = new CaptureInterface(0, 0, (int) (linkField & 0xffff), snapLength, "", "");
    }

    // ---------------------------------------------------------------- classic pcap records

    // draft-ietf-opsawg-pcap §5: seconds (4), microseconds or nanoseconds (4), captured length (4),
    // original length (4), then the captured bytes, unpadded.
    private Optional<Frame> nextPcapRecord() throws IOException, CaptureFormatException {
        long start = position;
        long number = frameNumber + 1;
        byte[] h = new byte[16];
        int n = readUpTo(h, 0, 16);
        if (n == 0) {
            return Optional.empty();
        }
        if (n < 16) {
            throw new CaptureFormatException(CaptureFormatException.Reason.TRUNCATED_RECORD, start, number,
                    "capture cut short: the file ends " + n + " bytes into a 16-byte packet record header");
        }
        long seconds = u32(h, 0, pcapOrder);
        long fraction = u32(h, 4, pcapOrder);
        long captured = u32(h, 8, pcapOrder);
        long original = u32(h, 12, pcapOrder);
        if (swappedLengths) {
            long t = captured;
            captured = original;
            original = t;
        }
        if (captured > MAX_CAPTURED_LENGTH) {
            throw new CaptureFormatException(CaptureFormatException.Reason.PACKET_TOO_LARGE, start + 8, number,
                    "captured length " + captured + " exceeds " + MAX_CAPTURED_LENGTH + " bytes: the file is corrupt");
        }
        long dataOffset = position;
        byte[] data = readBytes((int) captured);
        if (data.length < captured) {
            throw new CaptureFormatException(CaptureFormatException.Reason.TRUNCATED_RECORD, start, number,
                    "capture cut short: the packet record declares " + captured + " captured bytes, the file ends after "
                            + data.length);
        }
        // At most (2^32 - 1) * 10^9 + (2^32 - 1) * 1000 < 2^63: cannot overflow.
        long nanos = seconds * NANOS_PER_SECOND + fraction * fractionToNanos;
        frameNumber = number;
        return Optional.of(new Frame(number, nanos, pcapInterface, original, data,
                LinkLayer.direction(pcapInterface.linkType(), data), List.of(), dataOffset));
    }

    // ---------------------------------------------------------------- pcapng blocks

    private Optional<Frame> nextPcapngPacket() throws IOException, CaptureFormatException {
        while (true) {
            long start = position;
            in.mark(8);
            byte[] head = new byte[8];
            int n = readUpTo(head, 0, 8);
            if (n == 0) {
                return Optional.empty();
            }
            if (n < 8) {
                throw new CaptureFormatException(CaptureFormatException.Reason.TRUNCATED_BLOCK, start, 0,
                        "capture cut short: the file ends " + n + " bytes into a block header");
            }
            int type = (int) u32(head, 0, sectionOrder);
            if (type == SECTION_HEADER_BLOCK) {
                in.reset();
                position = start;
                readSectionHeader();
                continue;
            }
            long length = u32(head, 4, sectionOrder);
            switch (type) {
                case INTERFACE_DESCRIPTION_BLOCK:
                    readInterfaceDescription(readBlock(start, head, length, 20, "Interface Description Block"), start);
                    break;
                case ENHANCED_PACKET_BLOCK:
                    return Optional.of(packet(readBlock(start, head, length, 32, "Enhanced Packet Block"), start, true));
                case PACKET_BLOCK:
                    return Optional.of(packet(readBlock(start, head, length, 32, "Packet Block"), start, false));
                case SIMPLE_PACKET_BLOCK:
                    return Optional.of(simplePacket(readBlock(start, head, length, 16, "Simple Packet Block"), start));
                default:
                    // §3.1: a reader skips blocks it does not understand (statistics, name
                    // resolution, decryption secrets, custom and local-use blocks).
                    skipBlock(start, length);
            }
        }
    }

    // §4.1: Block Type, Block Total Length, Byte-Order Magic, Major, Minor, Section Length (8),
    // options, Block Total Length. The magic comes before the length can be read.
    private void readSectionHeader() throws IOException, CaptureFormatException {
        long start = position;
        byte[] head = new byte[12];
        int n = readUpTo(head, 0, 12);
        if (n < 12) {
            throw new CaptureFormatException(CaptureFormatException.Reason.TRUNCATED_BLOCK, start, 0,
                    "capture cut short: the file ends " + n + " bytes into a Section Header Block");
        }
        ByteOrder order;
        if ((int) u32(head, 8, ByteOrder.BIG_ENDIAN) == BYTE_ORDER_MAGIC) {
            order = ByteOrder.BIG_ENDIAN;
        } else if ((int) u32(head, 8, ByteOrder.LITTLE_ENDIAN) == BYTE_ORDER_MAGIC) {
            order = ByteOrder.LITTLE_ENDIAN;
        } else {
            throw new CaptureFormatException(CaptureFormatException.Reason.BAD_BYTE_ORDER_MAGIC, start + 8, 0,
                    String.format("Byte-Order Magic %02x %02x %02x %02x is not 0x1A2B3C4D in either byte order",
                            head[8], head[9], head[10], head[11]));
        }
        long length = u32(head, 4, order);
        byte[] block = readBlock(start, head, length, 28, "Section Header Block", order);
        int major = u16(block, 12, order);
        int minor = u16(block, 14, order);
        // §4.1: readers MUST treat minor version 2 as 0. §3.4 would have a reader skip a section
        // of another version; no such version exists, and skipping would hide packets without a
        // word, so it is reported instead.
        if (major != 1 || (minor != 0 && minor != 2)) {
            throw new CaptureFormatException(CaptureFormatException.Reason.UNSUPPORTED_VERSION, start + 12, 0,
                    "pcapng section version " + major + "." + minor + ", only 1.0 is defined");
        }
        sectionOrder = order;
        section++;
        interfaces.clear();
    }

    // §4.2: LinkType (2), Reserved (2), SnapLen (4), options.
    private void readInterfaceDescription(byte[] block, long start) throws CaptureFormatException {
        ByteOrder order = sectionOrder;
        int linkType = u16(block, 8, order);
        long snapLength = u32(block, 12, order);
        String[] name = {""};
        String[] description = {""};
        int[] tsresol = {6}; // §4.2 if_tsresol: 10^-6 when absent
        long[] tsoffset = {0};
        forEachOption(block, 16, start, "Interface Description Block", (code, at, len) -> {
            switch (code) {
                case IF_NAME:
                    name[0] = string(block, at, len);
                    break;
                case IF_DESCRIPTION:
                    description[0] = string(block, at, len);
                    break;
                case IF_TSRESOL:
                    requireOptionLength(code, "if_tsresol", len, 1, start, at);
                    tsresol[0] = block[at] & 0xff;
                    int exponent = tsresol[0] & 0x7f;
                    // 10^-19 and 2^-64 units would not fit the arithmetic; nothing measures that finely.
                    if ((tsresol[0] & 0x80) == 0 ? exponent > 18 : exponent > 63) {
                        throw new CaptureFormatException(CaptureFormatException.Reason.BAD_OPTION, start + at, 0,
                                String.format("if_tsresol 0x%02x is finer than this reader supports", tsresol[0]));
                    }
                    break;
                case IF_TSOFFSET:
                    requireOptionLength(code, "if_tsoffset", len, 8, start, at);
                    // A signed 64-bit integer in the section's byte order (not two 32-bit halves).
                    tsoffset[0] = order == ByteOrder.BIG_ENDIAN
                            ? u32(block, at, order) << 32 | u32(block, at + 4, order)
                            : u32(block, at + 4, order) << 32 | u32(block, at, order);
                    break;
                default:
                    break;
            }
        });
        CaptureInterface captureInterface = new CaptureInterface(section, interfaces.size(), linkType, snapLength,
                name[0], description[0]);
        interfaces.add(new InterfaceState(captureInterface, tsresol[0], tsoffset[0]));
    }

    /**
     * Enhanced Packet Block (§4.3): Interface ID (4), Timestamp upper (4) and lower (4), Captured
     * Length (4), Original Length (4), data, options. The obsolete Packet Block (Appendix A) has the
     * same layout except that the first word holds a 16-bit Interface ID and a 16-bit drop count.
     */
    private Frame packet(byte[] block, long start, boolean enhanced) throws CaptureFormatException {
        ByteOrder order = sectionOrder;
        long number = frameNumber + 1;
        long interfaceId = enhanced ? u32(block, 8, order) : u16(block, 8, order);
        InterfaceState iface = interfaceFor(interfaceId, start + 8, number);
        long units = u32(block, 12, order) << 32 | u32(block, 16, order);
        long captured = u32(block, 20, order);
        long original = u32(block, 24, order);
        int dataEnd = block.length - 4;
        if (captured > dataEnd - 28 || 28 + padded((int) captured) > dataEnd) {
            throw new CaptureFormatException(CaptureFormatException.Reason.CAPTURED_LENGTH_BEYOND_BLOCK, start + 20, number,
                    "Captured Packet Length " + captured + " does not fit in a block of " + block.length + " bytes");
        }
        byte[] data = Arrays.copyOfRange(block, 28, 28 + (int) captured);
        List<String> comments = new ArrayList<>();
        long[] flags = {0};
        forEachOption(block, 28 + padded((int) captured), start, enhanced ? "Enhanced Packet Block" : "Packet Block",
                (code, at, len) -> {
                    if (code == OPT_COMMENT) {
                        comments.add(string(block, at, len));
                    } else if (code == EPB_FLAGS) {
                        requireOptionLength(code, enhanced ? "epb_flags" : "pack_flags", len, 4, start, at);
                        flags[0] = u32(block, at, order);
                    }
                });
        long nanos = toNanos(units, iface, start + 12, number);
        // §4.3.1: bits 0-1 of the flags word, 01 inbound, 10 outbound.
        Direction direction = switch ((int) (flags[0] & 3)) {
            case 1 -> Direction.INBOUND;
            case 2 -> Direction.OUTBOUND;
            default -> LinkLayer.direction(iface.description().linkType(), data);
        };
        frameNumber = number;
        return new Frame(number, nanos, iface.description(), original, data, direction, comments, start + 28);
    }

    // §4.4: Original Packet Length (4), data. Interface 0, no timestamp, no options; the captured
    // length is the smaller of the original length and interface 0's SnapLen.
    private Frame simplePacket(byte[] block, long start) throws CaptureFormatException {
        long number = frameNumber + 1;
        InterfaceState iface = interfaceFor(0, start, number);
        long original = u32(block, 8, sectionOrder);
        long snap = iface.description().snapLength();
        long captured = snap == 0 ? original : Math.min(original, snap);
        int room = block.length - 16;
        if (captured > room) {
            throw new CaptureFormatException(CaptureFormatException.Reason.CAPTURED_LENGTH_BEYOND_BLOCK, start + 8, number,
                    "Simple Packet Block of " + block.length + " bytes cannot hold " + captured + " captured bytes");
        }
        byte[] data = Arrays.copyOfRange(block, 12, 12 + (int) captured);
        frameNumber = number;
        return new Frame(number, Frame.NO_TIMESTAMP, iface.description(), original, data,
                LinkLayer.direction(iface.description().linkType(), data), List.of(), start + 12);
    }

    private InterfaceState interfaceFor(long id, long offset, long number) throws CaptureFormatException {
        if (id >= interfaces.size()) {
            throw new CaptureFormatException(CaptureFormatException.Reason.UNKNOWN_INTERFACE, offset, number,
                    "packet refers to interface " + id + " but section " + section + " has described "
                            + interfaces.size() + " interface(s) so far");
        }
        return interfaces.get((int) id);
    }

    /**
     * Turns a pcapng timestamp into nanoseconds since the epoch. §4.3: the timestamp counts units of
     * the interface's if_tsresol; if_tsoffset seconds are added for the absolute time.
     */
    private static long toNanos(long units, InterfaceState iface, long offset, long number) throws CaptureFormatException {
        int exponent = iface.tsresol() & 0x7f;
        try {
            long nanos;
            if ((iface.tsresol() & 0x80) == 0) {
                // Units of 10^-exponent seconds.
                if (exponent <= 9) {
                    if (units < 0) {
                        throw new ArithmeticException("unsigned timestamp above 2^63");
                    }
                    nanos = Math.multiplyExact(units, pow10(9 - exponent));
                } else {
                    nanos = Long.divideUnsigned(units, pow10(exponent - 9));
                }
            } else {
                // Units of 2^-exponent seconds: whole seconds, then the fraction scaled with a
                // 128-bit product so that no precision is lost before the final shift.
                long seconds = exponent == 0 ? units : units >>> exponent;
                if (seconds < 0) {
                    throw new ArithmeticException("unsigned timestamp above 2^63");
                }
                long fraction = exponent == 0 ? 0 : units & ((1L << exponent) - 1);
                long low = fraction * NANOS_PER_SECOND;
                long high = Math.multiplyHigh(fraction, NANOS_PER_SECOND);
                long fractionNanos = exponent == 0 ? 0 : (low >>> exponent) | (high << (64 - exponent));
                nanos = Math.addExact(Math.multiplyExact(seconds, NANOS_PER_SECOND), fractionNanos);
            }
            return Math.addExact(nanos, Math.multiplyExact(iface.tsoffsetSeconds(), NANOS_PER_SECOND));
        } catch (ArithmeticException e) {
            throw new CaptureFormatException(CaptureFormatException.Reason.TIMESTAMP_OUT_OF_RANGE, offset, number,
                    String.format("timestamp %s units at resolution 0x%02x plus offset %d s is beyond nanoseconds in 64 bits",
                            Long.toUnsignedString(units), iface.tsresol(), iface.tsoffsetSeconds()));
        }
    }

    private static long pow10(int exponent) {
        long p = 1;
        for (int i = 0; i < exponent; i++) {
            p *= 10;
        }
        return p;
    }

    /** Something that receives one option: its code, the index of its value in the block, and its length. */
    @FunctionalInterface
    private interface OptionVisitor {
        void option(int code, int valueIndex, int length) throws CaptureFormatException;
    }

    /**
     * Walks an option list (§3.5) from {@code from} to the block's trailing length field. The list
     * may end with opt_endofopt or simply at the end of the block (§3.5: readers must not assume
     * the end marker).
     */
    private void forEachOption(byte[] block, int from, long blockStart, String blockName, OptionVisitor visitor)
            throws CaptureFormatException {
        int end = block.length - 4;
        int at = from;
        while (at + 4 <= end) {
            int code = u16(block, at, sectionOrder);
            int length = u16(block, at + 2, sectionOrder);
            if (code == OPT_ENDOFOPT) {
                return;
            }
            if (at + 4 + length > end) {
                throw new CaptureFormatException(CaptureFormatException.Reason.BAD_OPTION, blockStart + at, 0,
                        "option " + code + " of the " + blockName + " declares " + length + " bytes, only "
                                + (end - at - 4) + " remain in the block");
            }
            visitor.option(code, at + 4, length);
            at += 4 + padded(length);
        }
        if (at < end) {
            throw new CaptureFormatException(CaptureFormatException.Reason.BAD_OPTION, blockStart + at, 0,
                    (end - at) + " stray bytes where an option of the " + blockName + " should start");
        }
    }

    private static void requireOptionLength(int code, String name, int length, int expected, long blockStart, int at)
            throws CaptureFormatException {
        if (length != expected) {
            throw new CaptureFormatException(CaptureFormatException.Reason.BAD_OPTION, blockStart + at - 4, 0,
                    name + " (code " + code + ") has " + length + " bytes, it must have " + expected);
        }
    }

    /** §3.5 and §3.6.3: UTF-8, not necessarily terminated, but a zero byte ends it; bad UTF-8 is repaired. */
    private static String string(byte[] block, int at, int length) {
        int end = at;
        while (end < at + length && block[end] != 0) {
            end++;
        }
        return new String(block, at, end - at, StandardCharsets.UTF_8);
    }

    private byte[] readBlock(long start, byte[] head, long length, int minimum, String name)
            throws IOException, CaptureFormatException {
        return readBlock(start, head, length, minimum, name, sectionOrder);
    }

    /**
     * Reads the rest of a block whose first {@code head.length} bytes were read, checking its length
     * (§3.1: a multiple of 4, at least 12) and that the trailing copy agrees. Returns the whole block.
     */
    private byte[] readBlock(long start, byte[] head, long length, int minimum, String name, ByteOrder order)
            throws IOException, CaptureFormatException {
        checkBlockLength(start, length, minimum, name);
        if (length > MAX_BLOCK_LENGTH) {
            throw new CaptureFormatException(CaptureFormatException.Reason.PACKET_TOO_LARGE, start + 4, 0,
                    name + " of " + length + " bytes exceeds " + MAX_BLOCK_LENGTH + ": the file is corrupt");
        }
        byte[] rest = readBytes((int) length - head.length);
        if (rest.length < length - head.length) {
            throw new CaptureFormatException(CaptureFormatException.Reason.TRUNCATED_BLOCK, start, 0,
                    "capture cut short: " + name + " of " + length + " bytes, the file ends after "
                            + (head.length + rest.length));
        }
        byte[] block = new byte[(int) length];
        System.arraycopy(head, 0, block, 0, head.length);
        System.arraycopy(rest, 0, block, head.length, rest.length);
        long trailer = u32(block, block.length - 4, order);
        if (trailer != length) {
            throw new CaptureFormatException(CaptureFormatException.Reason.BLOCK_LENGTH_MISMATCH, start + length - 4, 0,
                    name + " starts with Block Total Length " + length + " and ends with " + trailer);
        }
        return block;
    }

    private void skipBlock(long start, long length) throws IOException, CaptureFormatException {
        checkBlockLength(start, length, 12, "block");
        long toSkip = length - 12;
        long skipped = 0;
        while (skipped < toSkip) {
            long s = in.skip(toSkip - skipped);
            if (s <= 0) {
                // skip() may return 0 without being at the end; read one byte to find out.
                if (readByte() < 0) {
                    throw new CaptureFormatException(CaptureFormatException.Reason.TRUNCATED_BLOCK, start, 0,
                            "capture cut short: block of " + length + " bytes, the file ends after " + (8 + skipped));
                }
                s = 1;
            } else {
                position += s;
            }
            skipped += s;
        }
        byte[] trailer = new byte[4];
        int got = readUpTo(trailer, 0, 4);
        if (got < 4) {
            throw new CaptureFormatException(CaptureFormatException.Reason.TRUNCATED_BLOCK, start, 0,
                    "capture cut short: block of " + length + " bytes, the file ends after " + (length - 4 + got));
        }
        long trailing = u32(trailer, 0, sectionOrder);
        if (trailing != length) {
            throw new CaptureFormatException(CaptureFormatException.Reason.BLOCK_LENGTH_MISMATCH, start + length - 4, 0,
                    "block starts with Block Total Length " + length + " and ends with " + trailing);
        }
    }

    private static void checkBlockLength(long start, long length, int minimum, String name) throws CaptureFormatException {
        if (length % 4 != 0) {
            throw new CaptureFormatException(CaptureFormatException.Reason.BAD_BLOCK_LENGTH, start + 4, 0,
                    name + " has Block Total Length " + length + ", which is not a multiple of 4");
        }
        if (length < minimum) {
            throw new CaptureFormatException(CaptureFormatException.Reason.BAD_BLOCK_LENGTH, start + 4, 0,
                    name + " has Block Total Length " + length + ", it needs at least " + minimum);
        }
    }

    // ---------------------------------------------------------------- bytes

    /** Reads up to {@code length} bytes, fewer only at the end of the file; returns how many. */
    private int readUpTo(byte[] b, int offset, int length) throws IOException, CaptureFormatException {
        int total = 0;
        try {
            while (total < length) {
                int n = in.read(b, offset + total, length - total);
                if (n < 0) {
                    break;
                }
                total += n;
            }
        } catch (ZipException | EOFException e) {
            throw compressionError(e, total);
        }
        position += total;
        return total;
    }

    /**
     * Reads up to {@code length} bytes, fewer only at the end of the file. Memory grows with the
     * bytes actually there, not with the length a possibly corrupt header claims.
     */
    private byte[] readBytes(int length) throws IOException, CaptureFormatException {
        try {
            byte[] bytes = in.readNBytes(length);
            position += bytes.length;
            return bytes;
        } catch (ZipException | EOFException e) {
            throw compressionError(e, 0);
        }
    }

    private int readByte() throws IOException, CaptureFormatException {
        try {
            int b = in.read();
            if (b >= 0) {
                position++;
            }
            return b;
        } catch (ZipException | EOFException e) {
            throw compressionError(e, 0);
        }
    }

    private CaptureFormatException compressionError(IOException e, int readBefore) throws IOException {
        if (!compressed) {
            throw e;
        }
        // GZIPInputStream reports a cut or damaged file with these two exceptions.
        return new CaptureFormatException(CaptureFormatException.Reason.COMPRESSION_ERROR, position + readBefore, 0,
                "gzip data unreadable after " + (position + readBefore) + " decompressed bytes (file cut short or damaged): "
                        + e.getMessage(), e);
    }

    private static int padded(int length) {
        return (length + 3) & ~3;
    }

    private static int u16(byte[] b, int i, ByteOrder order) {
        int hi = b[i] & 0xff;
        int lo = b[i + 1] & 0xff;
        return order == ByteOrder.BIG_ENDIAN ? hi << 8 | lo : lo << 8 | hi;
    }

    private static long u32(byte[] b, int i, ByteOrder order) {
        long first = u16(b, i, order);
        long second = u16(b, i + 2, order);
        return order == ByteOrder.BIG_ENDIAN ? first << 16 | second : second << 16 | first;
    }
}
