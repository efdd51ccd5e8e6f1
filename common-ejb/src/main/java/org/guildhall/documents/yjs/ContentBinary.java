package org.guildhall.documents.yjs;

import java.util.Arrays;

/** A Uint8Array inserted into an array or map. */
public final class ContentBinary implements ItemContent {

    private final byte[] bytes;

    ContentBinary(byte[] bytes) {
        this.bytes = bytes;
    }

    public static ContentBinary of(byte[] bytes) {
        return new ContentBinary(bytes.clone());
    }

    /** A copy of the bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public int ref() {
        return 3;
    }

    @Override
    public long length() {
        return 1;
    }

    @Override
    public void write(Lib0Writer out) {
        out.writeVarBytes(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ContentBinary other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }
}
