package org.guildhall.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CompactionRowsTest {

    private static UpdateLog.RowSize row(long id, int bytes) {
        return new UpdateLog.RowSize(id, bytes);
    }

    private static List<Long> ids(List<UpdateLog.RowSize> rows) {
        return rows.stream().map(UpdateLog.RowSize::id).toList();
    }

    @Test
    void rowsWrittenSinceALargeSnapshotAreMergedWithoutIt() {
        List<UpdateLog.RowSize> log = List.of(row(1, 10_000), row(5, 100), row(6, 100), row(9, 2_000));
        assertEquals(List.of(5L, 6L, 9L), ids(DocumentUpdates.rowsToMerge(log)));
    }

    @Test
    void onceTheyWeighHalfTheSnapshotEverythingIsMerged() {
        List<UpdateLog.RowSize> log = List.of(row(1, 10_000), row(5, 2_500), row(6, 2_500));
        assertEquals(List.of(1L, 5L, 6L), ids(DocumentUpdates.rowsToMerge(log)));
    }

    @Test
    void aLogWithoutALargeFirstRowIsMergedWhole() {
        List<UpdateLog.RowSize> log = List.of(row(1, 30), row(2, 40), row(3, 50));
        assertEquals(List.of(1L, 2L, 3L), ids(DocumentUpdates.rowsToMerge(log)));
        assertEquals(List.of(1L, 2L), ids(DocumentUpdates.rowsToMerge(List.of(row(1, 9_000), row(2, 10)))));
    }

    @Test
    void rowsSinceTheSnapshotThatFitInOneBatchFinishTheCompaction() {
        List<UpdateLog.RowSize> log = List.of(row(1, 10_000), row(5, 10), row(6, 10), row(7, 10), row(8, 10));
        DocumentUpdates.CompactionPlan plan = DocumentUpdates.plan(log, 4);
        assertEquals(List.of(List.of(5L, 6L, 7L, 8L)), plan.batches());
        assertTrue(plan.complete());
    }

    @Test
    void aLongerTailIsCutIntoBatchesAndPlannedAgain() {
        List<UpdateLog.RowSize> log =
                List.of(row(1, 10_000), row(5, 10), row(6, 10), row(7, 10), row(8, 10), row(9, 10), row(10, 10));
        DocumentUpdates.CompactionPlan plan = DocumentUpdates.plan(log, 2);
        assertEquals(List.of(List.of(5L, 6L), List.of(7L, 8L), List.of(9L, 10L)), plan.batches());
        assertFalse(plan.complete());
        assertEquals(
                List.of(List.of(5L, 6L), List.of(7L, 8L)),
                DocumentUpdates.plan(log.subList(0, 6), 2).batches(),
                "a last row alone is left for the next plan");
    }

    @Test
    void aWholeMergeTooLargeForOneBatchMergesTheNewerRowsFirstWithoutTheSnapshot() {
        List<UpdateLog.RowSize> log = List.of(row(1, 100), row(5, 100), row(6, 100), row(7, 100), row(8, 100));
        assertEquals(List.of(List.of(5L, 6L, 7L)), DocumentUpdates.plan(log, 3).batches(), "8 waits for the next plan");
        List<UpdateLog.RowSize> merged = List.of(row(1, 100), row(5, 300), row(8, 100));
        DocumentUpdates.CompactionPlan last = DocumentUpdates.plan(merged, 3);
        assertEquals(List.of(List.of(1L, 5L, 8L)), last.batches(), "then everything, once it fits");
        assertTrue(last.complete());
    }

    @Test
    void nothingToMergeIsACompletePlanWithoutBatches() {
        DocumentUpdates.CompactionPlan plan = DocumentUpdates.plan(List.of(row(1, 100)), 100);
        assertTrue(plan.batches().isEmpty());
        assertTrue(plan.complete());
    }
}
