package org.guildhall.sync;

import org.guildhall.documents.DocumentAccess;
import org.guildhall.identity.VerifiedUser;
import org.guildhall.sockets.RateLimiter;
import org.guildhall.sockets.SocketConnection;
import org.guildhall.websocket.ServerFrame;
import org.guildhall.websocket.UpgradedWebSocket;

/**
 * One client of one document, with the access it was granted. One protocol message per frame: the newest
 * y-websocket client reads only one message from each.
 */
final class SyncConnection extends SocketConnection<ServerFrame> {

    private final UpgradedWebSocket socket;
    private final DocumentAccess access;

    SyncConnection(
            UpgradedWebSocket socket,
            VerifiedUser user,
            DocumentAccess access,
            int outboxCapacity,
            RateLimiter rateLimiter) {
        super((code, reason) -> socket.close(code.getCode(), reason), user, socket::send, outboxCapacity, rateLimiter);
        this.socket = socket;
        this.access = access;
    }

    /** One heartbeat round ({@link UpgradedWebSocket#heartbeat}): false when it ended this silent client's socket. */
    boolean heartbeat() {
        return socket.heartbeat();
    }

    /** Queues one y-websocket message for this client alone; a broadcast frames its message once for all. */
    void sendMessage(byte[] message) {
        send(ServerFrame.binary(message));
    }

    DocumentAccess access() {
        return access;
    }
}
