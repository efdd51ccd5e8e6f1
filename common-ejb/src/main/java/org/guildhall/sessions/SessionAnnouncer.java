package org.guildhall.sessions;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.guildhall.community.HostedCommunity;
import org.guildhall.notifications.NotificationException;
import org.guildhall.notifications.NotificationInbox;
import org.guildhall.notifications.NotificationType;

/**
 * Tells the community about a new public session with a {@code session} notification from its host, when the
 * community's {@code sessions} channel is on. After the commit and in its own transaction: nobody hears of a session
 * that is not stored, and a failed announcement does not undo the session.
 */
@ApplicationScoped
public class SessionAnnouncer {

    private static final Logger LOG = Logger.getLogger(SessionAnnouncer.class.getName());

    @Inject
    NotificationInbox inbox;

    @Inject
    HostedCommunity community;

    void announce(@Observes(during = TransactionPhase.AFTER_SUCCESS) SessionStarted started) {
        CollaborationSession session = started.session();
        if (!session.isPublic() || !community.current().delivers(NotificationType.SESSION.wireName())) {
            return;
        }
        JsonObject data = SessionJson.notificationData("host", session.host(), session);
        try {
            int told =
                    inbox.announce(new NotificationInbox.Sender(session.host(), true), NotificationType.SESSION, data);
            LOG.log(Level.FINE, "Session {0} announced to {1} members", new Object[] {session.id(), told});
        } catch (NotificationException | RuntimeException e) {
            LOG.log(Level.WARNING, "Session {0} could not be announced: {1}", new Object[] {session.id(), e.toString()
            });
        }
    }
}
