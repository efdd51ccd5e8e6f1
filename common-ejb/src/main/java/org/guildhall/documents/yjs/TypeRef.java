package org.guildhall.documents.yjs;

/** The shared types an item can create, numbered as yjs numbers them on the wire. */
public enum TypeRef {
    ARRAY,
    MAP,
    TEXT,
    /** Carries a node name. */
    XML_ELEMENT,
    XML_FRAGMENT,
    /** Carries a hook name. */
    XML_HOOK,
    XML_TEXT;

    private static final TypeRef[] BY_WIRE = values();

    public int wire() {
        return ordinal();
    }

    public boolean named() {
        return this == XML_ELEMENT || this == XML_HOOK;
    }

    static TypeRef ofWire(long ref) {
        return ref >= 0 && ref < BY_WIRE.length ? BY_WIRE[(int) ref] : null;
    }
}
