package org.guildhall.sync;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.guildhall.documents.DocumentUpdates;
import org.guildhall.documents.SyncSettings;

/**
 * Merges long document logs into snapshots in the background, so loading a document reads a snapshot and a short
 * tail. A non-persistent schedule, safe on every instance: each compaction is one transaction over the rows read.
 *
 * <p>It must not take the server from live traffic. After a busy period hundreds of documents fall due at once, and
 * compacting them back to back, each in one large transaction, stalled deliveries for up to a tenth of a second
 * (the sync benchmark). So each transaction merges at most {@code guildhall.sync.compaction-batch} rows, and after
 * each one the job waits until its time is at most {@code guildhall.sync.compaction-share} of the time passed (a
 * quarter of one core by default), and updates waiting to commit get the database in between. Half a core was too
 * much on two cores: catching up after a busy period then took the CPU the clients' deliveries were waiting for.
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

    private volatile ScheduledFuture<?> next;
    private volatile boolean stopped;

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // Checked here, where a bad value fails the deployment, not in a scheduled task that would just stop.
        settings.compactionShare();
        later(this::run, settings.compactionInterval().toMillis());
    }

    @PreDestroy
    void stop() {
        stopped = true;
        ScheduledFuture<?> pending = next;
        if (pending != null) {
            pending.cancel(false);
        }
    }

    void run() {
        try {
            compactNext(new ArrayDeque<>(updates.needingCompaction(settings.compactionThreshold())), null);
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "Finding document logs to compact failed; the next run tries again", e);
            later(this::run, settings.compactionInterval().toMillis());
        }
    }

    /** A document being compacted: the batches still to merge, and whether they finish it. */
    private record Pass(String document, Deque<List<Long>> batches, boolean complete) {}

    /**
     * One transaction (a batch of the current document, planned from one read of its rows' sizes), then a pause that
     * keeps compaction to its share; the document is planned again until a plan finishes it, then the next; the next
     * run once all are done.
     */
    private void compactNext(Deque<String> due, Pass current) {
        long started = System.nanoTime();
        Pass pass = current;
        String document = pass == null ? null : pass.document();
        try {
            while (pass == null || pass.batches().isEmpty()) {
                document = pass != null && !pass.complete() ? pass.document() : due.poll();
                if (document == null) {
                    later(this::run, settings.compactionInterval().toMillis());
                    return;
                }
                DocumentUpdates.CompactionPlan plan = updates.compactionPlan(document, settings.compactionBatch());
                pass = new Pass(document, new ArrayDeque<>(plan.batches()), plan.complete());
            }
            int merged = updates.compact(pass.document(), pass.batches().poll());
            LOG.log(Level.FINE, "Compacted {0} updates of {1}", new Object[] {merged, pass.document()});
            if (merged == 0 && !pass.complete()) {
                // Nothing merged (an unreadable row, or another instance got there first): planning the document
                // again would give the same plan, so it waits for the next run.
                pass = new Pass(pass.document(), pass.batches(), true);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "Compacting the log of " + document + " failed; the next run tries again", e);
            pass = null; // this document waits for the next run, the others go on
        }
        Pass next = pass;
        later(() -> compactNext(due, next), pause(System.nanoTime() - started, settings.compactionShare()));
    }

    /** How long to wait after a transaction that took {@code tookNanos} so that compaction keeps to its share. */
    static long pause(long tookNanos, double share) {
        return Math.round(TimeUnit.NANOSECONDS.toMillis(tookNanos) * (1 / share - 1));
    }

    private void later(Runnable task, long delayMillis) {
        if (!stopped) {
            next = scheduler.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        }
    }
}
