package org.guildhall.signaling;

import jakarta.json.JsonObject;
import jakarta.websocket.Session;
import org.guildhall.identity.VerifiedUser;
import org.guildhall.sockets.RateLimiter;
import org.guildhall.sockets.SocketConnection;

/** One open signaling socket, and whether it still answers the heartbeat. */
final class SignalingConnection extends SocketConnection<String> {

    private final Session session;
    private volatile boolean heardSinceLastPing = true;

    SignalingConnection(Session session, VerifiedUser user, int outboxCapacity, RateLimiter rateLimiter) {
        super(closer(session), user, text(session), outboxCapacity, rateLimiter);
        this.session = session;
    }

    /** The heartbeat pings through it. */
    Session session() {
        return session;
    }

    void send(JsonObject message) {
        send(message.toString());
    }

    /** Any frame, a pong or a message, shows the peer is alive. */
    void heardFrom() {
        heardSinceLastPing = true;
    }

    /** True when the peer answered since the last ping; starts a new round. */
    boolean answeredAndStartNewRound() {
        boolean answered = heardSinceLastPing;
        heardSinceLastPing = false;
        return answered;
    }
}
