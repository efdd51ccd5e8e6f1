package org.guildhall.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Every JAX-RS error as {@code {"code": ..., "error": ...}}, the vocabulary the sockets use. Only the messages of
 * exceptions the resources throw themselves are shown; anything else keeps the status's reason phrase.
 */
@Provider
public class ErrorResponses implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException exception) {
        Response original = exception.getResponse();
        Response.StatusType status = original.getStatusInfo();
        String message = exception.getMessage();
        if (message == null || message.startsWith("HTTP " + status.getStatusCode())) {
            message = status.getReasonPhrase();
        }
        return Response.fromResponse(original)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorBody.json(status.getStatusCode(), message))
                .build();
    }
}
