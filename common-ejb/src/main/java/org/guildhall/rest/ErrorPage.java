package org.guildhall.rest;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/**
 * The body of errors the container raises itself (a refused bearer token, an unknown path), so that every error
 * a client sees is JSON in the sockets' {@code {"code", "error"}} shape rather than an HTML page. Mapped for each
 * status in this jar's {@code web-fragment.xml}; a direct request finds nothing here.
 */
@WebServlet(name = "guildhall-error-page", urlPatterns = ErrorPage.PATH)
public class ErrorPage extends HttpServlet {

    static final String PATH = "/guildhall-error";

    private static final Map<Integer, String> MESSAGES = Map.of(
            HttpServletResponse.SC_BAD_REQUEST, "the request is malformed",
            HttpServletResponse.SC_UNAUTHORIZED, "a valid bearer token is required",
            HttpServletResponse.SC_FORBIDDEN, "not allowed",
            HttpServletResponse.SC_NOT_FOUND, "no such resource",
            HttpServletResponse.SC_METHOD_NOT_ALLOWED, "method not allowed",
            HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "internal error");

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getDispatcherType() != DispatcherType.ERROR) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            write(response, HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int code = status instanceof Integer value ? value : HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
        response.setStatus(code);
        write(response, code);
    }

    private static void write(HttpServletResponse response, int status) throws IOException {
        String message = MESSAGES.getOrDefault(status, "request failed");
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(ErrorBody.json(status, message));
    }
}
