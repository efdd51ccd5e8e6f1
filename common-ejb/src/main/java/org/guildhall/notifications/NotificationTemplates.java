package org.guildhall.notifications;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Map;
import org.guildhall.sockets.JsonMessages;

/**
 * Title, message and actions of each type, as the seed's client (GIT-8) words them, filled from the notification's
 * data. The fields a type's message needs are required, so no notification reads "undefined invited you".
 */
public final class NotificationTemplates {

    static final int MAX_FIELD_LENGTH = 500;
    static final int MAX_MESSAGE_LENGTH = 2000;

    /** A finished title, message and actions (a JSON array of {label, action, primary}). */
    public record Rendered(String title, String message, String actions) {}

    private record Action(String label, String action, boolean primary) {}

    private static final Map<NotificationType, List<Action>> ACTIONS = Map.of(
            NotificationType.INVITE, List.of(new Action("Join", "join", true), new Action("Decline", "decline", false)),
            NotificationType.SESSION, List.of(new Action("Join Session", "join", true)),
            NotificationType.THREAD, List.of(new Action("View Thread", "view", true)),
            NotificationType.COMPONENT, List.of(new Action("View Component", "view", true)));

    private NotificationTemplates() {}

    public static Rendered render(NotificationType type, JsonObject data) throws NotificationException {
        String title;
        String message;
        switch (type) {
            case INVITE -> {
                title = "Collaboration Invite";
                message =
                        field(data, "from") + " invited you to collaborate on \"" + field(data, "sessionTitle") + "\"";
            }
            case MENTION -> {
                title = "Someone mentioned you";
                message = field(data, "from") + " mentioned you in " + field(data, "location");
            }
            case THREAD -> {
                title = "New discussion thread";
                message = "New thread in " + field(data, "community") + ": \"" + field(data, "threadTitle") + "\"";
            }
            case SESSION -> {
                title = "Public session available";
                message = field(data, "host") + " started a public session: \"" + field(data, "sessionTitle") + "\"";
            }
            case COMPONENT -> {
                title = "New component available";
                message = field(data, "author") + " published \"" + field(data, "componentName") + "\"";
            }
            case SYSTEM -> {
                title = "System notification";
                message = field(data, "message", MAX_MESSAGE_LENGTH);
            }
            default -> throw new IllegalStateException("no template for " + type);
        }
        JsonArrayBuilder actions = JsonMessages.PROVIDER.createArrayBuilder();
        for (Action action : ACTIONS.getOrDefault(type, List.of())) {
            actions.add(JsonMessages.PROVIDER
                    .createObjectBuilder()
                    .add("label", action.label())
                    .add("action", action.action())
                    .add("primary", action.primary()));
        }
        return new Rendered(title, message, actions.build().toString());
    }

    private static String field(JsonObject data, String name) throws NotificationException {
        return field(data, name, MAX_FIELD_LENGTH);
    }

    private static String field(JsonObject data, String name, int maxLength) throws NotificationException {
        JsonValue value = data.get(name);
        if (!(value instanceof JsonString text) || text.getString().isBlank()) {
            throw NotificationException.badRequest("data." + name + " is required (a non-empty string)");
        }
        if (text.getString().length() > maxLength) {
            throw NotificationException.badRequest("data." + name + " is longer than " + maxLength + " characters");
        }
        return text.getString();
    }
}
