package org.guildhall.sync;

import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.guildhall.community.BanWatch;
import org.guildhall.documents.AwarenessStates;
import org.guildhall.documents.DocumentAccess;
import org.guildhall.documents.DocumentAccessPolicy;
import org.guildhall.documents.DocumentNames;
import org.guildhall.documents.DocumentUpdated;
import org.guildhall.documents.SyncMessage;
import org.guildhall.documents.SyncSettings;
import org.guildhall.documents.yjs.MalformedUpdateException;
import org.guildhall.documents.yjs.Update;
import org.guildhall.identity.HandshakeToken;
import org.guildhall.identity.VerifiedUser;
import org.guildhall.sockets.RateLimiter;
import org.guildhall.sockets.SocketSettings;

/**
 * {@code ws://host/sync/{document}}: the y-websocket protocol, byte-compatible with the unmodified
 * {@code WebsocketProvider}. An update is stored before anyone, its sender included, hears of it; a refused
 * message is answered with the protocol's permission-denied message and never stored or relayed.
 */
@ServerEndpoint(value = "/{document}", subprotocols = HandshakeToken.SUBPROTOCOL)
public class SyncEndpoint {

    private static final Logger LOG = Logger.getLogger(SyncEndpoint.class.getName());

    @Inject
    OpenDocuments documents;

    @Inject
    UpdateWriter writer;

    @Inject
    DocumentAccessPolicy policy;

    @Inject
    SyncSettings settings;

    @Inject
    SocketSettings sockets;

    @Inject
    BanWatch bans;

    private SyncConnection connection;
    private OpenDocuments.OpenDocument document;

    @OnOpen
    public void open(Session session, @PathParam("document") String name) throws IOException {
        VerifiedUser user = (VerifiedUser) session.getUserPrincipal();
        if (!DocumentNames.isValid(name)) {
            session.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "invalid document name"));
            return;
        }
        DocumentAccess access = policy.accessFor(user, name);
        if (access == DocumentAccess.NONE) {
            session.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "no access to this document"));
            return;
        }
        session.setMaxBinaryMessageBufferSize(settings.maxMessageBytes());
        // No container idle timeout: clients renew their presence every 15 s and reconnect by themselves. Tyrus
        // re-arms the timeout on every frame whatever its value; a positive one would also leave each frame's
        // cancelled task in the container's scheduler queue until it expired.
        session.setMaxIdleTimeout(0);
        connection = new SyncConnection(
                session,
                user,
                access,
                sockets.outboxCapacity(),
                new RateLimiter(settings.messagesPerSecond(), settings.messageBurst()));
        try {
            document = documents.join(name, connection);
        } catch (OpenDocuments.SessionEndedException e) {
            session.close(OpenDocuments.SESSION_ENDED);
            return;
        } catch (SQLException | MalformedUpdateException | RuntimeException e) {
            LOG.log(Level.WARNING, "Document " + name + " could not be loaded", e);
            session.close(new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER, "document unavailable"));
            return;
        }
        if (bans.closeIfBanned(connection)) {
            return; // banned since its handshake was admitted, too late to be found by the ban's announcement
        }
        connection.send(SyncMessage.step1(document.state().stateVector()));
        document.awareness().all().ifPresent(states -> connection.send(SyncMessage.awareness(states)));
    }

    @OnMessage
    public void onBinary(byte[] frame) {
        if (document == null) {
            return;
        }
        // Tyrus does not hold binary messages to the session's buffer size, so the limit is kept here.
        if (frame.length > settings.maxMessageBytes()) {
            connection.close(
                    CloseReason.CloseCodes.TOO_BIG,
                    "a message may have at most " + settings.maxMessageBytes() + " bytes");
            return;
        }
        if (!connection.allowMessage()) {
            // Dropping a message would lose an update (y-websocket never resends one); closing makes the client
            // reconnect and re-sync, which recovers everything.
            connection.close(CloseReason.CloseCodes.TRY_AGAIN_LATER, "too many messages: slow down");
            return;
        }
        try {
            SyncMessage message = SyncMessage.parse(frame);
            if (message instanceof SyncMessage.Step1 step1) {
                // Every step 1 gets a step 2, an empty one too: the client reports "synced" only then.
                connection.send(SyncMessage.step2(document.state().diff(step1.stateVector())));
            } else if (message instanceof SyncMessage.Step2 step2) {
                receive(step2.update());
            } else if (message instanceof SyncMessage.Update update) {
                receive(update.update());
            } else if (message instanceof SyncMessage.Awareness awareness) {
                receiveAwareness(awareness.update());
            } else {
                document.awareness().all().ifPresent(states -> connection.send(SyncMessage.awareness(states)));
            }
        } catch (MalformedUpdateException e) {
            refuse("malformed message: " + e.getMessage());
        }
    }

    @OnMessage
    public void onText(String text) {
        refuse("this endpoint speaks the binary y-websocket protocol");
    }

    @OnClose
    public void close(Session session, CloseReason reason) {
        documents.leave(document, connection);
    }

    @OnError
    public void failed(Session session, Throwable failure) {
        LOG.log(Level.FINE, "Sync socket failed: {0}", failure.toString());
        documents.leave(document, connection);
        if (connection != null) {
            // Left the document, so it would hear no more updates: a socket kept open now would look synced and
            // silently fall behind. Closed, the client reconnects and re-syncs.
            connection.close(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "the server could not handle a message");
        }
    }

    private void receive(byte[] encoded) throws MalformedUpdateException {
        if (connection.access() != DocumentAccess.READ_WRITE) {
            refuse("read-only access: the update was not applied");
            return;
        }
        Update update = Update.decode(encoded);
        if (document.state().contains(update)) {
            // Already stored (an echo, or the full state a client sends after reconnecting): acknowledge it to the
            // sender, store nothing, tell nobody else.
            connection.send(SyncMessage.update(encoded));
            return;
        }
        if (document.state().size() + encoded.length > settings.maxDocumentBytes()) {
            refuse("the document would exceed " + settings.maxDocumentBytes() + " bytes");
            return;
        }
        if (!writer.submit(new DocumentUpdated(document.name(), encoded, update), connection)) {
            // The database is not keeping up: the client reconnects after a pause and re-syncs what it has.
            connection.close(CloseReason.CloseCodes.TRY_AGAIN_LATER, "the server is busy storing updates");
        }
    }

    private void receiveAwareness(byte[] update) throws MalformedUpdateException {
        AwarenessStates.Accepted accepted = document.awareness().apply(connection.id(), update, Instant.now());
        // Relaying an empty update to every client for every copy would make presence traffic grow with the
        // cube of a document's clients (each client re-sends what it hears).
        if (accepted.changedAnything()) {
            document.broadcast(SyncMessage.awareness(accepted.update()));
        }
        if (accepted.refused() > 0) {
            refuse("a client may set only its own awareness");
        }
    }

    private void refuse(String reason) {
        connection.send(SyncMessage.permissionDenied(reason));
    }
}
