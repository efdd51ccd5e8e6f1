package org.guildhall.documents.yjs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The legacy JSON content: each element is a JSON text (or the word {@code undefined}). Kept as the wire's strings,
 * which is what yjs re-writes for anything it wrote itself.
 */
public final class ContentJson implements ItemContent {

    private final int count;
    /** The elements as consecutive lib0 strings. */
    private final byte[] encoded;

    ContentJson(int count, byte[] encoded) {
        if (count <= 0) {
            throw new IllegalArgumentException("empty JSON content");
        }
        this.count = count;
        this.encoded = encoded;
    }

    /** Content holding these JSON texts; {@code "undefined"} stands for undefined, as in yjs. */
    public static ContentJson of(List<String> jsonTexts) {
        Lib0Writer out = new Lib0Writer();
        for (String json : jsonTexts) {
            if (!json.equals("undefined") && !JsonSyntax.isValid(json)) {
                throw new IllegalArgumentException("not JSON: " + json);
            }
            out.writeVarString(json);
        }
        return new ContentJson(jsonTexts.size(), out.toByteArray());
    }

    /** The elements' JSON texts ({@code "undefined"} for undefined). */
    public List<String> values() {
        Lib0Reader in = new Lib0Reader(encoded);
        List<String> values = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                values.add(in.readVarString());
            }
        } catch (MalformedUpdateException e) {
            throw new IllegalStateException("JSON content was checked when it was read", e);
        }
        return Collections.unmodifiableList(values);
    }

    @Override
    public int ref() {
        return 2;
    }

    @Override
    public long length() {
        return count;
    }

    @Override
    public ContentJson sliceFrom(long offset) {
        Lib0Reader in = new Lib0Reader(encoded);
        try {
            for (long i = 0; i < offset; i++) {
                in.skipVarString();
            }
        } catch (MalformedUpdateException e) {
            throw new IllegalStateException("JSON content was checked when it was read", e);
        }
        return new ContentJson(count - (int) offset, in.copy(in.position(), encoded.length));
    }

    @Override
    public void write(Lib0Writer out) {
        out.writeVarUint(count);
        out.writeBytes(encoded);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ContentJson other && count == other.count && Arrays.equals(encoded, other.encoded);
    }

    @Override
    public int hashCode() {
        return 31 * count + Arrays.hashCode(encoded);
    }
}
