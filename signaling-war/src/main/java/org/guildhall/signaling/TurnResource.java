package org.guildhall.signaling;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.guildhall.rest.Authenticated;
import org.guildhall.turn.IceServers;
import org.guildhall.turn.TurnCredentials;

/** {@code GET /signaling/api/turn}: ICE servers for the caller, {@code {urls, username, credential, ttl}}. */
@Path("turn")
@Authenticated
public class TurnResource {

    @Inject
    JsonWebToken token;

    @Inject
    TurnCredentials turn;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject iceServers() {
        IceServers servers = turn.forUser(token.getName());
        JsonObjectBuilder body = Json.createObjectBuilder()
                .add("urls", Json.createArrayBuilder(servers.urls()))
                .add("ttl", servers.ttlSeconds());
        servers.username().ifPresent(username -> body.add("username", username));
        servers.credential().ifPresent(credential -> body.add("credential", credential));
        servers.note().ifPresent(note -> body.add("note", note));
        return body.build();
    }
}
