package org.guildhall.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A refusal of a service's rules over REST: its status, and the same code the socket would send. */
@Provider
public class RuleRefusals implements ExceptionMapper<RuleRefusal> {

    @Override
    public Response toResponse(RuleRefusal refusal) {
        return Response.status(refusal.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorBody.json(refusal.code(), refusal.getMessage()))
                .build();
    }
}
