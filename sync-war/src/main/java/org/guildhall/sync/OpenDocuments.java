package org.guildhall.sync;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.guildhall.community.UsersBanned;
import org.guildhall.documents.AwarenessStates;
import org.guildhall.documents.DocumentUpdated;
import org.guildhall.documents.DocumentUpdates;
import org.guildhall.documents.SyncMessage;
import org.guildhall.documents.SyncSettings;
import org.guildhall.documents.SyncedDocument;
import org.guildhall.documents.yjs.MalformedUpdateException;
import org.guildhall.sessions.Broadcast;
import org.guildhall.sessions.SessionEnded;
import org.guildhall.websocket.ServerFrame;

/**
 * The documents with clients on this instance: each is loaded from its log when its first client arrives (before
 * anything is answered), receives every committed update and relays it to all its clients, and is dropped from
 * memory once it has had no client for {@code guildhall.sync.unload-after}.
 */
@ApplicationScoped
public class OpenDocuments {

    /**
     * How often idle documents and stale awareness states are looked for, and awareness renewals relayed (well within
     * the clients' 30 s timeout).
     */
    static final long SWEEP_MILLIS = 1000;

    private static final Logger LOG = Logger.getLogger(OpenDocuments.class.getName());

    /** A loaded document, its presence states and its clients here. */
    static final class OpenDocument {
        private final String name;
        private final SyncedDocument state;
        private final AwarenessStates awareness = new AwarenessStates();
        private final Set<SyncConnection> clients = ConcurrentHashMap.newKeySet();
        private volatile Instant emptySince;

        private OpenDocument(String name, SyncedDocument state) {
            this.name = name;
            this.state = state;
        }

        String name() {
            return name;
        }

        SyncedDocument state() {
            return state;
        }

        AwarenessStates awareness() {
            return awareness;
        }

        /** One y-websocket message to every client: framed once, the same frame queued on each socket. */
        void broadcast(byte[] message) {
            ServerFrame frame = ServerFrame.binary(message);
            clients.forEach(client -> client.send(frame));
        }
    }

    /**
     * How many documents of ended sessions are remembered: they are needed only between a handshake's admission
     * (read from the database before the end) and its join, after which the handshake itself refuses.
     */
    static final int ENDED_KEPT = 4096;

