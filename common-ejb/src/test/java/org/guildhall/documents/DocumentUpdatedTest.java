package org.guildhall.documents;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Map;
import org.guildhall.documents.yjs.ContentString;
import org.guildhall.documents.yjs.DeleteSet;
import org.guildhall.documents.yjs.Id;
import org.guildhall.documents.yjs.Item;
import org.guildhall.documents.yjs.Parent;
import org.guildhall.documents.yjs.StateVector;
import org.guildhall.documents.yjs.Update;
import org.guildhall.documents.yjs.YjsUpdates;
import org.junit.jupiter.api.Test;

class DocumentUpdatedTest {

    private static DocumentUpdated typed(String document, long client, long clock, String text) {
        Id origin = clock == 0 ? null : new Id(client, clock - 1);
        Parent parent = clock == 0 ? new Parent.Root("t") : null;
        Update update = new Update(
                List.of(new Item(client, clock, origin, null, parent, null, false, new ContentString(text))),
                DeleteSet.EMPTY);
        return new DocumentUpdated(document, update.encode(), update);
    }

    @Test
    void aDocumentWithOneUpdateKeepsItAsItWasReceived() {
        DocumentUpdated only = typed("doc", 7, 0, "hello");
        assertSame(only, DocumentUpdated.mergedByDocument(List.of(only)).get(0));
    }

    @Test
    void eachDocumentsUpdatesBecomeTheOneUpdateYjsWouldMergeThemInto() throws Exception {
        DocumentUpdated first = typed("doc", 7, 0, "[a]");
        DocumentUpdated elsewhere = typed("other", 3, 0, "[x]");
        DocumentUpdated second = typed("doc", 7, 3, "[b]");
        DocumentUpdated third = typed("doc", 9, 0, "[c]");

        List<DocumentUpdated> merged = DocumentUpdated.mergedByDocument(List.of(first, elsewhere, second, third));

        assertEquals(
                List.of("doc", "other"),
                merged.stream().map(DocumentUpdated::document).toList());
        DocumentUpdated doc = merged.get(0);
        assertArrayEquals(YjsUpdates.merge(List.of(first.encoded(), second.encoded(), third.encoded())), doc.encoded());
        assertArrayEquals(doc.encoded(), doc.update().encode());
        assertEquals(StateVector.of(Map.of(7L, 6L, 9L, 3L)), doc.update().stateVector());
        assertSame(elsewhere, merged.get(1));
    }

    @Test
    void nothingToMergeIsNothing() {
        assertEquals(List.of(), DocumentUpdated.mergedByDocument(List.of()));
    }
}
