package org.guildhall.documents.yjs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** Plain values inserted into arrays and maps (lib0 Any encoding), kept as their wire bytes. */
public final class ContentAny implements ItemContent {

    private final int count;
    /** The elements as consecutive lib0 Any values. */
    private final byte[] encoded;

    ContentAny(int count, byte[] encoded) {
        if (count <= 0) {
            throw new IllegalArgumentException("empty Any content");
        }
        this.count = count;
        this.encoded = encoded;
    }

    /** Content holding these values, encoded as {@link Lib0Writer#writeAny(Object)} encodes them. */
    public static ContentAny of(List<?> values) {
        Lib0Writer out = new Lib0Writer();
        values.forEach(out::writeAny);
        return new ContentAny(values.size(), out.toByteArray());
    }

    /** The values, decoded as {@link Lib0Reader#readAny()} describes. */
    public List<Object> values() {
        Lib0Reader in = new Lib0Reader(encoded);
        List<Object> values = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                values.add(in.readAny());
            }
        } catch (MalformedUpdateException e) {
            throw new IllegalStateException("Any content was checked when it was read", e);
        }
        return Collections.unmodifiableList(values);
    }

    @Override
    public int ref() {
        return 8;
    }

    @Override
    public long length() {
        return count;
    }

    @Override
    public ContentAny sliceFrom(long offset) {
        Lib0Reader in = new Lib0Reader(encoded);
        try {
            for (long i = 0; i < offset; i++) {
                in.skipAny();
            }
        } catch (MalformedUpdateException e) {
            throw new IllegalStateException("Any content was checked when it was read", e);
        }
        return new ContentAny(count - (int) offset, in.copy(in.position(), encoded.length));
    }

    @Override
    public void write(Lib0Writer out) {
        out.writeVarUint(count);
        out.writeBytes(encoded);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ContentAny other && count == other.count && Arrays.equals(encoded, other.encoded);
    }

    @Override
    public int hashCode() {
        return 31 * count + Arrays.hashCode(encoded);
    }
}
