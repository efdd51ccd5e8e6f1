package org.guildhall.notifications.inbox;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.guildhall.notifications.NotificationException;
import org.guildhall.rest.ErrorBody;

/** A refusal of the notification rules over REST: its status, and the same code the socket would send. */
@Provider
public class NotificationRefusals implements ExceptionMapper<NotificationException> {

    @Override
    public Response toResponse(NotificationException refusal) {
        return Response.status(refusal.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorBody.json(refusal.code(), refusal.getMessage()))
                .build();
    }
}
