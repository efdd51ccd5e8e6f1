package org.guildhall.sync;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.guildhall.documents.DocumentAccess;
import org.guildhall.documents.DocumentAccessPolicy;
import org.guildhall.documents.DocumentNames;
import org.guildhall.documents.SyncSettings;
import org.guildhall.identity.HandshakeToken;
import org.guildhall.identity.VerifiedUser;
import org.guildhall.rest.ErrorBody;
import org.guildhall.sockets.SocketSettings;
import org.guildhall.websocket.UpgradedWebSocket;
import org.guildhall.websocket.WebSocketHandshake;

/**
 * {@code ws://host/sync/{document}}: accepts the WebSocket handshake and hands the connection to a {@link SyncSocket}.
 * The handshake guard has verified the token and the origin before this runs; here the name and the user's access
 * to the document are checked, so a refusal is an HTTP status before the upgrade (a refused handshake makes
 * y-websocket back off, where an accepted-then-closed socket makes it reconnect at once). {@code /sync/api} is
 * JAX-RS's, a longer mapping.
 */
@WebServlet(name = "guildhall-sync-sockets", urlPatterns = "/*")
public class SyncHandshakeServlet extends HttpServlet {

    @Inject
    SyncSockets sockets;

    @Inject
    DocumentAccessPolicy policy;

    @Inject
    SyncSettings settings;

    @Inject
    SocketSettings socketSettings;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        WebSocketHandshake.Refusal refusal = WebSocketHandshake.check(request);
        if (refusal != null) {
            if (refusal.status() == WebSocketHandshake.UPGRADE_REQUIRED) {
                response.setHeader("Upgrade", "websocket");
                response.setHeader("Sec-WebSocket-Version", WebSocketHandshake.VERSION);
            }
            ErrorBody.write(response, refusal.status(), refusal.reason());
            return;
        }
        if (!(request.getUserPrincipal() instanceof VerifiedUser user)) {
            // The guard verifies every upgrade; reaching here without its user means it was not in front of us.
            ErrorBody.write(response, HttpServletResponse.SC_UNAUTHORIZED, "a valid token is required");
            return;
        }
        String name = SessionDocumentHandshake.documentName(request);
        if (!DocumentNames.isValid(name)) {
            ErrorBody.write(response, HttpServletResponse.SC_BAD_REQUEST, "invalid document name");
            return;
        }
        DocumentAccess access = policy.accessFor(user, name);
        if (access == DocumentAccess.NONE) {
            ErrorBody.write(response, HttpServletResponse.SC_FORBIDDEN, "no access to this document");
            return;
        }
        UpgradedWebSocket socket = request.upgrade(UpgradedWebSocket.class);
        socket.start(
                sockets.socket(name, user, access),
                settings.maxMessageBytes(),
                scheduler,
                socketSettings.closeTimeout());
        response.setStatus(HttpServletResponse.SC_SWITCHING_PROTOCOLS);
        response.setHeader("Upgrade", "websocket");
        response.setHeader("Connection", "Upgrade");
        response.setHeader("Sec-WebSocket-Accept", WebSocketHandshake.accept(request.getHeader("Sec-WebSocket-Key")));
        if (HandshakeToken.offersSubprotocol(request.getHeaders("Sec-WebSocket-Protocol"))) {
            response.setHeader("Sec-WebSocket-Protocol", HandshakeToken.SUBPROTOCOL);
        }
        response.flushBuffer();
    }
}
