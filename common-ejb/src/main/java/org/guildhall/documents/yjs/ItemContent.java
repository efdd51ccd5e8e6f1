package org.guildhall.documents.yjs;

/**
 * What an item carries. Strings are kept as strings, because their clocks count UTF-16 units and slicing must cut
 * there; everything else stays close to its wire bytes, since a server only stores and forwards it.
 */
public sealed interface ItemContent
        permits ContentDeleted,
                ContentJson,
                ContentBinary,
                ContentString,
                ContentEmbed,
                ContentFormat,
                ContentType,
                ContentAny,
                ContentDoc {

    /** The content's number in the item's info byte (1 to 9). */
    int ref();

    /** How many clock units the content takes. */
    long length();

    /** The part from {@code offset} on, as yjs splits it; only contents longer than one unit can be split. */
    default ItemContent sliceFrom(long offset) {
        throw new IllegalArgumentException(getClass().getSimpleName() + " has length 1 and cannot be sliced");
    }

    /** Writes the content as it follows the item's header. */
    void write(Lib0Writer out);
}
