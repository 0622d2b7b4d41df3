package io.jsctp.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@link Bytes}: content equality of views, slices that share the array, hex in and out. */
class BytesTest {

    @Test
    void equalityIsByContentWhateverTheArrayAndOffset() {
        byte[] big = {9, 9, 1, 2, 3, 9};
        Bytes view = Bytes.wrap(big, 2, 3);
        Bytes own = Bytes.wrap(new byte[] {1, 2, 3});
        assertEquals(own, view);
        assertEquals(view, own);
        assertEquals(own.hashCode(), view.hashCode());
        assertEquals(Arrays.hashCode(new byte[] {1, 2, 3}), view.hashCode(), "same hash as Arrays.hashCode");
        assertNotEquals(own, Bytes.wrap(new byte[] {1, 2}));
        assertNotEquals(own, Bytes.wrap(new byte[] {1, 2, 4}));
        assertNotEquals(own, new byte[] {1, 2, 3});
        assertNotEquals(own, null);
        assertEquals(Bytes.EMPTY, Bytes.wrap(big, 4, 0));
    }

    @Test
    void slicesShareTheArrayAndCheckBounds() {
        Bytes b = Bytes.fromHex("00112233445566");
        Bytes s = b.slice(2, 3);
        assertEquals(Bytes.fromHex("223344"), s);
        assertEquals((byte) 0x33, s.get(1));
        assertEquals(Bytes.fromHex("33"), s.slice(1, 1));
        assertSame(Bytes.EMPTY, b.slice(7, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> b.slice(-1, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> b.slice(5, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> b.slice(0, -1));
        assertThrows(IndexOutOfBoundsException.class, () -> s.get(3));
        assertThrows(IndexOutOfBoundsException.class, () -> s.get(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> Bytes.wrap(new byte[4], 2, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> Bytes.wrap(new byte[4], -1, 1));
        // A view: wrap takes ownership, so a change of the array shows (and is the caller's fault).
        byte[] a = {1, 2, 3};
        Bytes wrapped = Bytes.wrap(a).slice(1, 2);
        a[2] = 7;
        assertEquals(Bytes.fromHex("0207"), wrapped);
    }

    @Test
    void copiesAreIndependent() {
        byte[] a = {1, 2, 3};
        Bytes copy = Bytes.copyOf(a);
        a[0] = 9;
        assertEquals(Bytes.fromHex("010203"), copy);
        byte[] out = copy.toArray();
        out[0] = 9;
        assertEquals(Bytes.fromHex("010203"), copy);
        ByteBuffer buf = ByteBuffer.wrap(new byte[] {5, 6, 7, 8});
        buf.position(3);
        Bytes fromBuffer = Bytes.copyOf(buf, 1, 2);
        assertEquals(Bytes.fromHex("0607"), fromBuffer);
        assertEquals(3, buf.position(), "absolute read");
        buf.put(1, (byte) 0);
        assertEquals(Bytes.fromHex("0607"), fromBuffer);
        assertSame(Bytes.EMPTY, Bytes.copyOf(buf, 0, 0));
        assertSame(Bytes.EMPTY, Bytes.wrap(new byte[0]));
    }

    @Test
    void hexAndText() {
        Bytes b = Bytes.fromHex("00ff7F80");
        assertEquals("00ff7f80", b.toHex());
        assertEquals(4, b.length());
        assertEquals("0x00ff7f80", b.toString());
        assertEquals("", Bytes.EMPTY.toHex());
        assertTrue(Bytes.EMPTY.isEmpty());
        byte[] forty = new byte[40];
        forty[0] = 1;
        assertEquals("0x01" + "00".repeat(31) + "...(40 bytes)", Bytes.wrap(forty).toString());
        assertThrows(IllegalArgumentException.class, () -> Bytes.fromHex("abc"));
        assertThrows(IllegalArgumentException.class, () -> Bytes.fromHex("zz"));
    }

    @Test
    void writingOut() {
        Bytes b = Bytes.wrap(new byte[] {0, 1, 2, 3, 4}, 1, 3);
        ByteBuffer out = ByteBuffer.allocate(5);
        out.put((byte) 9);
        b.writeTo(out);
        assertEquals(4, out.position());
        assertArrayEquals(new byte[] {9, 1, 2, 3, 0}, out.array());
        byte[] dest = new byte[5];
        b.copyTo(dest, 2);
        assertArrayEquals(new byte[] {0, 0, 1, 2, 3}, dest);
        ByteBuffer ro = b.asReadOnlyBuffer();
        assertTrue(ro.isReadOnly());
        assertEquals(0, ro.position());
        assertEquals(3, ro.remaining());
        assertEquals(1, ro.get(0));
        assertThrows(ReadOnlyBufferException.class, () -> ro.put(0, (byte) 5));
    }
}
