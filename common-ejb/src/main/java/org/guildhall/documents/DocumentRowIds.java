package org.guildhall.documents;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.guildhall.database.IdBlocks;

/**
 * Ids for a document's log rows: each document draws its own blocks from the sequence, so that its rows lie
 * together in the table instead of interleaved with every other document written at the same time.
 *
 * <p>Why: H2 stores a table in the order of its primary key. With one block for all documents, a document's rows
 * were scattered over as many pages as it had rows (200 documents written at once interleave row by row), so a
 * compaction deleting 100 rows rewrote about 100 pages in its commit and held H2's store lock while the writers'
 * commits waited (benchmarks/sync, "Where Guildhall's time goes"). With a block per document they fill a page or two.
 * A document's ids still grow in commit order: a later block is a later value of the sequence.
 */
final class DocumentRowIds {

    /**
     * The most documents holding a block at once. A document that falls out (the least recently written) leaves the
     * rest of its block unused and draws a new one when written again; the sequence is a BIGINT, so the ids skipped
     * cost nothing, and this keeps a server that has seen millions of documents from keeping a block for each.
     */
    static final int DOCUMENTS_WITH_A_BLOCK = 10_000;

    private final Supplier<IdBlocks> newBlocks;
    private final Map<String, IdBlocks> blocks = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, IdBlocks> eldest) {
            return size() > DOCUMENTS_WITH_A_BLOCK;
        }
    };

    /** @param newBlocks a fresh block source on the log's sequence, one per document */
    DocumentRowIds(Supplier<IdBlocks> newBlocks) {
        this.newBlocks = newBlocks;
    }

    /** The next id for a row of {@code document}, drawing a block through {@code connection} when needed. */
    long next(String document, Connection connection) throws SQLException {
        IdBlocks ids;
        synchronized (blocks) {
            ids = blocks.computeIfAbsent(document, name -> newBlocks.get());
        }
        // Outside the map's lock: a writer drawing a block (a round trip) holds up no other document.
        return ids.next(connection);
    }
}
