package io.jsctp.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jsctp.wire.ip.IpHeaderWriter;
import io.jsctp.wire.ip.IpProtocols;
import io.jsctp.wire.ip.Ipv4Header;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class PcapngWriterTest {

    static final long T = 1_700_000_000_123_456_789L;

    @Test
    void roundTripsPacketsInterfacesDirectionsAndComments() throws Exception {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        InetAddress a4 = InetAddress.getByName("10.0.0.1");
        InetAddress b4 = InetAddress.getByName("10.0.0.2");
        InetAddress a6 = InetAddress.getByName("2001:db8::1");
        InetAddress b6 = InetAddress.getByName("2001:db8::2");
        byte[] init = SctpBytes.init(5000, 6000, 0x11111111L);
        byte[] data = SctpBytes.data(6000, 5000, 0x11111111L, 7, "payload".getBytes());
        // A packet with a real IPv4 header, as a raw IPv4 socket receives it.
        ByteBuffer received = ByteBuffer.allocate(20 + data.length);
        IpHeaderWriter.writePacket(received, b4, a4, IpProtocols.SCTP, ByteBuffer.wrap(data));
        received.flip();

        try (PcapngWriter w = new PcapngWriter(file, "host A, seed 42")) {
            assertEquals(0, w.addInterface("10.0.0.1", "host A, IPv4"));
            w.writeIpPacket(0, T, Direction.OUTBOUND, a4, b4, IpProtocols.SCTP, ByteBuffer.wrap(init), "INIT to B");
            w.writePacket(0, T + 1, Direction.INBOUND, received, null);
            // Declared after packets were written: still valid pcapng (draft-ietf-opsawg-pcapng §4.2).
            assertEquals(1, w.addInterface("2001:db8::1", null));
            w.writeIpPacket(1, T + 2, Direction.UNKNOWN, a6, b6, IpProtocols.SCTP, ByteBuffer.wrap(init), "");
            w.writeIpPacket(0, 0, Direction.INBOUND, b4, a4, IpProtocols.SCTP, ByteBuffer.wrap(new byte[0]), "line 1\nline 2");
            assertEquals(4, w.packetCount());
        }
        assertEquals(0, received.position(), "the caller's buffer did not move");

        List<Frame> frames = CaptureReaderMalformedTest.readAll(file.toByteArray());
        assertEquals(4, frames.size());

        Frame f1 = frames.get(0);
        assertEquals(1, f1.number());
        assertEquals(T, f1.timestampNanos(), "nanoseconds survive: if_tsresol 9");
        assertEquals(LinkType.RAW, f1.linkType());
        assertEquals(new CaptureInterface(0, 0, LinkType.RAW, 0, "10.0.0.1", "host A, IPv4"), f1.captureInterface());
        assertEquals(Direction.OUTBOUND, f1.direction());
        assertEquals(List.of("INIT to B"), f1.comments());
        IpPacket p1 = f1.ipPacket().orElseThrow();
        assertEquals(a4, p1.source());
        assertEquals(b4, p1.destination());
        assertTrue(p1.isSctp());
        assertArrayEquals(init, p1.payload());
        Ipv4Header h1 = (Ipv4Header) p1.header();
        assertTrue(h1.checksumValid() && h1.dontFragment());
        assertEquals(64, h1.ttl());

        Frame f2 = frames.get(1);
        assertEquals(Direction.INBOUND, f2.direction());
        assertEquals(List.of(), f2.comments());
        assertArrayEquals(received.array(), f2.data(), "written byte for byte");
        assertArrayEquals(data, f2.ipPacket().orElseThrow().payload());

        Frame f3 = frames.get(2);
        assertEquals(Direction.UNKNOWN, f3.direction());
        assertEquals(List.of(), f3.comments(), "an empty comment is no comment");
        assertEquals("2001:db8::1", f3.captureInterface().name());
        assertEquals("", f3.captureInterface().description());
        IpPacket p3 = f3.ipPacket().orElseThrow();
        assertEquals(a6, p3.source());
        assertEquals(6, p3.header().version());
        assertArrayEquals(init, p3.payload());

        Frame f4 = frames.get(3);
        assertEquals(0, f4.timestampNanos());
        assertEquals(List.of("line 1\nline 2"), f4.comments());
        assertEquals(20, f4.data().length);
    }

    @Test
    void buffersUntilFlushAndLeavesTheStreamToItsOwner() throws Exception {
        RecordingStream stream = new RecordingStream();
        PcapngWriter w = new PcapngWriter(stream);
        int id = w.addInterface("10.0.0.1", null);
        w.writePacket(id, T, Direction.OUTBOUND, ByteBuffer.wrap(CaptureReaderMalformedTest.IPV4_INIT), null);
        assertEquals(0, stream.size(), "nothing reaches the stream before a flush");
        w.flush();
        assertTrue(stream.flushed);
        byte[] afterFlush = stream.toByteArray();
        assertEquals(1, CaptureReaderMalformedTest.readAll(afterFlush).size(), "a flush leaves only whole blocks");
        w.writePacket(id, T + 1, Direction.OUTBOUND, ByteBuffer.wrap(CaptureReaderMalformedTest.IPV4_INIT), null);
        w.close();
        assertFalse(stream.closed, "the caller owns the stream");
        assertEquals(2, CaptureReaderMalformedTest.readAll(stream.toByteArray()).size(), "close flushes");
        w.close();
        IOException e = assertThrows(IOException.class,
                () -> w.writePacket(id, T, Direction.OUTBOUND, ByteBuffer.wrap(CaptureReaderMalformedTest.IPV4_INIT), null));
        assertTrue(e.getMessage().contains("closed"));
        assertThrows(IOException.class, () -> w.addInterface("x", null));
        assertThrows(IOException.class, w::flush);
    }

    @Test
    void aFailedStreamStopsTheWriter() throws Exception {
        FailingStream stream = new FailingStream();
        PcapngWriter w = new PcapngWriter(stream);
        int id = w.addInterface("10.0.0.1", null);
        // Larger than the internal buffer, so the write goes straight to the stream and fails.
        ByteBuffer big = ByteBuffer.allocate(100_000);
        IOException first = assertThrows(IOException.class, () -> w.writePacket(id, T, Direction.INBOUND, big, null));
        assertSame(stream.failure, first);
        IOException later = assertThrows(IOException.class, () -> w.writePacket(id, T, Direction.INBOUND, big, null));
        assertSame(first, later.getCause());
        assertTrue(later.getMessage().contains("partial block"));
        assertThrows(IOException.class, w::flush);
        w.close(); // nothing more to flush after a failure; does not throw again
    }

    @Test
    void refusesCallerMistakesWithoutWritingAnything() throws Exception {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        PcapngWriter w = new PcapngWriter(file);
        int id = w.addInterface("10.0.0.1", null);
        w.flush();
        int size = file.size();
        ByteBuffer packet = ByteBuffer.wrap(CaptureReaderMalformedTest.IPV4_INIT);
        InetAddress v4 = InetAddress.getByName("10.0.0.1");
        InetAddress v6 = InetAddress.getByName("::1");
        assertThrows(IllegalArgumentException.class, () -> w.writePacket(1, T, Direction.INBOUND, packet, null));
        assertThrows(IllegalArgumentException.class, () -> w.writePacket(-1, T, Direction.INBOUND, packet, null));
        assertThrows(IllegalArgumentException.class, () -> w.writePacket(id, -1, Direction.INBOUND, packet, null));
        assertThrows(NullPointerException.class, () -> w.writePacket(id, T, null, packet, null));
        assertThrows(IllegalArgumentException.class, () -> w.writePacket(id, T, Direction.INBOUND, packet, "x".repeat(70_000)));
        assertThrows(IllegalArgumentException.class,
                () -> w.writeIpPacket(id, T, Direction.INBOUND, v4, v6, 132, ByteBuffer.allocate(4), null));
        assertThrows(IllegalArgumentException.class,
                () -> w.writeIpPacket(id, T, Direction.INBOUND, v4, v4, 132, ByteBuffer.allocate(70_000), null));
        assertThrows(IllegalArgumentException.class,
                () -> w.writeIpPacket(id, T, Direction.INBOUND, v4, v4, 300, ByteBuffer.allocate(4), null));
        assertThrows(IllegalArgumentException.class, () -> w.addInterface("", null));
        assertThrows(NullPointerException.class, () -> w.addInterface(null, null));
        w.flush();
        assertEquals(size, file.size());
        assertEquals(0, w.packetCount());
        w.writePacket(id, T, Direction.INBOUND, packet, null);
        w.close();
        assertEquals(1, CaptureReaderMalformedTest.readAll(file.toByteArray()).size(), "still usable after refusals");
    }

    @Test
    void theSameCallsGiveTheSameBytes() throws Exception {
        assertArrayEquals(sample(), sample(), "no clock, no host byte order, no randomness");
    }

    @Test
    void writesLittleEndianPcapngVersion1WithRawInterfacesAndNanosecondResolution() throws Exception {
        byte[] b = sample();
        ByteBuffer bb = ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x0A0D0D0A, bb.getInt(0));
        assertEquals(0x1A2B3C4D, bb.getInt(8));
        assertEquals(1, bb.getShort(12));
        assertEquals(0, bb.getShort(14));
        assertEquals(-1L, bb.getLong(16), "Section Length not specified");
        int idb = bb.getInt(4);
        assertEquals(1, bb.getInt(idb));
        assertEquals(LinkType.RAW, bb.getShort(idb + 8));
        assertEquals(0, bb.getInt(idb + 12), "SnapLen 0: no limit");
        String idbText = new String(b, idb, bb.getInt(idb + 4), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(idbText.contains("\u0009\u0000\u0001\u0000\u0009"), "if_tsresol option: code 9, length 1, value 9");
    }

    private static byte[] sample() throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        try (PcapngWriter w = new PcapngWriter(file)) {
            int id = w.addInterface("10.0.0.1", "A");
            w.writeIpPacket(id, T, Direction.OUTBOUND, InetAddress.getByName("10.0.0.1"), InetAddress.getByName("10.0.0.2"),
                    132, ByteBuffer.wrap(SctpBytes.init(1, 2, 3)), "c");
        }
        return file.toByteArray();
    }

    /** An in-memory stream that remembers being flushed and closed. */
    static final class RecordingStream extends ByteArrayOutputStream {
        boolean flushed;
        boolean closed;

        @Override
        public void flush() {
            flushed = true;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** A stream whose device failed. */
    static final class FailingStream extends OutputStream {
        final IOException failure = new IOException("disk full");

        @Override
        public void write(int b) throws IOException {
            throw failure;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            throw failure;
        }
    }

    @Test
    void readsBackFromAStreamToo() throws Exception {
        byte[] b = sample();
        try (CaptureReader r = CaptureReader.open(new ByteArrayInputStream(b))) {
            assertEquals(CaptureFormat.PCAPNG, r.format());
            assertEquals(List.of("c"), r.next().orElseThrow().comments());
            assertTrue(r.next().isEmpty());
        }
    }
}
