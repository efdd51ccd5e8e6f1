package org.guildhall.documents.yjs;

/** Text. Its length in clock units is its length in UTF-16 code units, which is what a Java string counts. */
public record ContentString(String text) implements ItemContent {

    public ContentString {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty string content");
        }
    }

    @Override
    public int ref() {
        return 4;
    }

    @Override
    public long length() {
        return text.length();
    }

    /**
     * Like yjs's {@code ContentString.splice}: a cut inside a surrogate pair leaves U+FFFD on both sides (yjs issue
     * 248), so the right part starts with U+FFFD; its length does not change.
     */
    @Override
    public ContentString sliceFrom(long offset) {
        int at = Math.toIntExact(offset);
        if (Character.isHighSurrogate(text.charAt(at - 1))) {
            return new ContentString('\uFFFD' + text.substring(at + 1));
        }
        return new ContentString(text.substring(at));
    }

    @Override
    public void write(Lib0Writer out) {
        out.writeVarString(text);
    }
}
