package org.guildhall.notifications;

import jakarta.ejb.ApplicationException;
import org.guildhall.rest.RuleRefusal;

/** A request the notification rules refuse, with a stable code and the HTTP status a REST caller gets. */
@ApplicationException(rollback = true)
public class NotificationException extends RuleRefusal {

    public NotificationException(String code, int status, String message) {
        super(code, status, message);
    }

    public static NotificationException badRequest(String message) {
        return new NotificationException("bad-message", 400, message);
    }

    public static NotificationException notFound(long id) {
        // The same answer whether the notification does not exist or belongs to someone else: ids reveal nothing.
        return new NotificationException("not-found", 404, "no notification " + id);
    }
}
