package org.guildhall.sync;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.guildhall.documents.DocumentUpdates;
import org.guildhall.documents.SyncSettings;

/**
 * Merges long document logs into snapshots in the background, so loading a document reads a snapshot and a short
 * tail. A non-persistent schedule, safe on every instance: each compaction is one transaction over the rows read.
 */
@ApplicationScoped
public class CompactionJob {

    private static final Logger LOG = Logger.getLogger(CompactionJob.class.getName());

    @Inject
    DocumentUpdates updates;

    @Inject
    SyncSettings settings;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private ScheduledFuture<?> schedule;

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        long every = settings.compactionInterval().toMillis();
        schedule = scheduler.scheduleWithFixedDelay(this::compact, every, every, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (schedule != null) {
            schedule.cancel(false);
        }
    }

    void compact() {
        try {
            for (String document : updates.needingCompaction(settings.compactionThreshold())) {
                int merged = updates.compact(document);
                LOG.log(Level.FINE, "Compacted {0} updates of {1}", new Object[] {merged, document});
            }
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "Compacting document logs failed; the next run tries again", e);
        }
    }
}
