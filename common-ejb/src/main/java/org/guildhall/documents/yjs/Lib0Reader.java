package org.guildhall.documents.yjs;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads lib0's binary encoding (the primitives of every Yjs message). Unlike lib0 itself, every read is checked
 * against the bytes that are left, and every declared length or count is checked before anything is allocated for
 * it, so hostile input fails fast with a {@link MalformedUpdateException} instead of hanging or exhausting memory.
 *
 * <p>Not thread-safe: one reader per message.
 */
public final class Lib0Reader {

    /** JavaScript's Number.MAX_SAFE_INTEGER: lib0 refuses larger variable-length integers, and so do we. */
    public static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    /** Deeper nesting than this in an Any value or JSON text is refused rather than risking the stack. */
    static final int MAX_NESTING = 512;

    private final byte[] buf;
    private final int end;
    private int pos;
    private CharsetDecoder utf8;

    public Lib0Reader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    public Lib0Reader(byte[] buf, int offset, int length) {
        if (offset < 0 || length < 0 || offset > buf.length - length) {
            throw new IndexOutOfBoundsException("offset " + offset + ", length " + length + ", size " + buf.length);
        }
        this.buf = buf;
        this.pos = offset;
        this.end = offset + length;
    }

    public int position() {
        return pos;
    }

    public int remaining() {
        return end - pos;
    }

    public boolean hasRemaining() {
        return pos < end;
    }

    /** A copy of the bytes between two positions this reader has already passed. */
    byte[] copy(int from, int to) {
        byte[] out = new byte[to - from];
        System.arraycopy(buf, from, out, 0, out.length);
        return out;
    }

    MalformedUpdateException malformed(String reason) {
        return new MalformedUpdateException(reason, pos);
    }

    private void require(long n, String what) throws MalformedUpdateException {
        if (n > end - pos) {
            throw malformed("truncated: " + what + " needs " + n + " bytes, " + (end - pos) + " left");
        }
    }

    public int readUint8() throws MalformedUpdateException {
        require(1, "a byte");
        return buf[pos++] & 0xff;
    }

    /** An unsigned variable-length integer of at most 53 bits (clients, clocks, lengths). */
    public long readVarUint() throws MalformedUpdateException {
        int start = pos;
        long value = 0;
        int shift = 0;
        while (true) {
            if (pos >= end) {
                throw new MalformedUpdateException("truncated: unterminated variable-length integer", start);
            }
            int b = buf[pos++] & 0xff;
            long chunk = b & 0x7f;
            // A non-minimal encoding may carry zero groups past 53 bits; lib0 accepts it, the value is what counts.
            if (chunk != 0) {
                if (shift > 52 || (chunk << shift) > MAX_SAFE_INTEGER - value) {
                    throw new MalformedUpdateException("integer larger than 2^53-1", start);
                }
                value += chunk << shift;
            }
            if (b < 0x80) {
                return value;
            }
            shift += 7;
        }
    }

    /**
     * A count of things that each take at least one byte, so a count larger than what is left is refused before
     * anything is allocated for it.
     */
    public int readCount(String what) throws MalformedUpdateException {
        int start = pos;
        long n = readVarUint();
        if (n > end - pos) {
            throw new MalformedUpdateException(
                    "truncated: " + n + " " + what + " declared, " + (end - pos) + " bytes left", start);
        }
        return (int) n;
    }

    /**
     * A signed variable-length integer (sign in the first byte's 0x40 bit). lib0 can write -0; it reads here as 0,
     * see {@link #readAny()} for where the difference is kept.
     */
    public long readVarInt() throws MalformedUpdateException {
        int start = pos;
        require(1, "a signed integer");
        int b = buf[pos++] & 0xff;
        long value = b & 0x3f;
        boolean negative = (b & 0x40) != 0;
        int shift = 6;
        while ((b & 0x80) != 0) {
            if (pos >= end) {
                throw new MalformedUpdateException("truncated: unterminated signed integer", start);
            }
            b = buf[pos++] & 0xff;
            long chunk = b & 0x7f;
            if (chunk != 0) {
                if (shift > 52 || (chunk << shift) > MAX_SAFE_INTEGER - value) {
                    throw new MalformedUpdateException("signed integer beyond ±(2^53-1)", start);
                }
                value += chunk << shift;
            }
            shift += 7;
        }
        return negative ? -value : value;
    }

    /** Bytes prefixed by their length. */
    public byte[] readVarBytes() throws MalformedUpdateException {
        int n = readCount("bytes");
        byte[] out = new byte[n];
        System.arraycopy(buf, pos, out, 0, n);
        pos += n;
        return out;
    }