    /** What a client of an ended session's document hears as its socket closes. */
    static final CloseReason SESSION_ENDED =
            new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, SessionEnded.REASON);

    private final Map<String, OpenDocument> open = new ConcurrentHashMap<>();
    private final Set<String> ended = Collections.newSetFromMap(Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > ENDED_KEPT;
        }
    }));
    private final Clock clock = Clock.systemUTC();

    @Inject
    DocumentUpdates updates;

    @Inject
    SyncSettings settings;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private ScheduledFuture<?> sweeper;
    private ScheduledFuture<?> heartbeat;

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        sweeper = scheduler.scheduleWithFixedDelay(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
        long every = settings.heartbeat().toMillis();
        heartbeat = scheduler.scheduleAtFixedRate(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (sweeper != null) {
            sweeper.cancel(false);
        }
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
    }

    /**
     * The document with this client added, loading it first if nobody here has it open. The map's per-key lock
     * makes a load, a join and an unload of one document exclusive, so a document is never loaded twice.
     */
    OpenDocument join(String name, SyncConnection client)
            throws SQLException, MalformedUpdateException, SessionEndedException {
        try {
            return open.compute(name, (key, existing) -> {
                if (ended.contains(key)) {
                    // Admitted at the handshake just before its session ended, arriving just after the close.
                    throw new LoadFailed(new SessionEndedException());
                }
                OpenDocument document = existing;
                if (document == null) {
                    try {
                        document = new OpenDocument(key, SyncedDocument.of(updates.open(key)));
                    } catch (SQLException | MalformedUpdateException e) {
                        throw new LoadFailed(e);
                    }
                }
                document.clients.add(client);
                document.emptySince = null;
                return document;
            });
        } catch (LoadFailed failed) {
            if (failed.getCause() instanceof SQLException sql) {
                throw sql;
            }
            if (failed.getCause() instanceof SessionEndedException sessionEnded) {
                throw sessionEnded;
            }
            throw (MalformedUpdateException) failed.getCause();
        }
    }

    void leave(OpenDocument document, SyncConnection client) {
        if (document == null || !document.clients.remove(client)) {
            return;
        }
        client.closeOutbox();
        document.awareness
                .removeOwnedBy(client.id())
                .ifPresent(gone -> document.broadcast(SyncMessage.awareness(gone)));
        open.computeIfPresent(document.name, (key, current) -> {
            if (current.clients.isEmpty()) {
                current.emptySince = clock.instant();
            }
            return current;
        });
    }

    /**
     * A committed update (all of one commit's updates of the document, merged): every client of the document hears
     * it as one message, the senders included (the echo is their acknowledgement). {@code UpdateAppender} fires it
     * once its own commit has returned, outside any JTA transaction, so a transactional observer would only make
     * the container look for a transaction on every commit.
     */
    void committed(@Observes DocumentUpdated update) {
        OpenDocument document = open.get(update.document());
        if (document == null) {
            return;
        }
        try {
            document.state.apply(update.encoded(), update.update());
        } catch (MalformedUpdateException e) {
            // Validated before it was stored: this cannot be the client's fault.
            LOG.log(Level.SEVERE, "A stored update of " + update.document() + " could not be merged", e);
        }
        document.broadcast(SyncMessage.update(update.encoded()));
    }

    /**
     * A session ended (on any WAR or instance): every client of its document here is closed with 1008 "the session
     * has ended". y-websocket reconnects at once, and its handshake is then refused (409), which makes it back off.
     * The clients are taken under the document's map lock, the step a join takes too, so a client admitted just
     * before the end is either closed here or refused at its join.
     */
    void sessionEnded(@Observes @Broadcast SessionEnded session) {
        String name = session.documentName();
        ended.add(name);
        List<SyncConnection> clients = new ArrayList<>();
        open.computeIfPresent(name, (key, document) -> {
            clients.addAll(document.clients);
            return document;
        });
        LOG.log(Level.FINE, "Session {0} ended: closing {1} clients of its document", new Object[] {
            session.sessionId(), clients.size()
        });
        clients.forEach(client -> client.close(SESSION_ENDED.getCloseCode(), SESSION_ENDED.getReasonPhrase()));
    }

    /**
     * The community now bans these users: their clients here are closed with 1008. The close handler leaves the
     * document as for any close, which tells the others that their presence is gone.
     */
    void usersBanned(@Observes UsersBanned banned) {
        for (OpenDocument document : open.values()) {
            for (SyncConnection client : document.clients) {
                String user = client.user().getName();
                if (banned.includes(user)) {
                    client.close(UsersBanned.CLOSE_CODE, UsersBanned.reason(user));
                }
            }
        }
    }

    /**
     * Runs {@code change} on the stored document while nobody here has it open, and drops it from memory so the next
     * client loads what is stored then. The map's per-key lock keeps clients from joining meanwhile. False, and
     * nothing run, when it has clients here: they would send their copy straight back.
     */
    boolean whileClosed(String name, StoredChange change) throws SQLException {
        boolean[] closed = {false};
        try {
            open.compute(name, (key, current) -> {
                if (current != null && !current.clients.isEmpty()) {
                    return current;
                }
                try {
                    change.apply();
                } catch (SQLException e) {
                    throw new LoadFailed(e);
                }
                closed[0] = true;
                return null;
            });
        } catch (LoadFailed failed) {
            throw (SQLException) failed.getCause();
        }
        return closed[0];
    }

    /** A change to a stored document. */
    @FunctionalInterface
    interface StoredChange {
        void apply() throws SQLException;
    }

    /** Documents loaded here. */
    int openCount() {
        return open.size();
    }

    /** Sockets connected to the documents here. */
    int connectionCount() {
        return open.values().stream()
                .mapToInt(document -> document.clients.size())
                .sum();
    }

    /** How many clients the document has here; empty when it is not loaded. */
    java.util.OptionalInt clients(String name) {
        OpenDocument document = open.get(name);
        return document == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(document.clients.size());
    }

    /** Pings every client here; one silent since the last round is dropped, and leaves its document as on a close. */
    private void heartbeat() {
        int dropped = 0;
        for (OpenDocument document : open.values()) {
            for (SyncConnection client : document.clients) {
                try {
                    if (!client.heartbeat()) {
                        dropped++;
                    }
                } catch (RuntimeException e) {
                    // A failure escaping a fixed-rate task would end every later round, for every client.
                    LOG.log(Level.WARNING, "A heartbeat round failed for a client of " + document.name, e);
                }
            }
        }
        if (dropped > 0) {
            LOG.log(Level.FINE, "Heartbeat: dropped {0} sync clients that answered no ping", dropped);
        }
    }

    private void sweep() {
        Instant now = clock.instant();
        for (OpenDocument document : open.values()) {
            document.awareness
                    .expire(now, settings.awarenessTimeout())
                    .ifPresent(gone -> document.broadcast(SyncMessage.awareness(gone)));
            document.awareness
                    .takeRenewals()
                    .ifPresent(renewals -> document.broadcast(SyncMessage.awareness(renewals)));
            open.computeIfPresent(document.name, (key, current) -> {
                Instant empty = current.emptySince;
                boolean idle = empty != null && current.clients.isEmpty();
                return idle && empty.plus(settings.unloadAfter()).isBefore(now) ? null : current;
            });
        }
    }

    /** The document belongs to a session that has ended. */
    static final class SessionEndedException extends Exception {
        SessionEndedException() {
            super(SessionEnded.REASON, null, false, false);
        }
    }

    /** Carries a checked load failure out of the map's compute function. */
    private static final class LoadFailed extends RuntimeException {
        LoadFailed(Exception cause) {
            super(cause);
        }
    }
}
