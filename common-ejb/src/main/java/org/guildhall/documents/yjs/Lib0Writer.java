package org.guildhall.documents.yjs;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes lib0's binary encoding, byte for byte as lib0 does in JavaScript. Strings are encoded the way
 * JavaScript's TextEncoder does it: a lone UTF-16 surrogate becomes U+FFFD (EF BF BD), where Java's own encoder
 * would write '?'.
 */
public final class Lib0Writer {

    private byte[] buf;
    private int size;

    public Lib0Writer() {
        this(64);
    }

    public Lib0Writer(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    public int size() {
        return size;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private void ensure(int extra) {
        if (extra > buf.length - size) {
            long wanted = Math.max((long) buf.length * 2, (long) size + extra);
            if (wanted > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("encoded message larger than 2 GiB");
            }
            buf = Arrays.copyOf(buf, (int) wanted);
        }
    }

    public void writeUint8(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    public void writeBytes(byte[] bytes) {
        writeBytes(bytes, 0, bytes.length);
    }

    public void writeBytes(byte[] bytes, int offset, int length) {
        ensure(length);
        System.arraycopy(bytes, offset, buf, size, length);
        size += length;
    }

    public void writeVarUint(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative unsigned integer " + value);
        }
        ensure(10);
        while (value > 0x7f) {
            buf[size++] = (byte) (0x80 | (value & 0x7f));
            value >>>= 7;
        }
        buf[size++] = (byte) value;
    }

    public void writeVarInt(long value) {
        writeVarInt(Math.abs(value), value < 0);
    }

    private void writeVarInt(long magnitude, boolean negative) {
        ensure(10);
        buf[size++] = (byte) ((magnitude > 0x3f ? 0x80 : 0) | (negative ? 0x40 : 0) | (magnitude & 0x3f));
        magnitude >>>= 6;
        while (magnitude > 0) {
            buf[size++] = (byte) ((magnitude > 0x7f ? 0x80 : 0) | (magnitude & 0x7f));
            magnitude >>>= 7;
        }
    }

    public void writeVarBytes(byte[] bytes) {
        writeVarUint(bytes.length);
        writeBytes(bytes);
    }

    public void writeVarString(String s) {
        writeVarString(s, 0);
    }

    /** Writes {@code s.substring(from)} without copying it first. */
    public void writeVarString(String s, int from) {
        int n = s.length();
        int bytes = 0;
        boolean ascii = true;
        for (int i = from; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else {
                ascii = false;
                if (c < 0x800) {
                    bytes += 2;
                } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    bytes += 4;
                    i++;
                } else {
                    bytes += 3; // lone surrogates included: they become U+FFFD
                }
            }
        }
        writeVarUint(bytes);
        ensure(bytes);
        if (ascii) {
            for (int i = from; i < n; i++) {
                buf[size++] = (byte) s.charAt(i);
            }
            return;
        }
        for (int i = from; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                buf[size++] = (byte) c;
            } else if (c < 0x800) {
                buf[size++] = (byte) (0xc0 | (c >> 6));
                buf[size++] = (byte) (0x80 | (c & 0x3f));
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, s.charAt(++i));
                    buf[size++] = (byte) (0xf0 | (cp >> 18));
                    buf[size++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
                    buf[size++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
                    buf[size++] = (byte) (0x80 | (cp & 0x3f));
                } else {
                    buf[size++] = (byte) 0xef;
                    buf[size++] = (byte) 0xbf;
                    buf[size++] = (byte) 0xbd;
                }
            } else {
                buf[size++] = (byte) (0xe0 | (c >> 12));
                buf[size++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                buf[size++] = (byte) (0x80 | (c & 0x3f));
            }
        }
    }

    public void writeFloat32(float value) {
        int bits = Float.floatToRawIntBits(value);
        ensure(4);
        buf[size++] = (byte) (bits >>> 24);
        buf[size++] = (byte) (bits >>> 16);
        buf[size++] = (byte) (bits >>> 8);
        buf[size++] = (byte) bits;
    }

    public void writeFloat64(double value) {
        writeInt64(Double.doubleToRawLongBits(value));
    }

    public void writeBigInt64(long value) {
        writeInt64(value);
    }

    private void writeInt64(long v) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buf[size++] = (byte) (v >>> shift);
        }
    }

    /**
     * Writes a value with lib0's {@code writeAny}, choosing the tag as JavaScript would for the equivalent value:
     * numbers are JavaScript numbers (integers within ±(2^31-1) as var ints, else float32 when exact, else
     * float64), {@link BigInteger} is a bigint, {@link JsUndefined} is undefined.
     */
    public void writeAny(Object value) {
        if (value == null) {
            writeUint8(126);
        } else if (value instanceof JsUndefined) {
            writeUint8(127);
        } else if (value instanceof String s) {
            writeUint8(119);
            writeVarString(s);
        } else if (value instanceof Boolean b) {
            writeUint8(b ? 120 : 121);
        } else if (value instanceof BigInteger big) {
            if (big.bitLength() > 63) {
                throw new IllegalArgumentException("bigint outside 64 bits: " + big);
            }
            writeUint8(122);
            writeBigInt64(big.longValue());
        } else if (value instanceof Long
                || value instanceof Integer
                || value instanceof Short
                || value instanceof Byte) {
            long v = ((Number) value).longValue();
            if (Math.abs(v) <= Integer.MAX_VALUE) {
                writeUint8(125);
                writeVarInt(v);
            } else {
                writeNumber((double) v);
            }
        } else if (value instanceof Number n) {
            writeNumber(n.doubleValue());
        } else if (value instanceof byte[] bytes) {
            writeUint8(116);
            writeVarBytes(bytes);
        } else if (value instanceof Map<?, ?> map) {
            writeUint8(118);
            writeVarUint(map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                writeVarString(String.valueOf(e.getKey()));
                writeAny(e.getValue());
            }
        } else if (value instanceof List<?> list) {
            writeUint8(117);
            writeVarUint(list.size());
            for (Object o : list) {
                writeAny(o);
            }
        } else {
            throw new IllegalArgumentException(
                    "no lib0 Any encoding for " + value.getClass().getName());
        }
    }

    private void writeNumber(double d) {
        boolean integer = !Double.isInfinite(d) && d == Math.rint(d);
        if (integer && Math.abs(d) <= Integer.MAX_VALUE) {
            writeUint8(125);
            writeVarInt((long) Math.abs(d), d < 0 || (d == 0 && 1 / d < 0));
        } else if ((double) (float) d == d) {
            writeUint8(124);
            writeFloat32((float) d);
        } else {
            writeUint8(123);
            writeFloat64(d);
        }
    }
}
