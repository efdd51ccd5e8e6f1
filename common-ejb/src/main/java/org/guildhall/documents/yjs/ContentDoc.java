package org.guildhall.documents.yjs;

import java.util.Arrays;

/** A subdocument: its guid and the options it was created with (a lib0 Any value, kept as bytes). */
public final class ContentDoc implements ItemContent {

    private final String guid;
    private final byte[] encodedOptions;

    ContentDoc(String guid, byte[] encodedOptions) {
        this.guid = guid;
        this.encodedOptions = encodedOptions;
    }

    /** A subdocument with these options (usually a map such as {@code {"meta": ...}}). */
    public static ContentDoc of(String guid, Object options) {
        Lib0Writer out = new Lib0Writer();
        out.writeAny(options);
        return new ContentDoc(guid, out.toByteArray());
    }

    public String guid() {
        return guid;
    }

    /** The options as {@link Lib0Reader#readAny()} decodes them (usually a map). */
    public Object options() {
        try {
            return new Lib0Reader(encodedOptions).readAny();
        } catch (MalformedUpdateException e) {
            throw new IllegalStateException("subdocument options were checked when they were read", e);
        }
    }

    @Override
    public int ref() {
        return 9;
    }

    @Override
    public long length() {
        return 1;
    }

    @Override
    public void write(Lib0Writer out) {
        out.writeVarString(guid);
        out.writeBytes(encodedOptions);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ContentDoc other
                && guid.equals(other.guid)
                && Arrays.equals(encodedOptions, other.encodedOptions);
    }

    @Override
    public int hashCode() {
        return 31 * guid.hashCode() + Arrays.hashCode(encodedOptions);
    }
}
