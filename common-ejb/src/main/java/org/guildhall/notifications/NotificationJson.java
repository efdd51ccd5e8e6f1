package org.guildhall.notifications;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.StringReader;
import org.guildhall.sockets.JsonMessages;

/**
 * A notification as clients see it, the seed's shape: {@code id, userId, fromUserId, type, title, message, data,
 * actions, read, createdAt, expiresAt, readAt}.
 */
public final class NotificationJson {

    private NotificationJson() {}

    public static JsonObject of(Notification notification) {
        JsonObjectBuilder json = JsonMessages.PROVIDER
                .createObjectBuilder()
                .add("id", notification.id())
                .add("userId", notification.recipient())
                .add("type", notification.type())
                .add("title", notification.title())
                .add("message", notification.message())
                .add("read", notification.readAt().isPresent())
                .add("createdAt", notification.createdAt().toString())
                .add("expiresAt", notification.expiresAt().toString());
        notification.sender().ifPresent(sender -> json.add("fromUserId", sender));
        notification.readAt().ifPresent(readAt -> json.add("readAt", readAt.toString()));
        json.add(
                "data",
                notification.data() == null
                        ? JsonMessages.PROVIDER.createObjectBuilder().build()
                        : parse(notification.data()));
        json.add(
                "actions",
                JsonMessages.PROVIDER
                        .createReader(new StringReader(notification.actions()))
                        .readArray());
        return json.build();
    }

    private static JsonObject parse(String data) {
        return JsonMessages.PROVIDER.createReader(new StringReader(data)).readObject();
    }
}
