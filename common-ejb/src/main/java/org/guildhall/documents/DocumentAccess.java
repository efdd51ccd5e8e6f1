package org.guildhall.documents;

/** What a connection may do with a document. */
public enum DocumentAccess {
    READ_WRITE,
    READ_ONLY,
    NONE
}
