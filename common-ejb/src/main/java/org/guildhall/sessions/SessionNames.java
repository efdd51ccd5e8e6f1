package org.guildhall.sessions;

import java.util.UUID;

/**
 * The names the server gives a session's signaling room and sync document. The prefix is reserved: a room or
 * document whose name starts with it is a session's or nothing, so nobody can open "session-..." beside the rules.
 * Names without the prefix are never looked up, which keeps the database off every other room's and document's path.
 */
public final class SessionNames {

    public static final String PREFIX = "session-";

    private SessionNames() {}

    public static boolean isSessionName(String name) {
        return name != null && name.startsWith(PREFIX);
    }

    /** A fresh, unguessable session id. */
    static String newId() {
        return UUID.randomUUID().toString();
    }

    /** The room and the document of the session with this id (one name, two services). */
    static String nameOf(String id) {
        return PREFIX + id;
    }
}
