package org.guildhall.documents.yjs;

/**
 * The creation of a nested shared type; {@code name} is the node name of an XML element or the hook name of an XML
 * hook, and null for the other types.
 */
public record ContentType(TypeRef type, String name) implements ItemContent {

    public ContentType {
        if (type.named() != (name != null)) {
            throw new IllegalArgumentException(type + (type.named() ? " needs a name" : " has no name"));
        }
    }

    @Override
    public int ref() {
        return 7;
    }

    @Override
    public long length() {
        return 1;
    }

    @Override
    public void write(Lib0Writer out) {
        out.writeVarUint(type.wire());
        if (name != null) {
            out.writeVarString(name);
        }
    }
}
