package org.guildhall.documents.yjs;

/** Where an item lives when the update names it: a root type of the document, or a type created by an item. */
public sealed interface Parent {

    /** A root type, by its name in {@code doc.share} (e.g. {@code doc.getText("name")}). */
    record Root(String name) implements Parent {}

    /** The type created by the item with this id, which may come from another client or another update. */
    record ItemType(Id id) implements Parent {}
}
