package org.guildhall.rest;

import jakarta.json.Json;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Locale;

/**
 * The one shape of every error Guildhall answers over HTTP: {@code {"code": "not-found", "error": "..."}}, the
 * code derived from the status so REST, the error page and refused handshakes agree.
 */
public final class ErrorBody {

    private ErrorBody() {}

    public static String code(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        String phrase = known != null ? known.getReasonPhrase() : "error";
        return phrase.toLowerCase(Locale.ROOT).replace(' ', '-');
    }

    public static String json(int status, String message) {
        return json(code(status), message);
    }

    /** With a service's own code (e.g. {@code rate-limited}) where it says more than the status. */
    public static String json(String code, String message) {
        return Json.createObjectBuilder()
                .add("code", code)
                .add("error", message)
                .build()
                .toString();
    }

    /** Answers a servlet request with this status and the JSON body (a filter or servlet outside JAX-RS). */
    public static void write(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(json(status, message));
    }
}
