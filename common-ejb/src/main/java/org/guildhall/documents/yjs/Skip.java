package org.guildhall.documents.yjs;

/**
 * A clock range a merged update does not contain, written so that the structs after it keep their clocks. A
 * receiver must not count it as known: state vectors stop at the first skip.
 */
public record Skip(long client, long clock, long length) implements Struct {

    public Skip {
        if (length <= 0) {
            throw new IllegalArgumentException("empty skip");
        }
    }

    @Override
    public Skip sliceFrom(long offset) {
        return new Skip(client, clock + offset, length - offset);
    }
}
