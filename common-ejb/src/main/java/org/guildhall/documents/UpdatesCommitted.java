package org.guildhall.documents;

import java.util.List;
import org.guildhall.documents.yjs.Update;
import org.guildhall.documents.yjs.UpdateMerger;

/**
 * One document's updates committed in one transaction, in the order they were received; observers see it only once
 * the transaction has committed.
 */
public record UpdatesCommitted(String document, List<DocumentUpdated> updates) {

    public UpdatesCommitted {
        if (updates.isEmpty()) {
            throw new IllegalArgumentException("a commit of " + document + " holds at least one update");
        }
        updates = List.copyOf(updates);
    }

    /**
     * All of them as one update, which a client applies with the same result as each in turn: relayed as one
     * message, a busy document's commit costs one frame per client instead of one per update (Hocuspocus coalesces
     * the same way). A single update comes back as it was received.
     */
    public DocumentUpdated merged() {
        if (updates.size() == 1) {
            return updates.get(0);
        }
        Update merged =
                UpdateMerger.merge(updates.stream().map(DocumentUpdated::update).toList());
        return new DocumentUpdated(document, merged.encode(), merged);
    }
}
