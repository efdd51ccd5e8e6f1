package org.guildhall.notifications.sessions;

import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.guildhall.identity.VerifiedUser;
import org.guildhall.rest.Authenticated;
import org.guildhall.sessions.CollaborationSession;
import org.guildhall.sessions.NewSession;
import org.guildhall.sessions.SessionDirectory;
import org.guildhall.sessions.SessionException;
import org.guildhall.sessions.SessionJson;
import org.guildhall.sockets.JsonMessages;

/**
 * {@code /notifications/api/sessions}: start a collaboration session, the directory of live public sessions, one
 * session, ending it, the caller's history and invitations. The rules are the {@link SessionDirectory}'s; this
 * only reads the request and writes the answer.
 */
@Path("sessions")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class SessionsResource {

    @Inject
    JsonWebToken token;

    @Inject
    SessionDirectory sessions;

    @Context
    UriInfo uri;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(JsonObject request) throws SessionException {
        CollaborationSession session = sessions.create(caller(), NewSession.from(request));
        return Response.created(uri.getAbsolutePathBuilder().path(session.id()).build())
                .entity(SessionJson.of(session))
                .build();
    }

    /** The public directory: live public sessions, newest first; {@code more} is the next page's {@code before}. */
    @GET
    public JsonObject directory(@QueryParam("before") String before, @QueryParam("limit") Integer limit)
            throws SessionException {
        return page(sessions.directory(Optional.ofNullable(before), Optional.ofNullable(limit)));
    }

    @GET
    @Path("history")
    public JsonObject history(@QueryParam("before") String before, @QueryParam("limit") Integer limit)
            throws SessionException {
        return page(sessions.history(caller(), Optional.ofNullable(before), Optional.ofNullable(limit)));
    }

    @GET
    @Path("{id}")
    public JsonObject get(@PathParam("id") String id) throws SessionException {
        return SessionJson.of(sessions.get(caller(), id));
    }

    @POST
    @Path("{id}/end")
    public JsonObject end(@PathParam("id") String id) throws SessionException {
        return SessionJson.of(sessions.end(caller(), id));
    }

    @DELETE
    @Path("{id}")
    public JsonObject delete(@PathParam("id") String id) throws SessionException {
        return end(id);
    }

    /** {@code {"userId": "bob", "readOnly": true}}: 201 with the invitation when it added a member, else 200. */
    @POST
    @Path("{id}/invites")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response invite(@PathParam("id") String id, JsonObject request) throws SessionException {
        if (request == null || !(request.get("userId") instanceof jakarta.json.JsonString target)) {
            throw SessionException.badRequest("userId is required");
        }
        JsonValue readOnly = request.getOrDefault("readOnly", JsonValue.NULL);
        if (readOnly != JsonValue.NULL && readOnly != JsonValue.TRUE && readOnly != JsonValue.FALSE) {
            throw SessionException.badRequest("readOnly must be true or false");
        }
        SessionDirectory.Invitation invitation = sessions.invite(
                caller(),
                id,
                target.getString(),
                readOnly == JsonValue.NULL ? Optional.empty() : Optional.of(readOnly == JsonValue.TRUE));
        JsonObjectBuilder body = JsonMessages.PROVIDER.createObjectBuilder(SessionJson.of(invitation.member()));
        body.add("added", invitation.added());
        invitation.notificationId().ifPresent(notification -> body.add("notificationId", notification));
        return Response.status(invitation.added() ? Response.Status.CREATED : Response.Status.OK)
                .entity(body.build())
                .build();
    }

    private VerifiedUser caller() {
        return new VerifiedUser(token.getName(), token.getGroups());
    }

    private static JsonObject page(SessionDirectory.Page page) {
        JsonArrayBuilder list = JsonMessages.PROVIDER.createArrayBuilder();
        page.sessions().forEach(session -> list.add(SessionJson.of(session)));
        return JsonMessages.PROVIDER
                .createObjectBuilder()
                .add("sessions", list)
                .add("more", JsonMessages.cursor(page.more()))
                .build();
    }
}
