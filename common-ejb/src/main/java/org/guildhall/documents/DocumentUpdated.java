package org.guildhall.documents;

import org.guildhall.documents.yjs.Update;

/** A validated update of a document, as received (encoded) and decoded, on its way to the document's log. */
public record DocumentUpdated(String document, byte[] encoded, Update update) {}
