package org.guildhall.documents.yjs;

/** A formatting mark in a text: attribute {@code key} takes the JSON value {@code json} from here on. */
public record ContentFormat(String key, String json) implements ItemContent {

    @Override
    public int ref() {
        return 6;
    }

    @Override
    public long length() {
        return 1;
    }

    @Override
    public void write(Lib0Writer out) {
        out.writeVarString(key);
        out.writeVarString(json);
    }
}
