package org.guildhall.notifications.inbox;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.guildhall.notifications.NotificationException;
import org.guildhall.notifications.NotificationInbox;
import org.guildhall.notifications.NotificationSettings;

/**
 * Deletes expired notifications every {@code guildhall.notifications.expiry-interval}, one small batch per
 * transaction so no lock is held long. Not a persistent EJB timer: Payara Micro does not coordinate those across a
 * cluster, and running this on every instance is harmless.
 */
@ApplicationScoped
public class NotificationExpiryJob {

    private static final Logger LOG = Logger.getLogger(NotificationExpiryJob.class.getName());

    @Inject
    NotificationInbox inbox;

    @Inject
    NotificationSettings settings;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private ScheduledFuture<?> schedule;

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        long every = settings.expiryInterval().toMillis();
        schedule = scheduler.scheduleWithFixedDelay(this::expire, every, every, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (schedule != null) {
            schedule.cancel(false);
        }
    }

    void expire() {
        try {
            int total = 0;
            int batch;
            do {
                batch = inbox.expireBatch();
                total += batch;
            } while (batch == settings.expiryBatch());
            if (total > 0) {
                LOG.log(Level.INFO, "Deleted {0} expired notifications", total);
            }
        } catch (NotificationException | RuntimeException e) {
            LOG.log(Level.WARNING, "Deleting expired notifications failed; the next run tries again", e);
        }
    }
}
