package org.guildhall.notifications;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.guildhall.rooms.OfflineInvites;
import org.guildhall.sockets.JsonMessages;

/** Offline invites become stored {@code invite} notifications, sent by the signaling service for the inviter. */
@ApplicationScoped
public class StoredInvites implements OfflineInvites {

    private static final Logger LOG = Logger.getLogger(StoredInvites.class.getName());

    @Inject
    NotificationInbox inbox;

    @Override
    public Kept keep(String from, String target, String room, JsonValue sessionInfo) {
        String title = sessionInfo instanceof JsonObject info && info.get("title") instanceof JsonString text
                ? text.getString()
                : room;
        JsonObject data = JsonMessages.PROVIDER
                .createObjectBuilder()
                .add("from", from)
                .add("roomId", room)
                .add("sessionTitle", title)
                .add("sessionInfo", sessionInfo)
                .build();
        try {
            // The signaling service sends it, within its own invite limit, so the user's hourly limit does not apply.
            return Kept.stored(inbox.send(
                            new NotificationInbox.Sender(from, true),
                            target,
                            NotificationType.INVITE,
                            data,
                            Optional.empty())
                    .id());
        } catch (NotificationException e) {
            LOG.log(Level.FINE, "Did not store an invite for {0}: {1}", new Object[] {target, e.getMessage()});
            return Kept.refused(e.code(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not store an invite for {0}: {1}", new Object[] {target, e.getMessage()});
            return Kept.refused("unavailable", "the invite could not be stored: try again later");
        }
    }
}
