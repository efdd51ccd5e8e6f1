package org.guildhall.documents;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Stores validated updates: each commit's updates are appended in one transaction, each document's merged into one
 * row (their order kept within the merge), and each document's merged update is fired as {@link DocumentUpdated}
 * once the commit has returned, so none is relayed unless all are stored.
 *
 * <p>Why a local transaction and not a {@link DocumentUpdates} EJB method: this is the one write made for every
 * keystroke, and at low rates every keystroke is its own commit. Profiled in benchmarks/sync at 25 edits/s, the EJB
 * container's work around the call (security check, interceptors, request scope, JTA begin, enlistment, commit and
 * the deferred notification of the observers) was a third of each commit's CPU, all of it before the first client
 * heard of the update. The JDBC transaction alone gives the same guarantee.
 */
@ApplicationScoped
public class UpdateAppender {

    @Inject
    UpdateLog log;

    @Inject
    Event<DocumentUpdated> committed;

    /** A writer thread's own way to store updates: its connection is kept from one commit to the next. */
    public Writer writer() {
        return new Writer(log.appender());
    }

    /**
     * Appends and commits for one writer thread (not for two at once), then fires one event per document. Use it
     * outside any JTA transaction (a writer thread of its own): its commits are not part of a caller's transaction.
     */
    public final class Writer implements AutoCloseable {

        private final UpdateLog.Appender appender;

        private Writer(UpdateLog.Appender appender) {
            this.appender = appender;
        }

        /** Appends and commits the updates, then fires one event per document. */
        public void append(List<DocumentUpdated> appended) throws SQLException {
            List<DocumentUpdated> rows = DocumentUpdated.mergedByDocument(appended);
            appender.append(rows, OffsetDateTime.now());
            rows.forEach(committed::fire);
        }

        /** Gives the connection back. */
        @Override
        public void close() {
            appender.close();
        }
    }
}
