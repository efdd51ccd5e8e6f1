package org.guildhall.signaling;

import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.guildhall.community.BanWatch;
import org.guildhall.identity.HandshakeToken;
import org.guildhall.identity.VerifiedUser;
import org.guildhall.rooms.SignalingException;
import org.guildhall.rooms.SignalingProtocol;
import org.guildhall.sockets.JsonMessages;

/**
 * {@code ws://host/signaling/}: the seeds' room protocol and y-webrtc's topic protocol on one socket. The shared
 * handshake guard has verified the token before this endpoint exists; the session's principal is that user.
 */
@ServerEndpoint(value = "/", subprotocols = HandshakeToken.SUBPROTOCOL)
public class SignalingEndpoint {

    private static final Logger LOG = Logger.getLogger(SignalingEndpoint.class.getName());

    @Inject
    SignalingSockets sockets;

    @Inject
    SignalingProtocol protocol;

    @Inject
    SignalingMetrics metrics;

    @Inject
    BanWatch bans;

    private SignalingConnection connection;

    @OnOpen
    public void open(Session session) {
        connection = sockets.open(session, (VerifiedUser) session.getUserPrincipal());
        // Banned since its handshake was admitted, too late to be found by the ban's announcement.
        bans.closeIfBanned(connection);
    }

    @OnMessage
    public void onText(String text) {
        connection.heardFrom();
        if (!connection.allowMessage()) {
            refuse(new SignalingException("rate-limited", "too many messages: slow down"));
            return;
        }
        try {
            JsonObject message = protocol.parse(text);
            metrics.message(SignalingProtocol.typeOf(message));
            sockets.deliver(protocol.handle(connection.id(), connection.user().getName(), message));
        } catch (SignalingException e) {
            refuse(e);
        }
    }

    @OnMessage
    public void onPong(PongMessage pong) {
        connection.heardFrom();
    }

    @OnClose
    public void close(Session session, CloseReason reason) {
        sockets.drop(connection);
    }

    @OnError
    public void failed(Session session, Throwable failure) {
        LOG.log(Level.FINE, "Signaling socket failed: {0}", failure.toString());
        sockets.drop(connection);
        if (connection != null) {
            // Dropped from the registry, it would hear nothing more while looking connected: closed, the client
            // reconnects.
            connection.close(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "the server could not handle a message");
        }
    }

    private void refuse(SignalingException refusal) {
        metrics.error(refusal.code());
        connection.send(JsonMessages.PROVIDER
                .createObjectBuilder()
                .add("type", "error")
                .add("code", refusal.code())
                .add("error", refusal.getMessage())
                .build());
    }
}
