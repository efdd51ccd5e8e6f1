package org.guildhall.notifications.inbox;

import jakarta.json.JsonObject;
import jakarta.websocket.Session;
import org.guildhall.identity.VerifiedUser;
import org.guildhall.sockets.RateLimiter;
import org.guildhall.sockets.SocketConnection;

/** One open notification socket. */
final class NotificationConnection extends SocketConnection<String> {

    NotificationConnection(Session session, VerifiedUser user, int outboxCapacity, RateLimiter rateLimiter) {
        super(closer(session), user, text(session), outboxCapacity, rateLimiter);
    }

    void send(JsonObject message) {
        send(message.toString());
    }
}
