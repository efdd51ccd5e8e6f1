package org.guildhall.notifications;

import java.time.OffsetDateTime;
import java.util.Optional;

/** One notification for one user. Title, message and actions are fixed when it is created, from its type and data. */
public final class Notification {

    private final long id;
    private final String recipient;
    private final String sender;
    private final String type;
    private final String title;
    private final String message;
    private final String data;
    private final String actions;
    private final OffsetDateTime createdAt;
    private final OffsetDateTime readAt;
    private final OffsetDateTime expiresAt;

    Notification(
            long id,
            String recipient,
            String sender,
            String type,
            String title,
            String message,
            String data,
            String actions,
            OffsetDateTime createdAt,
            OffsetDateTime readAt,
            OffsetDateTime expiresAt) {
        this.id = id;
        this.recipient = recipient;
        this.sender = sender;
        this.type = type;
        this.title = title;
        this.message = message;
        this.data = data;
        this.actions = actions;
        this.createdAt = createdAt;
        this.readAt = readAt;
        this.expiresAt = expiresAt;
    }

    /** A new notification, before it has an id. */
    static Notification create(
            long id,
            String recipient,
            String sender,
            NotificationType type,
            NotificationTemplates.Rendered rendered,
            String data,
            OffsetDateTime createdAt,
            OffsetDateTime expiresAt) {
        if (recipient == null || recipient.isBlank()) {
            throw new IllegalArgumentException("a notification needs a recipient");
        }
        if (!expiresAt.isAfter(createdAt)) {
            throw new IllegalArgumentException("a notification must expire after it is created");
        }
        return new Notification(
                id,
                recipient,
                sender,
                type.wireName(),
                rendered.title(),
                rendered.message(),
                data,
                rendered.actions(),
                createdAt,
                null,
                expiresAt);
    }

    Notification readAt(OffsetDateTime at) {
        return new Notification(id, recipient, sender, type, title, message, data, actions, createdAt, at, expiresAt);
    }

    public boolean isFor(String user) {
        return recipient.equals(user);
    }

    public long id() {
        return id;
    }

    public String recipient() {
        return recipient;
    }

    public Optional<String> sender() {
        return Optional.ofNullable(sender);
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public String message() {
        return message;
    }

    public String data() {
        return data;
    }

    public String actions() {
        return actions;
    }

    public OffsetDateTime createdAt() {
        return createdAt;
    }

    public Optional<OffsetDateTime> readAt() {
        return Optional.ofNullable(readAt);
    }

    public OffsetDateTime expiresAt() {
        return expiresAt;
    }
}
