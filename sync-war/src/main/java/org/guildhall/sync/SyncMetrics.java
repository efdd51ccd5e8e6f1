package org.guildhall.sync;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.guildhall.documents.DocumentUpdates;
import org.guildhall.documents.SyncSettings;

/**
 * The sync figures under {@code /metrics?scope=application}: documents open and sockets connected on this instance,
 * updates stored (its rate is the updates per second), and the bytes of all stored updates.
 */
@ApplicationScoped
public class SyncMetrics {

    private static final Logger LOG = Logger.getLogger(SyncMetrics.class.getName());

    @Inject
    MetricRegistry registry;

    @Inject
    OpenDocuments documents;

    @Inject
    DocumentUpdates updates;

    @Inject
    SyncSettings settings;

    private final Clock clock = Clock.systemUTC();
    private Counter stored;
    private volatile long storedBytes;
    private volatile Instant storedBytesRead = Instant.MIN;

    @PostConstruct
    void register() {
        registry.gauge("sync_documents_open", documents, OpenDocuments::openCount);
        registry.gauge("sync_connections", documents, OpenDocuments::connectionCount);
        registry.gauge("sync_stored_bytes", this, SyncMetrics::storedBytes);
        stored = registry.counter("sync_updates");
    }

    /** Updates committed, each as its client sent it (several may share a row). */
    void updatesStored(int count) {
        stored.inc(count);
    }

    /**
     * Read from the database at most once per {@code guildhall.sync.stored-bytes-refresh}: it sums every stored
     * update, which a scrape every few seconds should not repeat.
     */
    long storedBytes() {
        Instant now = clock.instant();
        if (storedBytesRead.plus(settings.storedBytesRefresh()).isBefore(now)) {
            try {
                storedBytes = updates.storedBytes();
                storedBytesRead = now;
            } catch (SQLException | RuntimeException e) {
                LOG.log(Level.WARNING, "The stored bytes could not be read; the metric keeps its last value", e);
            }
        }
        return storedBytes;
    }
}
