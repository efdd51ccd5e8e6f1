package org.guildhall.notifications.inbox;

import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.guildhall.community.BanWatch;
import org.guildhall.identity.HandshakeToken;
import org.guildhall.identity.VerifiedUser;
import org.guildhall.notifications.CommunityMembers;
import org.guildhall.notifications.NotificationException;
import org.guildhall.notifications.NotificationProtocol;
import org.guildhall.sockets.JsonMessages;

/** {@code ws://host/notifications/}: the seed's notification messages for the socket's verified user. */
@ServerEndpoint(value = "/", subprotocols = HandshakeToken.SUBPROTOCOL)
public class NotificationsEndpoint {

    private static final Logger LOG = Logger.getLogger(NotificationsEndpoint.class.getName());

    @Inject
    NotificationSockets sockets;

    @Inject
    NotificationProtocol protocol;

    @Inject
    CommunityMembers members;

    @Inject
    BanWatch bans;

    private NotificationConnection connection;

    @OnOpen
    public void open(Session session) {
        VerifiedUser user = (VerifiedUser) session.getUserPrincipal();
        connection = sockets.open(session, user);
        if (bans.closeIfBanned(connection)) {
            return; // banned since its handshake was admitted, too late to be found by the ban's announcement
        }
        try {
            members.seen(user.getName(), user.groups());
        } catch (NotificationException | RuntimeException e) {
            // Two devices racing to record a new member: one of them recorded it, which is all that matters.
            LOG.log(Level.FINE, "Recording member {0} failed: {1}", new Object[] {user.getName(), e.toString()});
        }
    }

    @OnMessage
    public void onText(String text) {
        if (!connection.allowMessage()) {
            refuse(new NotificationException("rate-limited", 429, "too many messages: slow down"));
            return;
        }
        try {
            protocol.handle(connection.user(), protocol.parse(text)).forEach(connection::send);
        } catch (NotificationException e) {
            refuse(e);
        }
    }

    @OnClose
    public void close(Session session, CloseReason reason) {
        sockets.drop(connection);
    }

    @OnError
    public void failed(Session session, Throwable failure) {
        LOG.log(Level.FINE, "Notification socket failed: {0}", failure.toString());
        sockets.drop(connection);
        if (connection != null) {
            // Dropped from the registry, it would hear nothing more while looking connected: closed, the client
            // reconnects.
            connection.close(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "the server could not handle a message");
        }
    }

    private void refuse(NotificationException refusal) {
        JsonObject error = JsonMessages.PROVIDER
                .createObjectBuilder()
                .add("type", "error")
                .add("code", refusal.code())
                .add("error", refusal.getMessage())
                .build();
        connection.send(error);
    }
}
