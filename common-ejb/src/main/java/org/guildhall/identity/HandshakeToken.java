package org.guildhall.identity;

import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;

/**
 * Where a WebSocket client puts its token. Browsers cannot set {@code Authorization} on a socket, so a client
 * offers the two subprotocols {@code access_token, <jwt>} (the server then answers {@code access_token}), or adds
 * an {@code access_token} query parameter (the only route for y-webrtc, which opens a bare URL).
 */
public final class HandshakeToken {

    /** The subprotocol every Guildhall endpoint answers when the token came in {@code Sec-WebSocket-Protocol}. */
    public static final String SUBPROTOCOL = "access_token";

    public static final String QUERY_PARAMETER = "access_token";

    private HandshakeToken() {}

    /**
     * @param protocolHeaders every {@code Sec-WebSocket-Protocol} header value (each may list several protocols)
     * @param queryParameter the {@code access_token} query parameter, or null
     */
    public static Optional<String> extract(Enumeration<String> protocolHeaders, String queryParameter) {
        List<String> offered = offered(protocolHeaders);
        int marker = offered.indexOf(SUBPROTOCOL);
        if (marker >= 0 && marker + 1 < offered.size()) {
            return Optional.of(offered.get(marker + 1));
        }
        return Optional.ofNullable(queryParameter).filter(token -> !token.isBlank());
    }

    /** Whether the client offered {@link #SUBPROTOCOL}: it then expects the server to choose it, or it gives up. */
    public static boolean offersSubprotocol(Enumeration<String> protocolHeaders) {
        return offered(protocolHeaders).contains(SUBPROTOCOL);
    }

    /** Every protocol offered in the {@code Sec-WebSocket-Protocol} headers, in order. */
    private static List<String> offered(Enumeration<String> protocolHeaders) {
        List<String> offered = new ArrayList<>();
        while (protocolHeaders != null && protocolHeaders.hasMoreElements()) {
            for (String protocol : protocolHeaders.nextElement().split(",")) {
                if (!protocol.isBlank()) {
                    offered.add(protocol.strip());
                }
            }
        }
        return offered;
    }
}
