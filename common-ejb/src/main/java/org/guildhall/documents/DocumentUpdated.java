package org.guildhall.documents;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.guildhall.documents.yjs.Update;
import org.guildhall.documents.yjs.UpdateMerger;

/**
 * A validated update of a document, as received (encoded) and decoded. Fired as an event once it is committed to
 * the document's log: observers see it only after the commit.
 */
public record DocumentUpdated(String document, byte[] encoded, Update update) {

    /**
     * One update per document, in the order the documents first appear, each the merge of that document's updates
     * in the order given (a document with one update keeps it as it was received). A client applies a merge with
     * the same result as each update in turn, so a commit of many updates can store one row per document and relay
     * one message per client instead of one per keystroke (Hocuspocus coalesces its broadcasts the same way).
     */
    public static List<DocumentUpdated> mergedByDocument(List<DocumentUpdated> updates) {
        Map<String, List<DocumentUpdated>> byDocument = new LinkedHashMap<>();
        for (DocumentUpdated update : updates) {
            byDocument
                    .computeIfAbsent(update.document(), name -> new ArrayList<>())
                    .add(update);
        }
        List<DocumentUpdated> merged = new ArrayList<>(byDocument.size());
        byDocument.forEach((document, ofDocument) -> merged.add(merge(document, ofDocument)));
        return merged;
    }

    private static DocumentUpdated merge(String document, List<DocumentUpdated> updates) {
        if (updates.size() == 1) {
            return updates.get(0);
        }
        Update merged =
                UpdateMerger.merge(updates.stream().map(DocumentUpdated::update).toList());
        return new DocumentUpdated(document, merged.encode(), merged);
    }
}
