package org.guildhall.identity;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.guildhall.rest.ErrorBody;

/**
 * Every WebSocket upgrade in every Guildhall WAR passes here first. An endpoint's configurator cannot answer 401,
 * and a socket that is accepted and then closed makes y-websocket and y-webrtc reconnect in a hot loop, whereas
 * a refused handshake makes them back off: so the refusal happens here, before the upgrade.
 */
@WebFilter(filterName = "guildhall-handshake-guard", urlPatterns = "/*", asyncSupported = true)
public class HandshakeGuard implements Filter {

    private static final Logger LOG = Logger.getLogger(HandshakeGuard.class.getName());

    @Inject
    TokenVerifier verifier;

    @Inject
    OriginPolicy origins;

    @Inject
    @Any
    Instance<HandshakePolicy> policies;

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        if (!"websocket".equalsIgnoreCase(http.getHeader("Upgrade"))) {
            chain.doFilter(request, response);
            return;
        }
        HttpServletResponse reply = (HttpServletResponse) response;
        String origin = http.getHeader("Origin");
        if (!origins.allows(origin, http.getHeader("Host"))) {
            LOG.log(Level.INFO, "Refused a WebSocket handshake to {0}: origin {1} is not allowed", new Object[] {
                http.getRequestURI(), origin
            });
            refuse(reply, HttpServletResponse.SC_FORBIDDEN, "this origin may not open sockets");
            return;
        }
        Optional<String> token = HandshakeToken.extract(
                http.getHeaders("Sec-WebSocket-Protocol"), http.getParameter(HandshakeToken.QUERY_PARAMETER));
        VerifiedUser user;
        try {
            user = verifier.verify(token.orElse(null));
        } catch (InvalidTokenException e) {
            LOG.log(Level.FINE, "Refused a WebSocket handshake to {0}: {1}", new Object[] {
                http.getRequestURI(), e.getMessage()
            });
            reply.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            refuse(reply, HttpServletResponse.SC_UNAUTHORIZED, e.getMessage());
            return;
        }
        for (HandshakePolicy policy : policies) {
            Optional<HandshakePolicy.Refusal> refusal = policy.check(user, http);
            if (refusal.isPresent()) {
                LOG.log(Level.INFO, "Refused a WebSocket handshake of {0} to {1}: {2}", new Object[] {
                    user.getName(), http.getRequestURI(), refusal.get().reason()
                });
                refuse(reply, refusal.get().status(), refusal.get().reason());
                return;
            }
        }
        chain.doFilter(new AuthenticatedHandshakeRequest(http, user), response);
    }

    private static void refuse(HttpServletResponse reply, int status, String reason) throws IOException {
        ErrorBody.write(reply, status, reason);
    }
}
