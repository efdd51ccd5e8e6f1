package org.guildhall.websocket;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collections;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The opening handshake of RFC 6455 §4.2 as a server checks it: what makes a request a valid upgrade, and the
 * {@code Sec-WebSocket-Accept} that proves to the client that this server read its key.
 */
public final class WebSocketHandshake {

    /** The only version RFC 6455 defines; a client offering another one is told this in {@code 426}. */
    public static final String VERSION = "13";

    /** HTTP's {@code 426 Upgrade Required}, which the Servlet API has no constant for. */
    public static final int UPGRADE_REQUIRED = 426;

    private static final String KEY_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int KEY_BYTES = 16;

    /** Why a request is no valid upgrade: the HTTP status to answer and a reason for the client. */
    public record Refusal(int status, String reason) {}

    private WebSocketHandshake() {}

    /** Whether the request asks for a WebSocket at all ({@code Upgrade: websocket}). */
    public static boolean isUpgrade(HttpServletRequest request) {
        return "websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
    }

    /** The reason a request that asks for a WebSocket is not a valid handshake, or null when it is one. */
    public static Refusal check(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod())) {
            return new Refusal(405, "a WebSocket handshake is a GET request");
        }
        if (!isUpgrade(request) || !connectionUpgrades(request)) {
            return new Refusal(
                    UPGRADE_REQUIRED, "this URL is a WebSocket: send Upgrade: websocket and Connection: Upgrade");
        }
        if (!VERSION.equals(strip(request.getHeader("Sec-WebSocket-Version")))) {
            return new Refusal(UPGRADE_REQUIRED, "only WebSocket version " + VERSION + " is supported");
        }
        if (!validKey(request.getHeader("Sec-WebSocket-Key"))) {
            return new Refusal(400, "Sec-WebSocket-Key must be 16 bytes in base64");
        }
        return null;
    }

    /** The {@code Sec-WebSocket-Accept} value for a request's {@code Sec-WebSocket-Key}. */
    public static String accept(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest((key.strip() + KEY_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
    }

    private static boolean connectionUpgrades(HttpServletRequest request) {
        return Collections.list(request.getHeaders("Connection")).stream()
                .flatMap(value -> Stream.of(value.split(",")))
                .anyMatch(token -> token.strip().toLowerCase(Locale.ROOT).equals("upgrade"));
    }

    private static boolean validKey(String key) {
        if (key == null) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key.strip()).length == KEY_BYTES;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String strip(String value) {
        return value == null ? null : value.strip();
    }
}
