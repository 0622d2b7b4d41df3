package io.jsctp.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Properties of the codec over generated values:
 * <ul>
 *   <li>every valid packet, chunk, parameter and cause survives encode-then-strict-decode unchanged,
 *       and its encoding is exactly {@code encodedLength()} bytes;</li>
 *   <li>for any bytes at all, decoding under {@link DecodeOptions#STRICT} and
 *       {@link DecodeOptions#RECEIVER} (with and without the checksum check) gives a packet or a
 *       {@link MalformedPacketException}, never another exception;</li>
 *   <li>bytes that decode strictly re-encode to the very same bytes, and a receiver reads them the
 *       same way;</li>
 *   <li>what a receiver reads leniently, it reads again the same after re-encoding.</li>
 * </ul>
 * Arbitrary bytes alone rarely get past the checksum and the first length field, so the byte-level
 * properties also run over valid packets with random damage and a checksum made to match.
 */
class CodecPropertyTest {
    private static final List<DecodeOptions> ALL_OPTIONS = List.of(DecodeOptions.STRICT, DecodeOptions.RECEIVER,
            DecodeOptions.STRICT.withoutChecksum(), DecodeOptions.RECEIVER.withoutChecksum(),
            new DecodeOptions(false, true, false), new DecodeOptions(false, false, false));

    /** Parameter types the decoder turns into records of their own: an OpaqueParameter of these would not round-trip. */
    private static final Set<Integer> DECODED_PARAMETER_TYPES = Set.of(1, 5, 6, 7, 8, 9, 11, 12, 0x8000);

    // ------------------------------------------------------------------ valid values round-trip

    @Property(tries = 2000)
    void packetsRoundTrip(@ForAll("packets") SctpPacket p) {
        WireTestSupport.assertRoundTrip(p);
    }

    @Property(tries = 1000)
    void chunksRoundTripAlone(@ForAll("chunks") Chunk c) {
        byte[] wire = WireTestSupport.assertRoundTrip(WireTestSupport.single(c));
        assertEquals(CommonHeader.LENGTH + c.paddedLength(), wire.length);
        assertEquals(c.length(), (wire[14] & 0xff) << 8 | (wire[15] & 0xff), "Chunk Length field");
    }

    @Property(tries = 1000)
    void parametersRoundTripInInit(@ForAll("parameterLists") List<Parameter> params) {
        InitChunk init = new InitChunk(1, 2, 3, 4, 5, params);
        WireTestSupport.assertRoundTrip(WireTestSupport.single(init));
        int sum = 0;
        for (Parameter p : params) {
            sum += p.paddedLength();
        }
        int lastPad = params.isEmpty() ? 0 : params.get(params.size() - 1).paddedLength() - params.get(params.size() - 1).length();
        assertEquals(4 + 16 + sum - lastPad, init.length(), "RFC 9260 §3.2: all parameters padded but the last");
    }

    @Property(tries = 1000)
    void causesRoundTripInAbortAndError(@ForAll("causeLists") List<ErrorCause> causes) {
        WireTestSupport.assertRoundTrip(WireTestSupport.single(new AbortChunk(true, causes)));
        WireTestSupport.assertRoundTrip(WireTestSupport.single(new ErrorChunk(causes)));
    }

    // ------------------------------------------------------------------ any bytes

    @Property(tries = 2000)
    void anyBytesDecodeOrFailWithTheTypedError(@ForAll @Size(max = 200) byte[] bytes) {
        checkAnyBytes(bytes);
        if (bytes.length >= CommonHeader.LENGTH) {
            checkAnyBytes(WireTestSupport.withChecksum(bytes));
        }
    }

    @Property(tries = 3000)
    void damagedPacketsDecodeOrFailWithTheTypedError(@ForAll("packets") SctpPacket p,
                                                      @ForAll("damage") List<int[]> damage) {
        byte[] wire = PacketEncoder.encode(p);
        for (int[] d : damage) {
            wire = apply(wire, d);
        }
        if (wire.length >= CommonHeader.LENGTH) {
            wire = WireTestSupport.withChecksum(wire);
        }
        checkAnyBytes(wire);
    }

    /** Decodes with every option; only a packet or MalformedPacketException may come out. */
    private static void checkAnyBytes(byte[] bytes) {
        SctpPacket strict = null;
        for (DecodeOptions o : ALL_OPTIONS) {
            SctpPacket p;
            try {
                p = PacketDecoder.decode(ByteBuffer.wrap(bytes), 0, bytes.length, o);
            } catch (MalformedPacketException e) {
                assertEquals(true, e.offset() >= 0 && e.offset() <= bytes.length, "offset inside the packet: " + e);
                continue;
            }
            // Anything else thrown above fails the property with its stack trace.
            PacketPrinter.describe(p, PacketPrinter.ChecksumStatus.NOT_CHECKED, 0);
            PacketPrinter.summarize(p);
            if (o.equals(DecodeOptions.STRICT)) {
                strict = p;
                // Strictly decoded bytes re-encode to themselves.
                assertArrayEquals(bytes, PacketEncoder.encode(p), "strict decode then encode");
                assertEquals(p.encodedLength(), bytes.length);
            }
            if (o.equals(DecodeOptions.RECEIVER)) {
                if (strict != null) {
                    assertEquals(strict, p, "a receiver reads strictly valid bytes the same way");
                }
                // What a receiver read, it reads the same after re-encoding.
                byte[] again = PacketEncoder.encode(p);
                assertEquals(p, WireTestSupport.decode(again, DecodeOptions.RECEIVER), "receiver decode is stable");
            }
        }
    }

    /** One damage: {kind, position, value}. */
    private static byte[] apply(byte[] wire, int[] d) {
        if (wire.length == 0) {
            return wire;
        }
        int at = Math.floorMod(d[1], wire.length);
        byte[] out;
        switch (d[0]) {
            case 0: // overwrite one byte
                out = wire.clone();
                out[at] = (byte) d[2];
                return out;
            case 1: // cut the packet short
                return java.util.Arrays.copyOf(wire, at);
            case 2: // add bytes at the end
                out = java.util.Arrays.copyOf(wire, wire.length + 1 + Math.floorMod(d[2], 7));
                out[out.length - 1] = (byte) d[2];
                return out;
            case 3: // set a 16-bit field (a length, a count, a type) to a nearby or extreme value
                out = wire.clone();
                if (at + 1 < out.length) {
                    int old = (out[at] & 0xff) << 8 | (out[at + 1] & 0xff);
                    int v = d[2] % 3 == 0 ? old + d[2] % 9 - 4 : d[2] % 3 == 1 ? 0xffff : d[2] & 0xff;
                    out[at] = (byte) (v >> 8);
                    out[at + 1] = (byte) v;
                }
                return out;
            default: // insert a zero byte
                out = new byte[wire.length + 1];
                System.arraycopy(wire, 0, out, 0, at);
                System.arraycopy(wire, at, out, at + 1, wire.length - at);
                return out;
        }
    }

    // ------------------------------------------------------------------ generators

    @Provide
    Arbitrary<List<int[]>> damage() {
        Arbitrary<int[]> one = Combinators.combine(Arbitraries.integers().between(0, 4), Arbitraries.integers(),
                Arbitraries.integers().between(0, 0xffff)).as((k, pos, v) -> new int[] {k, pos, v});
        return one.list().ofMinSize(1).ofMaxSize(3);
    }

    static Arbitrary<Bytes> bytes(int max) {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(max).map(Bytes::wrap);
    }

    static Arbitrary<Integer> u8() {
        return Arbitraries.integers().between(0, 0xff);
    }

    static Arbitrary<Integer> u16() {
        return Arbitraries.integers().between(0, 0xffff);
    }

    static Arbitrary<Long> u32() {
        return Arbitraries.longs().between(0, 0xffffffffL);
    }

    static Arbitrary<Integer> i32() {
        return Arbitraries.integers();
    }

    @Provide
    Arbitrary<Parameter> parameters() {
        return Arbitraries.oneOf(List.of(
                bytes(24).map(HeartbeatInfoParameter::new),
                Arbitraries.bytes().array(byte[].class).ofSize(4).map(b -> (Parameter) new Ipv4AddressParameter(v4(b))),
                Arbitraries.bytes().array(byte[].class).ofSize(16).map(b -> (Parameter) new Ipv6AddressParameter(v6(b))),
                bytes(40).map(StateCookieParameter::new),
                bytes(12).map(UnrecognizedParameter::new),
                u32().map(CookiePreservativeParameter::new),
                bytes(20).map(HostNameAddressParameter::new),
                u16().list().ofMaxSize(5).map(SupportedAddressTypesParameter::new),
                Arbitraries.just(new EcnCapableParameter()),
                Combinators.combine(u16().filter(t -> !DECODED_PARAMETER_TYPES.contains(t)), bytes(20))
                        .as(OpaqueParameter::new)));
    }

    @Provide
    Arbitrary<List<Parameter>> parameterLists() {
        return parameters().list().ofMaxSize(6);
    }

    @Provide
    Arbitrary<ErrorCause> causes() {
        return Arbitraries.oneOf(List.of(
                Combinators.combine(u16(), u16()).as(InvalidStreamIdentifierCause::new),
                u16().list().ofMaxSize(5).map(MissingMandatoryParameterCause::new),
                u32().map(StaleCookieCause::new),
                Arbitraries.just(new OutOfResourceCause()),
                bytes(16).map(UnresolvableAddressCause::new),
                bytes(16).map(UnrecognizedChunkTypeCause::new),
                Arbitraries.just(new InvalidMandatoryParameterCause()),
                bytes(16).map(UnrecognizedParametersCause::new),
                i32().map(NoUserDataCause::new),
                Arbitraries.just(new CookieWhileShuttingDownCause()),
                bytes(16).map(RestartWithNewAddressesCause::new),
                bytes(16).map(UserInitiatedAbortCause::new),
                bytes(16).map(ProtocolViolationCause::new),
                Combinators.combine(u16().filter(c -> c < 1 || c > 13), bytes(16)).as(OpaqueCause::new)));
    }

    @Provide
    Arbitrary<List<ErrorCause>> causeLists() {
        return causes().list().ofMaxSize(5);
    }

    /** Chunks that may share a packet (RFC 9260 §6.10: all but INIT, INIT ACK, SHUTDOWN COMPLETE). */
    @Provide
    Arbitrary<Chunk> bundlableChunks() {
        return Arbitraries.oneOf(List.of(
                Combinators.combine(u8(), i32(), u16(), u16(), i32(), bytes(40)).as(DataChunk::new),
                Combinators.combine(u8(), i32(), u32(), gapBlocks(), i32().list().ofMaxSize(5)).as(SackChunk::new),
                Combinators.combine(u8(), bytes(30)).as(HeartbeatChunk::new),
                Combinators.combine(u8(), bytes(30)).as(HeartbeatAckChunk::new),
                Combinators.combine(u8(), causeLists()).as(AbortChunk::new),
                Combinators.combine(u8(), i32()).as(ShutdownChunk::new),
                u8().map(ShutdownAckChunk::new),
                Combinators.combine(u8(), causeLists()).as(ErrorChunk::new),
                Combinators.combine(u8(), bytes(40)).as(CookieEchoChunk::new),
                u8().map(CookieAckChunk::new),
                Combinators.combine(u8().filter(t -> ChunkType.of(t) == null || !ChunkType.of(t).isCore()), u8(), bytes(30))
                        .as(OpaqueChunk::new)));
    }

    /** The chunks that must travel alone. */
    @Provide
    Arbitrary<Chunk> lonerChunks() {
        return Arbitraries.oneOf(List.of(
                Combinators.combine(u8(), i32(), u32(), u16(), u16(), i32(), parameterLists()).as(InitChunk::new),
                Combinators.combine(u8(), i32(), u32(), u16(), u16(), i32(), parameterLists()).as(InitAckChunk::new),
                u8().map(ShutdownCompleteChunk::new)));
    }

    @Provide
    Arbitrary<Chunk> chunks() {
        return Arbitraries.oneOf(bundlableChunks(), lonerChunks());
    }

    static Arbitrary<List<SackChunk.GapAckBlock>> gapBlocks() {
        return Combinators.combine(u16(), u16()).as(SackChunk.GapAckBlock::new).list().ofMaxSize(5);
    }

    @Provide
    Arbitrary<SctpPacket> packets() {
        Arbitrary<List<Chunk>> chunkLists = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, lonerChunks().map(List::of)),
                net.jqwik.api.Tuple.of(4, bundlableChunks().list().ofMinSize(1).ofMaxSize(6)));
        return Combinators.combine(u16(), u16(), i32(), chunkLists).as(SctpPacket::new);
    }

    static Inet4Address v4(byte[] b) {
        try {
            return (Inet4Address) InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static Inet6Address v6(byte[] b) {
        try {
            return Inet6Address.getByAddress(null, b, -1);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** Keeps the generators honest: every chunk, parameter and cause record comes out of them. */
    @Example
    void generatorsReachEveryRecord() {
        Set<Class<?>> chunkKinds = new HashSet<>();
        chunks().sampleStream().limit(3000).forEach(c -> chunkKinds.add(c.getClass()));
        assertEquals(Set.of(Chunk.class.getPermittedSubclasses()), chunkKinds);
        Set<Class<?>> parameterKinds = new HashSet<>();
        parameters().sampleStream().limit(3000).forEach(p -> parameterKinds.add(p.getClass()));
        assertEquals(Set.of(Parameter.class.getPermittedSubclasses()), parameterKinds);
        Set<Class<?>> causeKinds = new HashSet<>();
        causes().sampleStream().limit(3000).forEach(c -> causeKinds.add(c.getClass()));
        assertEquals(Set.of(ErrorCause.class.getPermittedSubclasses()), causeKinds);
    }
}
