package org.guildhall.documents.yjs;

/** Deleted content of which only the length is kept. */
public record ContentDeleted(long length) implements ItemContent {

    public ContentDeleted {
        if (length <= 0) {
            throw new IllegalArgumentException("empty deleted content");
        }
    }

    @Override
    public int ref() {
        return 1;
    }

    @Override
    public ContentDeleted sliceFrom(long offset) {
        return new ContentDeleted(length - offset);
    }

    @Override
    public void write(Lib0Writer out) {
        out.writeVarUint(length);
    }
}
