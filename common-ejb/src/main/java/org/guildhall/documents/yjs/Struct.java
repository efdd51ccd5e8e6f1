package org.guildhall.documents.yjs;

/**
 * One run of a client's clock in an update: an {@link Item}, a garbage-collected range ({@link Gc}) or a range
 * the update does not carry ({@link Skip}).
 */
public sealed interface Struct permits Item, Gc, Skip {

    long client();

    long clock();

    /** How many clock units this struct covers. */
    long length();

    /** The first clock after this struct. */
    default long end() {
        return clock() + length();
    }

    /** The part of this struct from {@code offset} clock units on; {@code 0 < offset < length()}. */
    Struct sliceFrom(long offset);
}
