package org.guildhall.notifications;

import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.guildhall.community.Community;
import org.guildhall.community.HostedCommunity;
import org.guildhall.sockets.JsonMessages;

/**
 * Every user's notifications: read their own, mark, delete, and send to others within the rules. Each method is
 * one transaction; its changes reach devices only after the commit ({@link NotificationBroadcaster}), so a caller
 * that gets an answer knows the row is stored.
 */
@Stateless
public class NotificationInbox {

    static final int MAX_USER_LENGTH = 255;

    /** The code of a send refused because the community does not deliver that type (its channel is off). */
    public static final String CHANNEL_DISABLED = "channel-disabled";

    /** A member's row is rewritten at most this often, unless their groups change. */
    static final java.time.Duration MEMBER_REFRESH = java.time.Duration.ofMinutes(10);

    private static final Logger LOG = Logger.getLogger(NotificationInbox.class.getName());

    /** Which data field names the sender, per type; the server writes it, so nobody sends in another's name. */
    private static final Map<NotificationType, String> SENDER_FIELD = Map.of(
            NotificationType.INVITE, "from",
            NotificationType.MENTION, "from",
            NotificationType.SESSION, "host",
            NotificationType.COMPONENT, "author");

    @Inject
    NotificationStore store;

    @Inject
    Event<NotificationChange> changes;

    @Inject
    NotificationSettings settings;

    @Inject
    HostedCommunity community;

    private final Clock clock = Clock.systemUTC();

    /** Who sends: a user within the limits, or an administrator or a Guildhall service, who are not limited. */
    public record Sender(String user, boolean privileged) {}

    /**
     * A page request, newest first: notifications older than {@code before} (the previous page's {@code more}) and
     * newer than {@code after} (the newest one a reconnecting client has seen).
     */
    public record PageRequest(
            Optional<Long> before,
            Optional<Long> after,
            int limit,
            Optional<NotificationType> type,
            boolean unreadOnly) {}

    /** A page of notifications and, when there are older ones, the cursor that fetches them. */
    public record Page(List<Notification> notifications, Optional<Long> more) {}

    /** The notification after a mark, and whether the mark changed it (a second mark does not). */
    public record Marked(Notification notification, boolean changed) {}

