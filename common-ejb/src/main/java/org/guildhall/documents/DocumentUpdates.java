package org.guildhall.documents;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.guildhall.documents.yjs.MalformedUpdateException;
import org.guildhall.documents.yjs.Update;
import org.guildhall.documents.yjs.YjsUpdates;

/**
 * Reads, restores, deletes and compacts stored documents, each in a transaction of its own. Clients' updates are
 * stored by {@link UpdateAppender}.
 */
@Stateless
public class DocumentUpdates {

    private static final Logger LOG = Logger.getLogger(DocumentUpdates.class.getName());

    @Inject
    UpdateLog log;

    /**
     * The stored updates of a document, in order, creating the document when it is new (in a transaction of its
     * own, so that a race with another instance creating it costs nothing).
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public List<byte[]> open(String document) throws SQLException {
        log.create(document, OffsetDateTime.now());
        return log.read(document).stream().map(UpdateLog.Entry::payload).toList();
    }

    public UpdateLog.Size size(String document) throws SQLException {
        return log.size(document);
    }

    /** Stored documents in name order after {@code after}, at most {@code limit}. */
    public List<UpdateLog.Listed> list(String after, int limit) throws SQLException {
        return log.list(after, limit);
    }

    /** The document's whole stored state as one update (a backup {@code Y.applyUpdate} accepts); empty if unknown. */
    public Optional<byte[]> state(String document) throws SQLException, MalformedUpdateException {
        if (!log.exists(document)) {
            return Optional.empty();
        }
        List<byte[]> rows =
                log.read(document).stream().map(UpdateLog.Entry::payload).toList();
        return Optional.of(rows.isEmpty() ? Update.EMPTY.encode() : YjsUpdates.merge(rows));
    }

    /**
     * Replaces the document's stored state with a validated update (a backup), creating the document if needed, in
     * one transaction of its own: a failure leaves the log as it was.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void restore(String document, byte[] state) throws SQLException {
        OffsetDateTime now = OffsetDateTime.now();
        log.create(document, now);
        log.replaceAll(document, state, now);
    }

    /** Deletes the document and its log; false when there was no such document. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public boolean delete(String document) throws SQLException {
        return log.delete(document);
    }

    /** Bytes of every document's stored updates. */
    public long storedBytes() throws SQLException {
        return log.totalBytes();
    }

    /** Documents whose log is longer than {@code threshold} rows: candidates for compaction. */
    public List<String> needingCompaction(int threshold) throws SQLException {
        return log.longerThan(threshold);
    }

    /**
     * How a document's log is to be compacted, from one read of its rows' sizes: see {@link #plan}. A crash or
     * another instance's compaction between the batches costs nothing: each batch merges only those of its rows that
     * are still there.
     */
    public CompactionPlan compactionPlan(String document, int maxRows) throws SQLException {
        return plan(log.sizes(document), maxRows);
    }

    /**
     * Merges the rows {@code ids} of a document's log (consecutive, as a {@link CompactionPlan} gives them) into one,
     * in one transaction of its own: a crash part way leaves the log as it was. Returns how many rows were merged.
     *
     * <p>Why in batches: on H2 a commit holds the store's lock while it applies the transaction's changes, so one
     * compaction deleting a busy document's thousand rows held up every update waiting to commit (profiled: 70 ms).
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public int compact(String document, List<Long> ids) throws SQLException {
        // Only their range is read: for a merge of the rows since the snapshot, the snapshot (megabytes for a large
        // document) is not read at all, nor are the batches after this one.
        List<UpdateLog.Entry> merged = log.read(document, Set.copyOf(ids));
        if (merged.size() < 2) {
            return 0; // another instance compacted them meanwhile
        }
        try {
            byte[] snapshot = YjsUpdates.merge(
                    merged.stream().map(UpdateLog.Entry::payload).toList());
            log.replaceWithSnapshot(
                    document, merged.stream().map(UpdateLog.Entry::id).toList(), snapshot, OffsetDateTime.now());
            return merged.size();
        } catch (MalformedUpdateException e) {
            // Only validated updates are stored, so this is a bug or a hand-edited row: keep the log untouched.
            LOG.log(Level.SEVERE, "Document " + document + " has an unreadable stored update; not compacted", e);
            return 0;
        }
    }

    /**
     * The rows a compaction merges: the rows after the first (the snapshot of an earlier compaction) while together
     * they weigh less than half of it, else all of them. Re-merging the whole document every time made a large busy
     * document cost its full size on every run (profiled: a merge of megabytes every interval, stalling the
     * deliveries around it); this way a compaction costs in proportion to what was written since, and the log
     * still shrinks to at most two rows.
     */
    static List<UpdateLog.RowSize> rowsToMerge(List<UpdateLog.RowSize> log) {
        if (log.size() < 3) {
            return log;
        }
        long since = log.stream().skip(1).mapToLong(UpdateLog.RowSize::bytes).sum();
        return since * 2 < log.get(0).bytes() ? log.subList(1, log.size()) : log;
    }

    /**
     * The batches of a compaction, each at most {@code maxRows} consecutive rows merged in one transaction, and
     * whether they finish it. When the rows {@link #rowsToMerge} chooses fit in one batch, that batch finishes it;
     * otherwise they are cut into batches (without the snapshot, which a batch would otherwise read and re-merge each
     * time), and the document is planned again once they are merged.
     */
    public record CompactionPlan(List<List<Long>> batches, boolean complete) {}

    static CompactionPlan plan(List<UpdateLog.RowSize> log, int maxRows) {
        if (maxRows < 2) {
            throw new IllegalArgumentException("a compaction merges at least 2 rows, not " + maxRows);
        }
        List<Long> chosen = rowsToMerge(log).stream().map(UpdateLog.RowSize::id).toList();
        if (chosen.size() < 2) {
            return new CompactionPlan(List.of(), true);
        }
        if (chosen.size() <= maxRows) {
            return new CompactionPlan(List.of(chosen), true);
        }
        List<Long> rows = chosen.get(0) == log.get(0).id() ? chosen.subList(1, chosen.size()) : chosen;
        List<List<Long>> batches = new ArrayList<>();
        for (int from = 0; from < rows.size() - 1; from += maxRows) {
            batches.add(rows.subList(from, Math.min(from + maxRows, rows.size())));
        }
        return new CompactionPlan(batches, false);
    }
}
