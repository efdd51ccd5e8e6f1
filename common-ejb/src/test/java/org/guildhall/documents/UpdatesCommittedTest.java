package org.guildhall.documents;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

class UpdatesCommittedTest {

    private static DocumentUpdated typed(long client, long clock, String text) {
        Id origin = clock == 0 ? null : new Id(client, clock - 1);
        Parent parent = clock == 0 ? new Parent.Root("t") : null;
        Update update = new Update(
                List.of(new Item(client, clock, origin, null, parent, null, false, new ContentString(text))),
                DeleteSet.EMPTY);
        return new DocumentUpdated("doc", update.encode(), update);
    }

    @Test
    void aSingleUpdateIsRelayedAsItWasReceived() {
        DocumentUpdated only = typed(7, 0, "hello");
        assertSame(only, new UpdatesCommitted("doc", List.of(only)).merged());
    }

    @Test
    void severalUpdatesBecomeTheOneUpdateYjsWouldMergeThemInto() throws Exception {
        DocumentUpdated first = typed(7, 0, "[a]");
        DocumentUpdated second = typed(7, 3, "[b]");
        DocumentUpdated other = typed(9, 0, "[c]");

        DocumentUpdated merged = new UpdatesCommitted("doc", List.of(first, second, other)).merged();

        assertEquals("doc", merged.document());
        assertArrayEquals(
                YjsUpdates.merge(List.of(first.encoded(), second.encoded(), other.encoded())), merged.encoded());
        assertArrayEquals(merged.encoded(), merged.update().encode());
        assertEquals(StateVector.of(Map.of(7L, 6L, 9L, 3L)), merged.update().stateVector());
    }

    @Test
    void aCommitHoldsAtLeastOneUpdate() {
        assertThrows(IllegalArgumentException.class, () -> new UpdatesCommitted("doc", List.of()));
    }
}
