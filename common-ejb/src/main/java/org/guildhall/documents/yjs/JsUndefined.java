package org.guildhall.documents.yjs;

/** JavaScript's {@code undefined}, which lib0's Any encoding keeps apart from {@code null}. */
public enum JsUndefined {
    INSTANCE;

    @Override
    public String toString() {
        return "undefined";
    }
}
