package org.guildhall.notifications;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The kinds of notification (GIT-8), and which of them an ordinary user may send to another. */
public enum NotificationType {
    INVITE(true),
    MENTION(true),
    THREAD(false),
    SESSION(false),
    COMPONENT(false),
    SYSTEM(false);

    private final boolean userMaySend;

    NotificationType(boolean userMaySend) {
        this.userMaySend = userMaySend;
    }

    /** The name on the wire and in the database. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean userMaySend() {
        return userMaySend;
    }

    public static Optional<NotificationType> fromWire(String name) {
        return Arrays.stream(values())
                .filter(type -> type.wireName().equals(name))
                .findFirst();
    }
}
