package org.guildhall.notifications.community;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.guildhall.community.CommunitySchema;
import org.guildhall.community.HostedCommunity;
import org.guildhall.community.PublishedCommunity;
import org.guildhall.rest.ErrorBody;
import org.guildhall.turn.TurnCredentials;

/**
 * {@code GET /notifications/community.json}: the community this deployment hosts, with its {@code servers} filled
 * in; {@code GET /notifications/community.schema.json}: the schema operators validate their file against. Both are
 * public (no token), outside the JAX-RS API: a client adds a community by this URL before it has any token.
 */
@WebServlet(
        name = "guildhall-community-file",
        urlPatterns = {CommunityFileServlet.COMMUNITY, CommunityFileServlet.SCHEMA})
public class CommunityFileServlet extends HttpServlet {

    static final String COMMUNITY = "/community.json";
    static final String SCHEMA = "/community.schema.json";

    private static final int HTTP_PORT = 80;
    private static final int HTTPS_PORT = 443;

    private static final Logger LOG = Logger.getLogger(CommunityFileServlet.class.getName());

    @Inject
    HostedCommunity community;

    @Inject
    TurnCredentials turn;

    /** The address clients reach this deployment at, when it is not the one the request came to (a proxy). */
    @Inject
    @ConfigProperty(name = "guildhall.public-url")
    Optional<String> publicUrl;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String body;
        if (SCHEMA.equals(request.getServletPath())) {
            body = CommunitySchema.text();
        } else {
            try {
                body = PublishedCommunity.of(community.current().document(), base(request), turn.publicUrls())
                        .toString();
            } catch (IllegalArgumentException e) {
                LOG.log(
                        Level.SEVERE,
                        "Cannot publish community.json: guildhall.public-url is wrong: {0}",
                        e.getMessage());
                response.setStatus(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
                write(response, ErrorBody.json(HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "misconfigured server"));
                return;
            }
        }
        // Public data that changes when the operator edits the file; any page may read it (a client adds a community
        // from wherever it runs), and nothing in it depends on who asks.
        response.setHeader("Access-Control-Allow-Origin", "*");
        response.setHeader("Cache-Control", "no-cache");
        write(response, body);
    }

    private URI base(HttpServletRequest request) {
        if (publicUrl.isPresent() && !publicUrl.get().isBlank()) {
            try {
                return new URI(publicUrl.get().strip());
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        // The services are deployed at the server root (/signaling, /sync, /notifications), so the request's scheme,
        // host and port are the base; behind a proxy that changes them, guildhall.public-url says the outside one.
        String scheme = request.getScheme();
        int port = request.getServerPort();
        boolean defaultPort =
                ("http".equals(scheme) && port == HTTP_PORT) || ("https".equals(scheme) && port == HTTPS_PORT);
        try {
            return new URI(scheme, null, request.getServerName(), defaultPort ? -1 : port, null, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static void write(HttpServletResponse response, String json) throws IOException {
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(json);
    }
}
