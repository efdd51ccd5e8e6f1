package org.guildhall.documents;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
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

class SyncedDocumentTest {

    private static Update typed(long client, long clock, String text) {
        Id origin = clock == 0 ? null : new Id(client, clock - 1);
        Parent parent = clock == 0 ? new Parent.Root("t") : null;
        return new Update(
                List.of(new Item(client, clock, origin, null, parent, null, false, new ContentString(text))),
                DeleteSet.EMPTY);
    }

    /** A document of {@code length} characters typed by client 1 in one go, and then {@code edits} keystrokes. */
    private static List<byte[]> history(int length, int edits) {
        List<byte[]> updates = new ArrayList<>();
        updates.add(typed(1, 0, "x".repeat(length)).encode());
        for (int i = 0; i < edits; i++) {
            updates.add(typed(2, i, "k").encode());
        }
        return updates;
    }

    @Test
    void afterManyAppliedUpdatesItHoldsWhatTheirMergeHolds() throws Exception {
        List<byte[]> all = history(100, 500);
        SyncedDocument document = SyncedDocument.of(all.subList(0, 1));
        for (byte[] update : all.subList(1, all.size())) {
            document.apply(update, Update.decode(update));
        }

        byte[] expected = YjsUpdates.merge(all);
        assertEquals(
                Update.decode(expected).stateVector(),
                Update.decode(document.snapshot()).stateVector());
        assertArrayEquals(
                YjsUpdates.diff(expected, StateVector.of(Map.of(1L, 100L)).encode()),
                document.diff(StateVector.of(Map.of(1L, 100L)).encode()));
        assertEquals(StateVector.of(Map.of(1L, 100L, 2L, 500L)).encode().length, document.stateVector().length);
        assertTrue(document.contains(Update.decode(all.get(7))));
        assertFalse(document.contains(typed(2, 500, "k")));
    }

    @Test
    void updatesOnTheirWayToTheLogCountAgainstTheLimitUntilReleased() throws Exception {
        SyncedDocument document = SyncedDocument.of(List.of());
        long held = document.size();
        long limit = held + 100;

        assertTrue(document.reserve(60, limit));
        assertFalse(document.reserve(60, limit), "the first update has not been applied yet, but it counts");
        assertTrue(document.reserve(40, limit));

        document.release(60); // its commit failed: nothing was applied
        assertTrue(document.reserve(60, limit));
        assertFalse(document.reserve(1, limit));
    }

    @Test
    void anAppliedUpdateCountsInTheStateOnceItsReservationIsReleased() throws Exception {
        byte[] update = typed(1, 0, "hello").encode();
        SyncedDocument document = SyncedDocument.of(List.of());
        long limit = document.size() + update.length;

        assertTrue(document.reserve(update.length, limit));
        document.apply(update, Update.decode(update));
        document.release(update.length);

        assertEquals(limit, document.size());
        assertFalse(document.reserve(1, limit), "the applied update fills the document to its limit");
    }

    @Test
    void aSmallDocumentMergesAfterAFewUpdates() throws Exception {
        List<byte[]> all = history(10, SyncedDocument.MERGE_AFTER);
        SyncedDocument document = SyncedDocument.of(all.subList(0, 1));
        for (byte[] update : all.subList(1, all.size())) {
            document.apply(update, Update.decode(update));
        }
        assertEquals(0, document.unmerged());
    }

    @Test
    void aLargeDocumentIsNotReencodedForEveryFewKeystrokes() throws Exception {
        List<byte[]> all = history(100_000, 1000);
        SyncedDocument document = SyncedDocument.of(all.subList(0, 1));
        long snapshotBytes = document.size();
        for (byte[] update : all.subList(1, all.size())) {
            document.apply(update, Update.decode(update));
        }
        // A thousand keystrokes of a few bytes each are far less than half of 100,000 characters: nothing merged yet.
        assertEquals(1000, document.unmerged());
        assertTrue(document.size() < snapshotBytes * 3 / 2);
        assertTrue(document.contains(Update.decode(all.get(all.size() - 1))));
    }
}
