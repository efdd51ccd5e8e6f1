package org.guildhall.notifications;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.guildhall.community.HostedCommunity;

/**
 * The notification service's settings and limits, each with a default (README "Configuration"). How long a
 * notification is kept is the community's {@code notifications.persistDays}, read at each use so that a changed
 * {@code community.json} applies to the next notification stored.
 */
@ApplicationScoped
public class NotificationSettings {

    @Inject
    HostedCommunity community;

    @Inject
    @ConfigProperty(name = "guildhall.notifications.max-data-bytes", defaultValue = "8192")
    int maxDataBytes;

    @Inject
    @ConfigProperty(name = "guildhall.notifications.sends-per-hour", defaultValue = "100")
    int sendsPerHour;

    @Inject
    @ConfigProperty(name = "guildhall.notifications.page-size", defaultValue = "50")
    int pageSize;

    @Inject
    @ConfigProperty(name = "guildhall.notifications.max-page-size", defaultValue = "200")
    int maxPageSize;

    @Inject
    @ConfigProperty(name = "guildhall.notifications.expiry-interval", defaultValue = "PT10M")
    Duration expiryInterval;

    @Inject
    @ConfigProperty(name = "guildhall.notifications.expiry-batch", defaultValue = "500")
    int expiryBatch;

    @Inject
    @ConfigProperty(name = "guildhall.notifications.max-frame-bytes", defaultValue = "65536")
    int maxFrameBytes;

    @Inject
    @ConfigProperty(name = "guildhall.notifications.messages-per-second", defaultValue = "20")
    int messagesPerSecond;

    @Inject
    @ConfigProperty(name = "guildhall.notifications.message-burst", defaultValue = "40")
    int messageBurst;

    public int messagesPerSecond() {
        return messagesPerSecond;
    }

    public int messageBurst() {
        return messageBurst;
    }

    public Duration retention() {
        return Duration.ofDays(community.current().persistDays());
    }

    public int maxDataBytes() {
        return maxDataBytes;
    }

    public int sendsPerHour() {
        return sendsPerHour;
    }

    public int pageSize() {
        return pageSize;
    }

    public int maxPageSize() {
        return maxPageSize;
    }

    public Duration expiryInterval() {
        return expiryInterval;
    }

    public int expiryBatch() {
        return expiryBatch;
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }
}
