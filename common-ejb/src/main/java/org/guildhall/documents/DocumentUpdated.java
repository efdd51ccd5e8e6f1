package org.guildhall.documents;

import org.guildhall.documents.yjs.Update;

/** An update was appended to a document's log; observers see it only once the transaction has committed. */
public record DocumentUpdated(String document, byte[] encoded, Update update) {}
