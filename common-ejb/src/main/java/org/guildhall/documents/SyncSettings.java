package org.guildhall.documents;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The sync service's limits and timings, each with a default (README "Configuration"). */
@ApplicationScoped
public class SyncSettings {

    @Inject
    @ConfigProperty(name = "guildhall.sync.max-message-bytes", defaultValue = "8388608")
    int maxMessageBytes;

    @Inject
    @ConfigProperty(name = "guildhall.sync.max-document-bytes", defaultValue = "33554432")
    long maxDocumentBytes;

    @Inject
    @ConfigProperty(name = "guildhall.sync.messages-per-second", defaultValue = "100")
    int messagesPerSecond;

    @Inject
    @ConfigProperty(name = "guildhall.sync.message-burst", defaultValue = "300")
    int messageBurst;

    @Inject
    @ConfigProperty(name = "guildhall.sync.compaction-threshold", defaultValue = "200")
    int compactionThreshold;

    @Inject
    @ConfigProperty(name = "guildhall.sync.compaction-interval", defaultValue = "PT30S")
    Duration compactionInterval;

    @Inject
    @ConfigProperty(name = "guildhall.sync.compaction-batch", defaultValue = "100")
    int compactionBatch;

    @Inject
    @ConfigProperty(name = "guildhall.sync.compaction-share", defaultValue = "0.25")
    double compactionShare;

    @Inject
    @ConfigProperty(name = "guildhall.sync.unload-after", defaultValue = "PT30S")
    Duration unloadAfter;

    @Inject
    @ConfigProperty(name = "guildhall.sync.awareness-timeout", defaultValue = "PT30S")
    Duration awarenessTimeout;

    @Inject
    @ConfigProperty(name = "guildhall.sync.heartbeat", defaultValue = "PT30S")
    Duration heartbeat;

    @Inject
    @ConfigProperty(name = "guildhall.sync.commit-writers", defaultValue = "2")
    int commitWriters;

    @Inject
    @ConfigProperty(name = "guildhall.sync.commit-batch", defaultValue = "64")
    int commitBatch;

    @Inject
    @ConfigProperty(name = "guildhall.sync.commit-backlog", defaultValue = "10000")
    int commitBacklog;

    @Inject
    @ConfigProperty(name = "guildhall.sync.stored-bytes-refresh", defaultValue = "PT30S")
    Duration storedBytesRefresh;

    // A comma-separated string: Payara's MP Config cannot inject Optional<List<String>>.
    @Inject
    @ConfigProperty(name = "guildhall.sync.read-only-groups")
    Optional<String> readOnlyGroups;

    /** How long the stored-bytes metric may be old: reading it sums every stored update. */
    public Duration storedBytesRefresh() {
        return storedBytesRefresh;
    }

    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    public long maxDocumentBytes() {
        return maxDocumentBytes;
    }

    public int messagesPerSecond() {
        return messagesPerSecond;
    }

    public int messageBurst() {
        return messageBurst;
    }

    public int compactionThreshold() {
        return compactionThreshold;
    }

    public Duration compactionInterval() {
        return compactionInterval;
    }

    public int compactionBatch() {
        return compactionBatch;
    }

    /**
     * The share of one core compaction takes while it catches up: after each transaction it waits long enough that
     * its time is at most this share of the time passed. Values outside (0, 1] are refused.
     */
    public double compactionShare() {
        if (!(compactionShare > 0 && compactionShare <= 1)) {
            throw new IllegalStateException(
                    "guildhall.sync.compaction-share must be above 0 and at most 1, not " + compactionShare);
        }
        return compactionShare;
    }

    public Duration unloadAfter() {
        return unloadAfter;
    }

    public Duration awarenessTimeout() {
        return awarenessTimeout;
    }

    /**
     * How often each client is pinged; one that sends nothing for a whole interval, not even the pong, is dropped
     * (its presence removed for the others), as the y-websocket reference server does every 30 s.
     */
    public Duration heartbeat() {
        if (heartbeat.isNegative() || heartbeat.isZero()) {
            throw new IllegalStateException("guildhall.sync.heartbeat must be a positive duration, not " + heartbeat);
        }
        return heartbeat;
    }

    /**
     * Threads committing updates, each for its share of the documents (one document's updates stay in order), each
     * keeping one pooled connection.
     */
    public int commitWriters() {
        return commitWriters;
    }

    /** The most updates one commit takes. */
    public int commitBatch() {
        return commitBatch;
    }

    /** The most updates waiting for a commit per writer; beyond it a sender is asked to come back later. */
    public int commitBacklog() {
        return commitBacklog;
    }

    public Set<String> readOnlyGroups() {
        return Stream.of(readOnlyGroups.orElse("").split(","))
                .map(String::strip)
                .filter(group -> !group.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }
}
