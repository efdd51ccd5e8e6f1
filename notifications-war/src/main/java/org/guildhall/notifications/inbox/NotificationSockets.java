package org.guildhall.notifications.inbox;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.websocket.Session;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.guildhall.bus.ClusterBus;
import org.guildhall.community.UsersBanned;
import org.guildhall.identity.VerifiedUser;
import org.guildhall.notifications.NotificationBroadcaster;
import org.guildhall.notifications.NotificationChange;
import org.guildhall.notifications.NotificationSettings;
import org.guildhall.sockets.JsonMessages;
import org.guildhall.sockets.RateLimiter;
import org.guildhall.sockets.SocketSettings;

/**
 * The open notification sockets of this WAR, by user. It listens on the bus, so a notification committed by any
 * WAR or instance reaches every device of its recipient connected here.
 */
@ApplicationScoped
public class NotificationSockets {

    private static final Logger LOG = Logger.getLogger(NotificationSockets.class.getName());

    private final Map<String, Set<NotificationConnection>> byUser = new ConcurrentHashMap<>();

    @Inject
    ClusterBus bus;

    @Inject
    NotificationSettings settings;

    @Inject
    SocketSettings socketSettings;

    private ClusterBus.Subscription subscription;

    void listen(@Observes @Initialized(ApplicationScoped.class) Object started) {
        subscription = bus.subscribe(NotificationBroadcaster.TOPIC, this::onChange);
    }

    @PreDestroy
    void stopListening() {
        if (subscription != null) {
            subscription.close();
        }
    }

    NotificationConnection open(Session session, VerifiedUser user) {
        session.setMaxTextMessageBufferSize(settings.maxFrameBytes());
        NotificationConnection connection = new NotificationConnection(
                session,
                user,
                socketSettings.outboxCapacity(),
                new RateLimiter(settings.messagesPerSecond(), settings.messageBurst()));
        byUser.computeIfAbsent(user.getName(), u -> ConcurrentHashMap.newKeySet())
                .add(connection);
        return connection;
    }

    void drop(NotificationConnection connection) {
        if (connection == null) {
            return;
        }
        connection.closeOutbox();
        byUser.computeIfPresent(connection.user().getName(), (user, connections) -> {
            connections.remove(connection);
            return connections.isEmpty() ? null : connections;
        });
    }

    /** The community now bans these users: every device of theirs connected here is closed with 1008. */
    void usersBanned(@Observes UsersBanned banned) {
        for (String user : banned.users()) {
            Set<NotificationConnection> devices = byUser.get(user);
            if (devices != null) {
                // A copy: each close may run the close handler, which takes the device out of this set.
                List.copyOf(devices).forEach(device -> device.close(UsersBanned.CLOSE_CODE, UsersBanned.reason(user)));
            }
        }
    }

    private void onChange(String message) {
        NotificationChange change = NotificationChange.fromJson(message);
        Set<NotificationConnection> devices = byUser.get(change.recipient());
        if (devices == null) {
            return;
        }
        JsonObject live =
                switch (change.kind()) {
                    case CREATED -> JsonMessages.PROVIDER
                            .createObjectBuilder()
                            .add("type", "notification")
                            .add("notification", change.notification().orElseThrow())
                            .build();
                    case UPDATED -> JsonMessages.PROVIDER
                            .createObjectBuilder()
                            .add("type", "notification-updated")
                            .add("notification", change.notification().orElseThrow())
                            .build();
                    case DELETED -> JsonMessages.PROVIDER
                            .createObjectBuilder()
                            .add("type", "notification-deleted")
                            .add("notificationId", change.id().orElseThrow())
                            .build();
                    case ALL_READ -> JsonMessages.PROVIDER
                            .createObjectBuilder()
                            .add("type", "all-read")
                            .build();
                };
        devices.forEach(device -> device.send(live));
    }
}
