package org.guildhall.notifications;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.List;
import java.util.Optional;
import org.guildhall.identity.InvalidTokenException;
import org.guildhall.identity.TokenVerifier;
import org.guildhall.identity.VerifiedUser;
import org.guildhall.sockets.JsonMessages;

/**
 * The notification socket's messages (the seed's, plus {@code mark-all-read}): it answers the requesting socket;
 * what every device of the user must see ({@code notification}, {@code notification-updated},
 * {@code notification-deleted}, {@code all-read}) travels on the bus once committed. Identity is the socket's
 * verified user; an {@code authenticate} token must name the same user, a {@code userId} in a message is ignored.
 */
@ApplicationScoped
public class NotificationProtocol {

    static final String ADMIN = "admin";

    @Inject
    NotificationInbox inbox;

    @Inject
    NotificationSettings settings;

    @Inject
    TokenVerifier tokens;

    public JsonObject parse(String text) throws NotificationException {
        try {
            JsonValue value =
                    JsonMessages.PROVIDER.createReader(new StringReader(text)).readValue();
            if (value instanceof JsonObject message && message.get("type") instanceof JsonString) {
                return message;
            }
            throw NotificationException.badRequest("a message is a JSON object with a string \"type\"");
        } catch (JsonException e) {
            throw NotificationException.badRequest("not valid JSON");
        }
    }

    /** The replies for the requesting socket, in order. */
    public List<JsonObject> handle(VerifiedUser user, JsonObject message) throws NotificationException {
        String type = message.getString("type");
        switch (type) {
            case "authenticate" -> {
                confirmSameUser(user, message);
                return List.of(
                        JsonMessages.PROVIDER
                                .createObjectBuilder()
                                .add("type", "authenticated")
                                .add("userId", user.getName())
                                .build(),
                        page(user, message));
            }
            case "get-notifications" -> {
                return List.of(page(user, message));
            }
            case "mark-read" -> {
                NotificationInbox.Marked marked = inbox.markRead(user.getName(), id(message));
                // A fresh mark reaches every device, this one included, through the bus; a repeated mark changes
                // nothing and is answered here.
                return marked.changed() ? List.of() : List.of(updated(marked.notification()));
            }
            case "mark-all-read" -> {
                int updated = inbox.markAllRead(user.getName());
                return updated == 0
                        ? List.of(JsonMessages.PROVIDER
                                .createObjectBuilder()
                                .add("type", "all-read")
                                .build())
                        : List.of();
            }
            case "delete-notification" -> {
                inbox.delete(user.getName(), id(message));
                return List.of();
            }
            case "send-notification" -> {
                NotificationType kind = NotificationType.fromWire(string(message, "notificationType"))
                        .orElseThrow(() -> NotificationException.badRequest(
                                "notificationType must be one of invite, mention, thread, session, component, system"));
                JsonValue data = message.getOrDefault("data", JsonValue.EMPTY_JSON_OBJECT);
                if (!(data instanceof JsonObject object)) {
                    throw NotificationException.badRequest("data must be an object");
                }
                Notification sent = inbox.send(
                        new NotificationInbox.Sender(user.getName(), user.isInGroup(ADMIN)),
                        string(message, "targetUserId"),
                        kind,
                        object,
                        Optional.empty());
                return List.of(JsonMessages.PROVIDER
                        .createObjectBuilder()
                        .add("type", "notification-sent")
                        .add("notificationId", sent.id())
                        .build());
            }
            case "ping" -> {
                return List.of(JsonMessages.PROVIDER
                        .createObjectBuilder()
                        .add("type", "pong")
                        .build());
            }
            default -> throw new NotificationException("unknown-type", 400, "unknown message type");
        }
    }

    private JsonObject page(VerifiedUser user, JsonObject message) throws NotificationException {
        Optional<NotificationType> type = message.containsKey("notificationType")
                ? Optional.of(NotificationType.fromWire(string(message, "notificationType"))
                        .orElseThrow(() -> NotificationException.badRequest("unknown notificationType")))
                : Optional.empty();
        NotificationInbox.Page page = inbox.list(
                user.getName(),
                new NotificationInbox.PageRequest(
                        optionalId(message, "before"),
                        optionalId(message, "since"),
                        optionalId(message, "limit").map(Long::intValue).orElse(settings.pageSize()),
                        type,
                        message.getBoolean("unread", false)));
        JsonArrayBuilder notifications = JsonMessages.PROVIDER.createArrayBuilder();
        page.notifications().forEach(notification -> notifications.add(NotificationJson.of(notification)));
        return JsonMessages.PROVIDER
                .createObjectBuilder()
                .add("type", "notifications")
                .add("notifications", notifications)
                .add("more", JsonMessages.cursor(page.more()))
                .build();
    }

    private void confirmSameUser(VerifiedUser user, JsonObject message) throws NotificationException {
        if (!(message.get("token") instanceof JsonString token)) {
            return; // the handshake's token already identifies this socket
        }
        try {
            if (!tokens.verify(token.getString()).getName().equals(user.getName())) {
                throw new NotificationException(
                        "token-mismatch", 403, "the token names another user than this socket's");
            }
        } catch (InvalidTokenException e) {
            throw new NotificationException("unauthorized", 401, e.getMessage());
        }
    }

    static JsonObject updated(Notification notification) {
        return JsonMessages.PROVIDER
                .createObjectBuilder()
                .add("type", "notification-updated")
                .add("notification", NotificationJson.of(notification))
                .build();
    }

    private static long id(JsonObject message) throws NotificationException {
        return optionalId(message, "notificationId")
                .orElseThrow(() -> NotificationException.badRequest("notificationId is required"));
    }

    private static Optional<Long> optionalId(JsonObject message, String field) throws NotificationException {
        JsonValue value = message.get(field);
        if (value == null || value == JsonValue.NULL) {
            return Optional.empty();
        }
        if (value instanceof JsonNumber number && number.isIntegral() && number.longValue() >= 0) {
            return Optional.of(number.longValue());
        }
        if (value instanceof JsonString text && text.getString().matches("\\d{1,18}")) {
            return Optional.of(Long.parseLong(text.getString()));
        }
        throw NotificationException.badRequest(field + " must be a non-negative integer");
    }

    private static String string(JsonObject message, String field) throws NotificationException {
        if (message.get(field) instanceof JsonString text && !text.getString().isBlank()) {
            return text.getString();
        }
        throw NotificationException.badRequest(field + " is required (a non-empty string)");
    }
}
