package org.guildhall.documents;

/** What a document name may be: what clients put after {@code /sync/}, stored as the document's key. */
public final class DocumentNames {

    static final int MAX_LENGTH = 255;

    private DocumentNames() {}

    /** True for 1 to 255 characters with no control characters. */
    public static boolean isValid(String name) {
        return name != null
                && !name.isBlank()
                && name.length() <= MAX_LENGTH
                && name.chars().noneMatch(Character::isISOControl);
    }
}
