package org.guildhall.notifications;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The notification service's settings and limits, each with a default (README "Configuration"). */
@ApplicationScoped
public class NotificationSettings {

    @Inject
    @ConfigProperty(name = "guildhall.notifications.retention", defaultValue = "P30D")
    Duration retention;

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
        return retention;
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
