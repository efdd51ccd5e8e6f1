package org.guildhall.identity;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * A rule a WebSocket handshake must pass once its token is verified (a banned user, a private document). Every
 * CDI bean implementing it is asked by {@link HandshakeGuard}; the first refusal answers the upgrade.
 */
public interface HandshakePolicy {

    /** Empty to let the handshake through; otherwise the HTTP status and the reason the client is told. */
    Optional<Refusal> check(VerifiedUser user, HttpServletRequest request);

    record Refusal(int status, String reason) {}
}
