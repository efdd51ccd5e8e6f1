package org.guildhall.documents.yjs;

/** An embed in a text (an image, a mention...), as the JSON text yjs wrote. */
public record ContentEmbed(String json) implements ItemContent {

    @Override
    public int ref() {
        return 5;
    }

    @Override
    public long length() {
        return 1;
    }

    @Override
    public void write(Lib0Writer out) {
        out.writeVarString(json);
    }
}
