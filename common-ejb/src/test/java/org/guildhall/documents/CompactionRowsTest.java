package org.guildhall.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    void aBatchTakesAtMostTheBoundFromTheRowsSinceTheSnapshot() {
        List<UpdateLog.RowSize> log = List.of(row(1, 10_000), row(5, 10), row(6, 10), row(7, 10), row(8, 10));
        assertEquals(List.of(5L, 6L, 7L), ids(DocumentUpdates.nextBatch(log, 3)));
        assertEquals(List.of(5L, 6L, 7L, 8L), ids(DocumentUpdates.nextBatch(log, 4)));
    }

    @Test
    void aWholeMergeTooLargeForOneBatchMergesTheNewerRowsFirstWithoutTheSnapshot() {
        List<UpdateLog.RowSize> log = List.of(row(1, 100), row(5, 100), row(6, 100), row(7, 100), row(8, 100));
        assertEquals(List.of(5L, 6L, 7L), ids(DocumentUpdates.nextBatch(log, 3)));
        List<UpdateLog.RowSize> merged = List.of(row(1, 100), row(5, 300), row(8, 100));
        assertEquals(List.of(1L, 5L, 8L), ids(DocumentUpdates.nextBatch(merged, 3)), "then everything, once it fits");
    }
}
