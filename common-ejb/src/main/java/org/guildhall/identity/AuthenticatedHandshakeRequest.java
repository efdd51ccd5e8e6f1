package org.guildhall.identity;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.security.Principal;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A handshake request that carries the verified user as its principal (the WebSocket session's
 * {@code getUserPrincipal()}) and no longer shows the token in its query, so no endpoint can log it.
 */
class AuthenticatedHandshakeRequest extends HttpServletRequestWrapper {

    private final VerifiedUser user;

    AuthenticatedHandshakeRequest(HttpServletRequest request, VerifiedUser user) {
        super(request);
        this.user = user;
    }

    @Override
    public Principal getUserPrincipal() {
        return user;
    }

    @Override
    public String getRemoteUser() {
        return user.getName();
    }

    @Override
    public boolean isUserInRole(String role) {
        return user.isInGroup(role);
    }

    @Override
    public String getAuthType() {
        return "Bearer";
    }

    @Override
    public String getQueryString() {
        String query = super.getQueryString();
        if (query == null) {
            return null;
        }
        String kept = Stream.of(query.split("&"))
                .filter(pair -> !pair.startsWith(HandshakeToken.QUERY_PARAMETER + "="))
                .collect(Collectors.joining("&"));
        return kept.isEmpty() ? null : kept;
    }

    @Override
    public Map<String, String[]> getParameterMap() {
        Map<String, String[]> parameters = new LinkedHashMap<>(super.getParameterMap());
        parameters.remove(HandshakeToken.QUERY_PARAMETER);
        return Collections.unmodifiableMap(parameters);
    }

    @Override
    public String getParameter(String name) {
        return HandshakeToken.QUERY_PARAMETER.equals(name) ? null : super.getParameter(name);
    }

    @Override
    public String[] getParameterValues(String name) {
        return HandshakeToken.QUERY_PARAMETER.equals(name) ? null : super.getParameterValues(name);
    }

    @Override
    public Enumeration<String> getParameterNames() {
        return Collections.enumeration(getParameterMap().keySet());
    }
}
