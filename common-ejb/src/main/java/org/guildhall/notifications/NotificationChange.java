package org.guildhall.notifications;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.StringReader;
import java.util.Optional;
import org.guildhall.sockets.JsonMessages;

/**
 * Something happened to a user's notifications that their open devices must hear: fired by {@link
 * NotificationInbox} inside its transaction, published on the bus once the transaction has committed.
 */
public record NotificationChange(Kind kind, String recipient, Optional<JsonObject> notification, Optional<Long> id) {

    /** What happened. */
    public enum Kind {
        CREATED,
        UPDATED,
        DELETED,
        ALL_READ
    }

    public static NotificationChange created(Notification notification) {
        return new NotificationChange(
                Kind.CREATED,
                notification.recipient(),
                Optional.of(NotificationJson.of(notification)),
                Optional.empty());
    }

    public static NotificationChange updated(Notification notification) {
        return new NotificationChange(
                Kind.UPDATED,
                notification.recipient(),
                Optional.of(NotificationJson.of(notification)),
                Optional.empty());
    }

    public static NotificationChange deleted(String recipient, long id) {
        return new NotificationChange(Kind.DELETED, recipient, Optional.empty(), Optional.of(id));
    }

    public static NotificationChange allRead(String recipient) {
        return new NotificationChange(Kind.ALL_READ, recipient, Optional.empty(), Optional.empty());
    }

    public String toJson() {
        JsonObjectBuilder json = JsonMessages.PROVIDER
                .createObjectBuilder()
                .add("kind", kind.name())
                .add("recipient", recipient);
        notification.ifPresent(value -> json.add("notification", value));
        id.ifPresent(value -> json.add("id", value));
        return json.build().toString();
    }

    public static NotificationChange fromJson(String text) {
        JsonObject json =
                JsonMessages.PROVIDER.createReader(new StringReader(text)).readObject();
        return new NotificationChange(
                Kind.valueOf(json.getString("kind")),
                json.getString("recipient"),
                Optional.ofNullable(json.getJsonObject("notification")),
                json.containsKey("id") ? Optional.of(json.getJsonNumber("id").longValue()) : Optional.empty());
    }
}
