package org.guildhall.sessions;

import jakarta.ejb.ApplicationException;
import org.guildhall.rest.RuleRefusal;

/**
 * A request the session rules refuse: a stable code (the same over REST, signaling and sync) and the HTTP status a
 * REST caller gets. Rolls the transaction back, so a refused invite grants nothing.
 */
@ApplicationException(rollback = true)
public class SessionException extends RuleRefusal {

    static final int BAD_REQUEST = 400;
    static final int FORBIDDEN = 403;
    static final int NOT_FOUND = 404;
    static final int CONFLICT = 409;
    static final int TOO_MANY_REQUESTS = 429;
    static final int UNAVAILABLE = 503;

    public SessionException(String code, int status, String message) {
        super(code, status, message);
    }

    public static SessionException badRequest(String message) {
        return new SessionException("bad-message", BAD_REQUEST, message);
    }

    static SessionException notFound(String id) {
        // The same answer whether the session does not exist or is private to others: ids reveal nothing.
        return new SessionException("session-not-found", NOT_FOUND, "no session " + abbreviate(id));
    }

    static SessionException ended(CollaborationSession session) {
        return new SessionException("session-ended", CONFLICT, "session \"" + session.title() + "\" has ended");
    }

    static SessionException privateSession() {
        return new SessionException(
                "session-private", FORBIDDEN, "this session is private: only its host and invited users may join");
    }

    static SessionException notHost(String what) {
        return new SessionException("not-host", FORBIDDEN, "only the session's host " + what);
    }

    private static String abbreviate(String text) {
        int max = 80;
        return text.length() <= max ? text : text.substring(0, max) + "...";
    }
}
