package org.guildhall.sessions;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.enterprise.inject.Default;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.guildhall.bus.ClusterBus;

/**
 * Carries session events from the WAR that committed them to the sockets of every WAR and instance: a committed
 * {@link SessionEnded} goes on the bus, and what the bus brings is fired here again as {@code @Broadcast
 * SessionEnded}, which the signaling and sync WARs observe to close the session's room and document. The bus is a
 * hint: a socket that misses it is still refused at its next join or handshake, which read the database.
 */
@ApplicationScoped
public class SessionBroadcaster {

    /** The bus topic of session events. */
    public static final String TOPIC = "guildhall.sessions";

    private static final Logger LOG = Logger.getLogger(SessionBroadcaster.class.getName());

    @Inject
    ClusterBus bus;

    @Inject
    @Broadcast
    Event<SessionEnded> heard;

    private ClusterBus.Subscription subscription;

    void listen(@Observes @Initialized(ApplicationScoped.class) Object started) {
        subscription = bus.subscribe(TOPIC, this::onMessage);
    }

    @PreDestroy
    void stopListening() {
        if (subscription != null) {
            subscription.close();
        }
    }

    /**
     * Only the service's own event ({@code @Default}), and only once it has committed: nobody is disconnected from
     * a session the database still has live. The {@code @Broadcast} event this class fires is not {@code @Default},
     * so it is never published again.
     */
    void committed(@Observes(during = TransactionPhase.AFTER_SUCCESS) @Default SessionEnded ended) {
        bus.publish(TOPIC, ended.toJson());
    }

    private void onMessage(String message) {
        SessionEnded ended;
        try {
            JsonObject json = SessionEnded.parse(message);
            if (!SessionEnded.TYPE.equals(json.getString("type", ""))) {
                return; // a kind of session event this version does not know: a newer instance's
            }
            ended = SessionEnded.fromJson(json);
        } catch (JsonException | ClassCastException | NullPointerException e) {
            LOG.log(Level.WARNING, "Ignoring a malformed message on {0}: {1}", new Object[] {TOPIC, e.toString()});
            return;
        }
        LOG.log(Level.FINE, "Session {0} ended: closing its room and document here", ended.sessionId());
        heard.fire(ended);
    }
}
