package org.guildhall.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Which web pages may open sockets to this server. Browsers always send {@code Origin} on a WebSocket handshake,
 * so a page from a foreign site is refused (cross-site WebSocket hijacking) unless the operator lists it; pages
 * served by this server itself are always allowed. Non-browser clients send no {@code Origin} and are judged by
 * their token alone.
 */
@ApplicationScoped
public class OriginPolicy {

    static final String ANY = "*";

    // A comma-separated string: Payara's MP Config cannot inject Optional<List<String>>.
    @Inject
    @ConfigProperty(name = "guildhall.websocket.allowed-origins")
    Optional<String> allowedOrigins;

    public OriginPolicy() {}

    OriginPolicy(String allowedOrigins) {
        this.allowedOrigins = Optional.of(allowedOrigins);
    }

    /**
     * @param origin the request's {@code Origin} header, or null
     * @param host the request's {@code Host} header (host and port), or null
     */
    public boolean allows(String origin, String host) {
        if (origin == null) {
            return true;
        }
        String normalised = normalise(origin);
        List<String> allowed = Stream.of(allowedOrigins.orElse("").split(","))
                .map(String::strip)
                .filter(entry -> !entry.isEmpty())
                .toList();
        if (allowed.contains(ANY)
                || allowed.stream().map(OriginPolicy::normalise).anyMatch(normalised::equals)) {
            return true;
        }
        return host != null && sameHost(normalised, host);
    }

    private static boolean sameHost(String origin, String host) {
        try {
            URI uri = URI.create(origin);
            if (uri.getHost() == null) {
                return false;
            }
            int port = uri.getPort() != -1 ? uri.getPort() : defaultPort(uri.getScheme());
            String originHost = uri.getHost() + ":" + port;
            // A Host header without a port means the default port of the scheme the page was loaded with.
            boolean hasPort = host.lastIndexOf(':') > host.lastIndexOf(']');
            String requestHost = hasPort ? host : host + ":" + defaultPort(uri.getScheme());
            return originHost.equalsIgnoreCase(requestHost);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static int defaultPort(String scheme) {
        return "https".equalsIgnoreCase(scheme) || "wss".equalsIgnoreCase(scheme) ? 443 : 80;
    }

    private static String normalise(String origin) {
        String trimmed = origin.strip().toLowerCase(Locale.ROOT);
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}
