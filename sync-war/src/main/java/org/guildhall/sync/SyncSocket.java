package org.guildhall.sync;

import jakarta.websocket.CloseReason;
import java.sql.SQLException;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.guildhall.documents.AwarenessStates;
import org.guildhall.documents.DocumentAccess;
import org.guildhall.documents.DocumentUpdated;
import org.guildhall.documents.SyncMessage;
import org.guildhall.documents.yjs.MalformedUpdateException;
import org.guildhall.documents.yjs.Update;
import org.guildhall.identity.VerifiedUser;
import org.guildhall.sockets.RateLimiter;
import org.guildhall.websocket.UpgradedWebSocket;

/**
 * One client's socket on {@code ws://host/sync/{document}}: the y-websocket protocol, byte-compatible with the
 * unmodified {@code WebsocketProvider}. An update is stored before anyone, its sender included, hears of it; a refused
 * message is answered with the protocol's permission-denied message and never stored or relayed. The handshake
 * ({@link SyncHandshakeServlet}) has already checked the token, the name and the user's access.
 */
final class SyncSocket implements UpgradedWebSocket.Handler {

    private static final Logger LOG = Logger.getLogger(SyncSocket.class.getName());

    private final SyncSockets services;
    private final String name;
    private final VerifiedUser user;
    private final DocumentAccess access;
    /** Read once: through the settings' CDI proxy on every update it was about 2% of a reading thread's CPU. */
    private final long maxDocumentBytes;

    private volatile SyncConnection connection;
    private volatile OpenDocuments.OpenDocument document;
    /** A close (a ban, a failed send) may come from another thread while {@link #opened} is still joining. */
    private volatile boolean closed;

    SyncSocket(SyncSockets services, String name, VerifiedUser user, DocumentAccess access) {
        this.services = services;
        this.name = name;
        this.user = user;
        this.access = access;
        this.maxDocumentBytes = services.settings.maxDocumentBytes();
    }

    @Override
    public void opened(UpgradedWebSocket socket) {
        connection = new SyncConnection(
                socket,
                user,
                access,
                services.sockets.outboxCapacity(),
                new RateLimiter(services.settings.messagesPerSecond(), services.settings.messageBurst()));
        try {
            document = services.documents.join(name, connection);
        } catch (OpenDocuments.SessionEndedException e) {
            connection.close(OpenDocuments.SESSION_ENDED.getCloseCode(), OpenDocuments.SESSION_ENDED.getReasonPhrase());
            return;
        } catch (SQLException | MalformedUpdateException | RuntimeException e) {
            LOG.log(Level.WARNING, "Document " + name + " could not be loaded", e);
            connection.close(CloseReason.CloseCodes.TRY_AGAIN_LATER, "document unavailable");
            return;
        }
        if (closed) {
            services.documents.leave(document, connection);
            return;
        }
        if (services.bans.closeIfBanned(connection)) {
            return; // banned since its handshake was admitted, too late to be found by the ban's announcement
        }
        connection.sendMessage(SyncMessage.step1(document.state().stateVector()));
        document.awareness().all().ifPresent(states -> connection.sendMessage(SyncMessage.awareness(states)));
    }

    @Override
    public void binary(byte[] frame) {
        if (document == null) {
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
                connection.sendMessage(SyncMessage.step2(document.state().diff(step1.stateVector())));
            } else if (message instanceof SyncMessage.Step2 step2) {
                receive(step2.update());
            } else if (message instanceof SyncMessage.Update update) {
                receive(update.update());
            } else if (message instanceof SyncMessage.Awareness awareness) {
                receiveAwareness(awareness.update());
            } else {
                document.awareness().all().ifPresent(states -> connection.sendMessage(SyncMessage.awareness(states)));
            }
        } catch (MalformedUpdateException e) {
            refuse("malformed message: " + e.getMessage());
        }
    }

    @Override
    public void text(String text) {
        if (connection != null) {
            refuse("this endpoint speaks the binary y-websocket protocol");
        }
    }

    @Override
    public void closed(int code) {
        closed = true;
        services.documents.leave(document, connection);
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
            connection.sendMessage(SyncMessage.update(encoded));
            return;
        }
        // Counted against the limit from here on, with the updates still waiting for their commit.
        if (!document.state().reserve(encoded.length, maxDocumentBytes)) {
            refuse("the document would exceed " + maxDocumentBytes + " bytes");
            return;
        }
        DocumentUpdated updated = new DocumentUpdated(document.name(), encoded, update);
        if (!services.writer.submit(updated, connection, document.state())) {
            document.state().release(encoded.length);
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
        connection.sendMessage(SyncMessage.permissionDenied(reason));
    }
}
