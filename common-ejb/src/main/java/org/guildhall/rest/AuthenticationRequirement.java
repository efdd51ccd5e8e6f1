package org.guildhall.rest;

import jakarta.annotation.Priority;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * MP-JWT verifies a bearer token when one is sent but lets a request without one through unauthenticated;
 * resources marked {@link Authenticated} refuse such requests here.
 */
@Provider
@Authenticated
@Priority(Priorities.AUTHORIZATION)
public class AuthenticationRequirement implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getSecurityContext().getUserPrincipal() == null) {
            throw new NotAuthorizedException("a bearer token is required", "Bearer");
        }
    }
}
