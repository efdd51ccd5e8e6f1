package org.guildhall.community;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.guildhall.rest.Groups;
import org.guildhall.sockets.JsonMessages;

/**
 * A validated {@code community.json}: the document as the operator wrote it, and the features, limits and
 * moderation rules the services enforce. A key the file leaves out takes the default of the built-in community.
 */
public record Community(
        JsonObject document,
        String id,
        String name,
        boolean collaborationEnabled,
        boolean publicSessions,
        boolean privateSessions,
        int maxSessionSize,
        boolean requireAuth,
        boolean notificationsEnabled,
        Set<String> channels,
        int persistDays,
        Set<String> moderators,
        Set<String> bannedUsers,
        int maxSessionsPerUser,
        int maxInvitesPerSession,
        int sessionsPerHour,
        int invitesPerHour) {

    /** Notification type (wire name) → the channel that must be listed for it to be delivered. */
    private static final Map<String, String> CHANNEL_OF_TYPE = Map.of(
            "invite", "invites",
            "mention", "discussions",
            "thread", "discussions",
            "session", "sessions",
            "component", "components");

    /** Administrators' announcements are not a channel a community can switch off. */
    private static final String ALWAYS_DELIVERED = "system";

    public Community {
        channels = Set.copyOf(channels);
        moderators = Set.copyOf(moderators);
        bannedUsers = Set.copyOf(bannedUsers);
    }

    /** Reads a document that {@link CommunitySchema} found valid; {@code defaults} supplies what it leaves out. */
    static Community from(String json, JsonObject defaults) {
        JsonObject document;
        try (var reader = JsonMessages.PROVIDER.createReader(new StringReader(json))) {
            document = reader.readObject();
        }
        Values values = new Values(document, defaults);
        return new Community(
                document,
                values.string("community", "id"),
                values.string("community", "name"),
                values.bool("features", "collaboration", "enabled"),
                values.bool("features", "collaboration", "publicSessions"),
                values.bool("features", "collaboration", "privateSessions"),
                values.integer("features", "collaboration", "maxSessionSize"),
                values.bool("features", "collaboration", "requireAuth"),
                values.bool("features", "notifications", "enabled"),
                values.strings("features", "notifications", "channels"),
                values.integer("features", "notifications", "persistDays"),
                values.strings("moderation", "moderators"),
                values.strings("moderation", "bannedUsers"),
                values.integer("limits", "maxSessionsPerUser"),
                values.integer("limits", "maxInvitesPerSession"),
                values.integer("limits", "rateLimit", "sessionsPerHour"),
                values.integer("limits", "rateLimit", "invitesPerHour"));
    }

    public boolean isBanned(String user) {
        return bannedUsers.contains(user);
    }

    /** What a banned user is told when a socket or a REST call is refused. */
    public String banNotice(String user) {
        return user + " is banned from the community " + name + " (" + id + ")";
    }

    /** Listed in {@code moderation.moderators}, or in the SSO's moderator or admin group. */
    public boolean isModerator(String user, Set<String> groups) {
        return moderators.contains(user) || groups.contains(Groups.MODERATOR) || groups.contains(Groups.ADMIN);
    }

    /** Whether a notification of this type (wire name) reaches anyone in this community. */
    public boolean delivers(String notificationType) {
        if (ALWAYS_DELIVERED.equals(notificationType)) {
            return true;
        }
        String channel = CHANNEL_OF_TYPE.get(notificationType);
        return notificationsEnabled && channel != null && channels.contains(channel);
    }

    /** Why a notification of this type (wire name) is not delivered here, for the sender's error. */
    public String whyNotDelivered(String notificationType) {
        if (!notificationsEnabled) {
            return "the community " + id + " has notifications turned off (only system announcements are delivered)";
        }
        return "the community " + id + " does not deliver " + notificationType + " notifications: its "
                + channelOf(notificationType) + " channel is off";
    }

    /** The channel a notification type belongs to, for error messages. */
    public static String channelOf(String notificationType) {
        return CHANNEL_OF_TYPE.getOrDefault(notificationType, notificationType);
    }

    /** Looks a value up by path in the document, falling back to the built-in community's value. */
    private record Values(JsonObject document, JsonObject defaults) {

        JsonValue find(String... path) {
            JsonValue found = at(document, path);
            if (found == null && defaults != null) {
                found = at(defaults, path);
            }
            if (found == null) {
                throw new IllegalStateException("the built-in community lacks " + String.join(".", path));
            }
            return found;
        }

        String string(String... path) {
            return ((JsonString) find(path)).getString();
        }

        boolean bool(String... path) {
            return find(path) == JsonValue.TRUE;
        }

        int integer(String... path) {
            return ((jakarta.json.JsonNumber) find(path)).intValueExact();
        }

        Set<String> strings(String... path) {
            return ((JsonArray) find(path))
                    .getValuesAs(JsonString.class).stream()
                            .map(JsonString::getString)
                            .collect(Collectors.toUnmodifiableSet());
        }

        private static JsonValue at(JsonObject object, String... path) {
            JsonValue current = object;
            for (String key : path) {
                if (!(current instanceof JsonObject map) || !map.containsKey(key)) {
                    return null;
                }
                current = map.get(key);
            }
            return current;
        }
    }
}
