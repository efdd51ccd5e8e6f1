package org.guildhall.community;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.security.Principal;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.guildhall.rest.ErrorBody;

/**
 * Every REST call of every Guildhall WAR that carries a token is refused with 403 {@code {"code": "banned"}} when the
 * token's user is in {@code moderation.bannedUsers}. Not name-bound: a resource added later is covered without anyone
 * remembering to mark it. Calls without a token are left to the resource (most answer 401).
 */
@Provider
@ApplicationScoped
@Priority(Priorities.AUTHORIZATION)
public class BanAtRestCall implements ContainerRequestFilter {

    static final String CODE = "banned";

    private static final Logger LOG = Logger.getLogger(BanAtRestCall.class.getName());

    @Inject
    HostedCommunity community;

    @Override
    public void filter(ContainerRequestContext request) {
        Principal caller = request.getSecurityContext().getUserPrincipal();
        if (caller == null) {
            return;
        }
        Community now = community.current();
        if (now.isBanned(caller.getName())) {
            LOG.log(Level.FINE, "Refused a REST call of banned user {0} to {1}", new Object[] {
                caller.getName(), request.getUriInfo().getPath()
            });
            request.abortWith(Response.status(Response.Status.FORBIDDEN)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(ErrorBody.json(CODE, now.banNotice(caller.getName())))
                    .build());
        }
    }
}
