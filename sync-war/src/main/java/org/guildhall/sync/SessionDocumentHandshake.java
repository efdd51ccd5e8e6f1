package org.guildhall.sync;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.guildhall.identity.HandshakePolicy;
import org.guildhall.identity.VerifiedUser;
import org.guildhall.sessions.SessionDirectory;
import org.guildhall.sessions.SessionException;
import org.guildhall.sessions.SessionNames;

/**
 * Refuses, before the upgrade, a sync socket to a session's document that the session does not admit: a private
 * session's document for anyone but its host and invited users (403), an ended session's (409), a "session-..."
 * name that is no session (404). A refused handshake makes y-websocket back off, where an accepted-then-closed
 * socket would make it reconnect in a loop. Other documents are not looked up.
 */
@ApplicationScoped
public class SessionDocumentHandshake implements HandshakePolicy {

    @Inject
    SessionDirectory sessions;

    @Override
    public Optional<Refusal> check(VerifiedUser user, HttpServletRequest request) {
        String document = documentName(request);
        if (!SessionNames.isSessionName(document)) {
            return Optional.empty();
        }
        try {
            sessions.admitToDocument(user.getName(), document);
            return Optional.empty();
        } catch (SessionException e) {
            return Optional.of(new Refusal(e.status(), e.getMessage()));
        }
    }

    /** The path after this WAR's context, decoded as the endpoint's {@code {document}} parameter is. */
    static String documentName(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String name = path.startsWith("/") ? path.substring(1) : path;
        try {
            // Percent-decoding only: a '+' in a path is a plus, not a space.
            return URLDecoder.decode(name.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return name; // not a name the endpoint accepts either
        }
    }
}
