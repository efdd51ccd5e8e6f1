package org.guildhall.documents.yjs;

import java.util.Objects;

/**
 * An insertion: content placed between {@code origin} (the id left of it when it was made) and {@code rightOrigin}.
 * The wire names the parent (and the key in a map, {@code parentSub}) only when neither origin is known, because
 * a receiver takes them from the origins otherwise.
 *
 * @param parent the parent as written; null when the item has an origin and the wire left it out
 * @param parentSub the key in a map-like parent as written; null for list content or when left out
 * @param keyed the writer's flag that the item has a key in its parent; it is on the wire even when the key is not,
 *     and kept so that an update re-encodes byte for byte
 */
public record Item(
        long client,
        long clock,
        Id origin,
        Id rightOrigin,
        Parent parent,
        String parentSub,
        boolean keyed,
        ItemContent content)
        implements Struct {

    public Item {
        Objects.requireNonNull(content, "content");
        if (origin == null && rightOrigin == null) {
            if (parent == null) {
                throw new IllegalArgumentException("an item without origins needs its parent");
            }
            if (keyed != (parentSub != null)) {
                throw new IllegalArgumentException("an item without origins carries its key exactly when keyed");
            }
        }
        if (parentSub != null && !keyed) {
            throw new IllegalArgumentException("an item with a key must be keyed");
        }
    }

    @Override
    public long length() {
        return content.length();
    }

    /** The id of the item's last clock unit. */
    public Id lastId() {
        return new Id(client, clock + length() - 1);
    }

    /** Whether the wire carries the parent (and key) of this item, which it does when no origin is known. */
    public boolean carriesParent() {
        return origin == null && rightOrigin == null;
    }

    /** The right part, as yjs slices: its origin becomes the unit just left of the cut. */
    @Override
    public Item sliceFrom(long offset) {
        if (offset <= 0 || offset >= length()) {
            throw new IllegalArgumentException("offset " + offset + " outside item of length " + length());
        }
        return new Item(
                client,
                clock + offset,
                new Id(client, clock + offset - 1),
                rightOrigin,
                parent,
                parentSub,
                keyed,
                content.sliceFrom(offset));
    }

    /**
     * This item as yjs's merge and diff re-write it: they only know a key they read, so the keyed flag of an item
     * whose key was not on the wire is dropped. A receiver reads the key from the origin either way.
     */
    Item asRewrittenByYjs() {
        if (keyed && parentSub == null) {
            return new Item(client, clock, origin, rightOrigin, parent, null, false, content);
        }
        return this;
    }
}
