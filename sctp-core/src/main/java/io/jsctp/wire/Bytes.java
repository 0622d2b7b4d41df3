package io.jsctp.wire;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable run of bytes: a view of part of an array that nobody writes to after the view is made.
 *
 * <p>Chunks carry their variable-length fields (user data, cookies, heartbeat information, opaque
 * values) as {@code Bytes} so that records compare by content, and so that the sender can cut a
 * large message into fragments without copying it: each fragment is a view of the message's array.
 */
public final class Bytes {
    public static final Bytes EMPTY = new Bytes(new byte[0], 0, 0);
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] array;
    private final int offset;
    private final int length;

    private Bytes(byte[] array, int offset, int length) {
        this.array = array;
        this.offset = offset;
        this.length = length;
    }

    /** Takes ownership of {@code array}: the caller must not modify it afterwards. */
    public static Bytes wrap(byte[] array) {
        return array.length == 0 ? EMPTY : new Bytes(array, 0, array.length);
    }

    /** Takes ownership of part of {@code array}: the caller must not modify it afterwards. */
    public static Bytes wrap(byte[] array, int offset, int length) {
        if (offset < 0 || length < 0 || offset > array.length - length) {
            throw new IndexOutOfBoundsException("offset " + offset + " length " + length + " array " + array.length);
        }
        return length == 0 ? EMPTY : new Bytes(array, offset, length);
    }

    /** A copy of {@code array}; the caller keeps its array. */
    public static Bytes copyOf(byte[] array) {
        return wrap(array.clone());
    }

    /** A copy of {@code length} bytes of {@code buffer} at absolute index {@code index}. */
    public static Bytes copyOf(ByteBuffer buffer, int index, int length) {
        if (length == 0) {
            return EMPTY;
        }
        byte[] copy = new byte[length];
        buffer.get(index, copy, 0, length);
        return new Bytes(copy, 0, length);
    }

    public static Bytes fromHex(String hex) {
        return wrap(HEX.parseHex(hex));
    }

    public int length() {
        return length;
    }

    public boolean isEmpty() {
        return length == 0;
    }

    public byte get(int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException(index);
        }
        return array[offset + index];
    }

    /** A view of {@code [from, from + len)} of these bytes, sharing the array. */
    public Bytes slice(int from, int len) {
        if (from < 0 || len < 0 || from > length - len) {
            throw new IndexOutOfBoundsException("slice " + from + "+" + len + " of " + length);
        }
        return len == 0 ? EMPTY : new Bytes(array, offset + from, len);
    }

    /** Writes these bytes at the buffer's position, advancing it. */
    public void writeTo(ByteBuffer out) {
        out.put(array, offset, length);
    }

    /** Copies these bytes into {@code dest} at {@code destOffset}. */
    public void copyTo(byte[] dest, int destOffset) {
        System.arraycopy(array, offset, dest, destOffset, length);
    }

    public byte[] toArray() {
        return Arrays.copyOfRange(array, offset, offset + length);
    }

    /** A read-only buffer over these bytes, without copying. */
    public ByteBuffer asReadOnlyBuffer() {
        return ByteBuffer.wrap(array, offset, length).slice().asReadOnlyBuffer();
    }

    public String toHex() {
        return HEX.formatHex(array, offset, offset + length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes b
                && Arrays.equals(array, offset, offset + length, b.array, b.offset, b.offset + b.length);
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = offset; i < offset + length; i++) {
            h = 31 * h + array[i];
        }
        return h;
    }

    @Override
    public String toString() {
        return length <= 32 ? "0x" + toHex() : "0x" + slice(0, 32).toHex() + "...(" + length + " bytes)";
    }
}
