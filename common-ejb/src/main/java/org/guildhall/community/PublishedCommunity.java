package org.guildhall.community;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.net.URI;
import java.util.List;
import org.guildhall.sockets.JsonMessages;

/**
 * The {@code community.json} clients fetch: the operator's document with its {@code servers} section replaced by
 * this deployment's own endpoints, so a client that adds the community by URL (the seeds' CommunityManager) finds
 * the signaling, sync and notification sockets, their health checks and the TURN servers without anyone keeping
 * addresses in the file.
 */
public final class PublishedCommunity {

    /** Every service answers readiness at the server root (MicroProfile Health). */
    static final String HEALTH_CHECK = "/health/ready";

    /** Where the TURN credentials for the caller come from (they are per user and expire). */
    static final String TURN_CREDENTIALS = "/signaling/api/turn";

    private PublishedCommunity() {}

    /**
     * @param document the validated document as the operator wrote it
     * @param base the public base URL, {@code http(s)://host[:port][/prefix]}
     * @param iceUrls the TURN and STUN URLs of this deployment (may be empty)
     */
    public static JsonObject of(JsonObject document, URI base, List<String> iceUrls) {
        String http = publicBase(base);
        String ws = http.replaceFirst("^http", "ws");
        String health = http + HEALTH_CHECK;
        JsonObject servers = JsonMessages.PROVIDER
                .createObjectBuilder()
                // Slashes as the clients need them: Payara redirects /signaling to /signaling/ and socket clients do
                // not follow redirects; y-websocket appends "/<document>" to the sync URL itself.
                .add("signaling", endpoint(ws + "/signaling/", health))
                .add("sync", endpoint(ws + "/sync", health))
                .add("notifications", endpoint(ws + "/notifications/", health))
                .add(
                        "turn",
                        JsonMessages.PROVIDER
                                .createObjectBuilder()
                                .add("urls", JsonMessages.PROVIDER.createArrayBuilder(iceUrls))
                                .add("credentialsUrl", http + TURN_CREDENTIALS))
                .build();
        JsonObjectBuilder published = JsonMessages.PROVIDER.createObjectBuilder(document);
        published.add("servers", servers);
        return published.build();
    }

    /**
     * The base URL without a trailing slash, checked: an operator's typo in {@code guildhall.public-url} must not
     * be handed to every client.
     */
    static String publicBase(URI base) {
        String scheme = base.getScheme();
        if (!("http".equals(scheme) || "https".equals(scheme)) || base.getHost() == null) {
            throw new IllegalArgumentException("the public URL must be an absolute http(s) URL, not " + base);
        }
        if (base.getQuery() != null || base.getFragment() != null) {
            throw new IllegalArgumentException("the public URL must have no query or fragment: " + base);
        }
        return base.toString().replaceFirst("/+$", "");
    }

    private static JsonObjectBuilder endpoint(String url, String healthCheck) {
        return JsonMessages.PROVIDER.createObjectBuilder().add("url", url).add("healthCheck", healthCheck);
    }
}