    /**
     * A string as lib0 writes it: its UTF-8 length, then UTF-8. Invalid UTF-8 is refused, as lib0's fatal
     * TextDecoder refuses it; a byte order mark is kept, as lib0 keeps it.
     */
    public String readVarString() throws MalformedUpdateException {
        int n = readCount("string bytes");
        int start = pos;
        pos += n;
        boolean ascii = true;
        for (int i = start; i < start + n; i++) {
            if (buf[i] < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(buf, start, n, StandardCharsets.ISO_8859_1);
        }
        if (utf8 == null) {
            utf8 = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
        }
        try {
            CharBuffer chars = utf8.reset().decode(ByteBuffer.wrap(buf, start, n));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new MalformedUpdateException("string is not valid UTF-8", start);
        }
    }

    /** Skips a string, still checking that it is valid UTF-8. */
    void skipVarString() throws MalformedUpdateException {
        readVarString();
    }

    public float readFloat32() throws MalformedUpdateException {
        require(4, "a float32");
        int bits = ((buf[pos] & 0xff) << 24)
                | ((buf[pos + 1] & 0xff) << 16)
                | ((buf[pos + 2] & 0xff) << 8)
                | (buf[pos + 3] & 0xff);
        pos += 4;
        return Float.intBitsToFloat(bits);
    }

    public double readFloat64() throws MalformedUpdateException {
        return Double.longBitsToDouble(readInt64());
    }

    public long readBigInt64() throws MalformedUpdateException {
        return readInt64();
    }

    private long readInt64() throws MalformedUpdateException {
        require(8, "8 bytes");
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[pos + i] & 0xff);
        }
        pos += 8;
        return v;
    }

    private void skip(int n, String what) throws MalformedUpdateException {
        require(n, what);
        pos += n;
    }

    /**
     * A lib0 Any value as a Java value: {@link JsUndefined#INSTANCE}, {@code null}, {@link Long} (integers),
     * {@link Double} (float32 and float64; -0 from an integer tag too), {@link BigInteger} (bigint),
     * {@link Boolean}, {@link String}, {@code Map<String,Object>} (in wire order), {@code List<Object>} or
     * {@code byte[]}.
     */
    public Object readAny() throws MalformedUpdateException {
        return readAny(0);
    }

    private Object readAny(int depth) throws MalformedUpdateException {
        if (depth > MAX_NESTING) {
            throw malformed("Any value nested deeper than " + MAX_NESTING);
        }
        int tag = readUint8();
        switch (tag) {
            case 127:
                return JsUndefined.INSTANCE;
            case 126:
                return null;
            case 125: {
                boolean negativeZero = pos < end && (buf[pos] & 0xff) == 0x40;
                long v = readVarInt();
                return negativeZero ? (Object) (-0.0d) : (Object) v;
            }
            case 124:
                return (double) readFloat32();
            case 123:
                return readFloat64();
            case 122:
                return BigInteger.valueOf(readBigInt64());
            case 121:
                return Boolean.FALSE;
            case 120:
                return Boolean.TRUE;
            case 119:
                return readVarString();
            case 118: {
                int n = readCount("object entries");
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    String key = readVarString();
                    map.put(key, readAny(depth + 1));
                }
                return map;
            }
            case 117: {
                int n = readCount("array elements");
                List<Object> list = new ArrayList<>(Math.min(n, 1024));
                for (int i = 0; i < n; i++) {
                    list.add(readAny(depth + 1));
                }
                return list;
            }
            case 116:
                return readVarBytes();
            default:
                throw new MalformedUpdateException("unknown Any type tag " + tag, pos - 1);
        }
    }

    /** Checks and passes over one Any value without building it. */
    public void skipAny() throws MalformedUpdateException {
        skipAny(0);
    }

    private void skipAny(int depth) throws MalformedUpdateException {
        if (depth > MAX_NESTING) {
            throw malformed("Any value nested deeper than " + MAX_NESTING);
        }
        int tag = readUint8();
        switch (tag) {
            case 127, 126, 121, 120 -> {}
            case 125 -> readVarInt();
            case 124 -> skip(4, "a float32");
            case 123, 122 -> skip(8, "8 bytes");
            case 119 -> skipVarString();
            case 118 -> {
                int n = readCount("object entries");
                for (int i = 0; i < n; i++) {
                    skipVarString();
                    skipAny(depth + 1);
                }
            }
            case 117 -> {
                int n = readCount("array elements");
                for (int i = 0; i < n; i++) {
                    skipAny(depth + 1);
                }
            }
            case 116 -> skip(readCount("bytes"), "bytes");
            default -> throw new MalformedUpdateException("unknown Any type tag " + tag, pos - 1);
        }
    }
}
