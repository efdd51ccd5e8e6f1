package org.guildhall.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CompactionRowsTest {

    private static UpdateLog.Entry row(long id, int bytes) {
        return new UpdateLog.Entry(id, new byte[bytes]);
    }

    private static List<Long> ids(List<UpdateLog.Entry> entries) {
        return entries.stream().map(UpdateLog.Entry::id).toList();
    }

    @Test
    void rowsWrittenSinceALargeSnapshotAreMergedWithoutIt() {
        List<UpdateLog.Entry> log = List.of(row(1, 10_000), row(5, 100), row(6, 100), row(9, 2_000));
        assertEquals(List.of(5L, 6L, 9L), ids(DocumentUpdates.rowsToMerge(log)));
    }

    @Test
    void onceTheyWeighHalfTheSnapshotEverythingIsMerged() {
        List<UpdateLog.Entry> log = List.of(row(1, 10_000), row(5, 2_500), row(6, 2_500));
        assertEquals(List.of(1L, 5L, 6L), ids(DocumentUpdates.rowsToMerge(log)));
    }

    @Test
    void aLogWithoutALargeFirstRowIsMergedWhole() {
        List<UpdateLog.Entry> log = List.of(row(1, 30), row(2, 40), row(3, 50));
        assertEquals(List.of(1L, 2L, 3L), ids(DocumentUpdates.rowsToMerge(log)));
        assertEquals(List.of(1L, 2L), ids(DocumentUpdates.rowsToMerge(List.of(row(1, 9_000), row(2, 10)))));
    }
}