    public Page list(String user, PageRequest request) throws NotificationException {
        int limit = Math.max(1, Math.min(request.limit(), settings.maxPageSize()));
        try {
            List<Notification> found = store.page(
                    user,
                    request.before().orElse(Long.MAX_VALUE),
                    request.after().orElse(0L),
                    now(),
                    request.type(),
                    request.unreadOnly(),
                    limit + 1);
            if (found.size() > limit) {
                return new Page(
                        List.copyOf(found.subList(0, limit)),
                        Optional.of(found.get(limit - 1).id()));
            }
            return new Page(found, Optional.empty());
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    public long unreadCount(String user) throws NotificationException {
        try {
            return store.unreadCount(user, now());
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    public Marked markRead(String user, long id) throws NotificationException {
        try {
            Notification notification = own(user, id);
            OffsetDateTime now = now();
            if (!store.markRead(id, now)) {
                return new Marked(notification, false);
            }
            Notification read = notification.readAt(now);
            changes.fire(NotificationChange.updated(read));
            return new Marked(read, true);
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    public int markAllRead(String user) throws NotificationException {
        try {
            int updated = store.markAllRead(user, now());
            if (updated > 0) {
                changes.fire(NotificationChange.allRead(user));
            }
            return updated;
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    public void delete(String user, long id) throws NotificationException {
        try {
            own(user, id);
            if (store.delete(id)) {
                changes.fire(NotificationChange.deleted(user, id));
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    public Notification send(
            Sender sender, String target, NotificationType type, JsonObject data, Optional<OffsetDateTime> expiresAt)
            throws NotificationException {
        try {
            checkChannel(type);
            checkSender(sender, type, expiresAt);
            return store(sender, requireUser(target), type, data, expiresAt);
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** A system notification from an administrator to every known member, or to the members of one group. */
    public int broadcast(Sender admin, Optional<String> group, JsonObject data, Optional<OffsetDateTime> expiresAt)
            throws NotificationException {
        if (!admin.privileged()) {
            throw new NotificationException("forbidden", 403, "only administrators broadcast");
        }
        try {
            checkChannel(NotificationType.SYSTEM);
            checkSender(admin, NotificationType.SYSTEM, expiresAt);
            List<String> members = store.members(group);
            for (String member : members) {
                store(admin, member, NotificationType.SYSTEM, data, expiresAt);
            }
            return members.size();
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /**
     * A Guildhall service's announcement of this type (a new public session) to every known member but the sender,
     * through the broadcast path: one stored notification each, delivered live after the commit.
     */
    public int announce(Sender service, NotificationType type, JsonObject data) throws NotificationException {
        if (!service.privileged()) {
            throw new NotificationException("forbidden", 403, "only Guildhall services announce");
        }
        try {
            List<String> members = store.members(Optional.empty()).stream()
                    .filter(member -> !member.equals(service.user()))
                    .toList();
            for (String member : members) {
                store(service, member, type, data, Optional.empty());
            }
            return members.size();
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** Deletes up to one batch of expired notifications; returns how many, so a job can go on until none are left. */
    public int expireBatch() throws NotificationException {
        try {
            List<Notification> expired = store.expired(now(), settings.expiryBatch());
            for (Notification notification : expired) {
                if (store.delete(notification.id())) {
                    changes.fire(NotificationChange.deleted(notification.recipient(), notification.id()));
                }
            }
            return expired.size();
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** Records that a member of the community was seen, with the groups their token gives them. */
    public void memberSeen(String user, java.util.Set<String> groups) throws NotificationException {
        try {
            store.rememberMember(user, groups, now(), MEMBER_REFRESH);
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private Notification store(
            Sender sender, String target, NotificationType type, JsonObject data, Optional<OffsetDateTime> expiresAt)
            throws NotificationException, SQLException {
        JsonObject stamped = stampSender(sender, type, data);
        String serialized = stamped.toString();
        if (serialized.getBytes(StandardCharsets.UTF_8).length > settings.maxDataBytes()) {
            throw new NotificationException(
                    "too-large", 413, "data is larger than " + settings.maxDataBytes() + " bytes");
        }
        OffsetDateTime now = now();
        Notification notification = store.insert(
                target,
                sender.user(),
                type,
                NotificationTemplates.render(type, stamped),
                serialized,
                now,
                expiresAt.orElse(now.plus(settings.retention())));
        changes.fire(NotificationChange.created(notification));
        return notification;
    }

    /** A type whose channel the community has switched off is refused before anything is stored. */
    private void checkChannel(NotificationType type) throws NotificationException {
        Community now = community.current();
        if (!now.delivers(type.wireName())) {
            throw new NotificationException(CHANNEL_DISABLED, 403, now.whyNotDelivered(type.wireName()));
        }
    }

    private void checkSender(Sender sender, NotificationType type, Optional<OffsetDateTime> expiresAt)
            throws NotificationException, SQLException {
        if (sender.privileged()) {
            if (expiresAt.isPresent() && !expiresAt.get().isAfter(now())) {
                throw NotificationException.badRequest("expiresAt must be in the future");
            }
            return;
        }
        if (!type.userMaySend()) {
            throw new NotificationException(
                    "forbidden", 403, "users may send invite and mention notifications only, not " + type.wireName());
        }
        if (expiresAt.isPresent()) {
            throw new NotificationException("forbidden", 403, "only administrators choose an expiry");
        }
        if (store.sentSince(sender.user(), now().minusHours(1)) >= settings.sendsPerHour()) {
            throw new NotificationException(
                    "rate-limited", 429, "at most " + settings.sendsPerHour() + " notifications per hour");
        }
    }

    private static JsonObject stampSender(Sender sender, NotificationType type, JsonObject data) {
        String field = SENDER_FIELD.get(type);
        if (field == null || (sender.privileged() && data.containsKey(field))) {
            return data;
        }
        JsonObjectBuilder stamped = JsonMessages.PROVIDER.createObjectBuilder(data);
        stamped.add(field, sender.user());
        return stamped.build();
    }

    private static String requireUser(String user) throws NotificationException {
        if (user == null || user.isBlank() || user.length() > MAX_USER_LENGTH) {
            throw NotificationException.badRequest("targetUserId must be 1 to " + MAX_USER_LENGTH + " characters");
        }
        return user;
    }

    private Notification own(String user, long id) throws NotificationException, SQLException {
        Optional<Notification> notification = store.find(id);
        if (notification.isEmpty()
                || !notification.get().isFor(user)
                || !notification.get().expiresAt().isAfter(now())) {
            throw NotificationException.notFound(id);
        }
        return notification.get();
    }

    private static NotificationException unavailable(SQLException e) {
        LOG.log(Level.WARNING, "The notification store failed", e);
        return new NotificationException("unavailable", 503, "notifications are unavailable: try again later");
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
