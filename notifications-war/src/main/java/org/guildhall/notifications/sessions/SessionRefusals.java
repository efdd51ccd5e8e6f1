package org.guildhall.notifications.sessions;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.guildhall.rest.ErrorBody;
import org.guildhall.sessions.SessionException;

/** A refusal of the session rules over REST: its status, and the same stable code signaling and sync use. */
@Provider
public class SessionRefusals implements ExceptionMapper<SessionException> {

    @Override
    public Response toResponse(SessionException refusal) {
        return Response.status(refusal.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorBody.json(refusal.code(), refusal.getMessage()))
                .build();
    }
}
