package org.guildhall.notifications.identity;

import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.guildhall.rest.Authenticated;
import org.guildhall.sockets.JsonMessages;

/** {@code GET /notifications/api/me}: the user and groups this server reads from the caller's token. */
@Path("me")
@Authenticated
public class MeResource {

    @Inject
    JsonWebToken token;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject me() {
        return JsonMessages.PROVIDER
                .createObjectBuilder()
                .add("user", token.getName())
                .add("groups", JsonMessages.PROVIDER.createArrayBuilder(token.getGroups()))
                .build();
    }
}
