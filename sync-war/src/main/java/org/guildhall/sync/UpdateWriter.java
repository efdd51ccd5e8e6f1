package org.guildhall.sync;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.guildhall.documents.CommitQueue;
import org.guildhall.documents.DocumentUpdated;
import org.guildhall.documents.SyncSettings;
import org.guildhall.documents.SyncedDocument;
import org.guildhall.documents.UpdateAppender;

/**
 * Stores the updates clients send, a few writers each committing whatever has arrived for its documents in one
 * transaction (group commit). Nothing changes for a client: its update is relayed, and echoed to it as the
 * acknowledgement, only after the commit that holds it; one document's updates are committed in the order received.
 */
@ApplicationScoped
public class UpdateWriter {

    private static final Logger LOG = Logger.getLogger(UpdateWriter.class.getName());

    /** An update waiting for its commit, who sent it, and the open document that holds room for it. */
    record Pending(DocumentUpdated update, SyncConnection from, SyncedDocument reservedIn) {}

    @Inject
    UpdateAppender updates;

    @Inject
    SyncSettings settings;

    @Inject
    SyncMetrics metrics;

    @Resource
    ManagedThreadFactory threads;

    private final List<CommitQueue<Pending>> writers = new ArrayList<>();

    @PostConstruct
    void start() {
        for (int i = 0; i < settings.commitWriters(); i++) {
            // Each writer thread keeps its own connection to the log; it gives it back itself as it stops.
            UpdateAppender.Writer writer = updates.writer();
            writers.add(new CommitQueue<>(
                    threads,
                    "guildhall-sync-writer-" + i,
                    batch -> write(writer, batch),
                    writer::close,
                    settings.commitBatch(),
                    settings.commitBacklog()));
        }
    }

    @PreDestroy
    void stop() {
        writers.forEach(CommitQueue::stop);
    }

    /**
     * Queues a validated update for its document's writer; false when that writer is too far behind. Once its commit
     * is over, stored or not, the room {@code reservedIn} holds for it is released.
     */
    boolean submit(DocumentUpdated update, SyncConnection from, SyncedDocument reservedIn) {
        int writer = Math.floorMod(update.document().hashCode(), writers.size());
        return writers.get(writer).offer(new Pending(update, from, reservedIn));
    }

    private void write(UpdateAppender.Writer writer, List<Pending> batch) {
        try {
            // Committed on return; the commit's observer has applied every update and relayed it to every client.
            writer.append(batch.stream().map(Pending::update).toList());
            metrics.updatesStored(batch.size());
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "A commit of " + batch.size() + " updates failed; their senders will re-sync", e);
            // A client would not send its update again by itself: closing makes it reconnect and re-sync.
            batch.forEach(pending -> pending.from()
                    .close(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "the update could not be stored"));
        } finally {
            batch.forEach(
                    pending -> pending.reservedIn().release(pending.update().encoded().length));
        }
    }
}
