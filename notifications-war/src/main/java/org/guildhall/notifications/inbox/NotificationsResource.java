package org.guildhall.notifications.inbox;

import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.guildhall.notifications.CommunityMembers;
import org.guildhall.notifications.Notification;
import org.guildhall.notifications.NotificationException;
import org.guildhall.notifications.NotificationInbox;
import org.guildhall.notifications.NotificationJson;
import org.guildhall.notifications.NotificationSettings;
import org.guildhall.notifications.NotificationType;
import org.guildhall.rest.Authenticated;
import org.guildhall.rest.Groups;
import org.guildhall.sockets.JsonMessages;

/**
 * {@code /notifications/api/notifications}: the REST mirror of the socket, for the caller's own notifications, and
 * sending (users: invites and mentions within the hourly limit; administrators: anything, including broadcasts).
 */
@Path("notifications")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class NotificationsResource {

    private static final Logger LOG = Logger.getLogger(NotificationsResource.class.getName());

    @Inject
    JsonWebToken token;

    @Inject
    NotificationInbox inbox;

    @Inject
    NotificationSettings settings;

    @Inject
    CommunityMembers members;

    @GET
    public JsonObject list(
            @QueryParam("before") Long before,
            @QueryParam("since") Long since,
            @QueryParam("limit") Integer limit,
            @QueryParam("type") String type,
            @QueryParam("unread") boolean unread)
            throws NotificationException {
        rememberCaller();
        NotificationInbox.Page page = inbox.list(
                token.getName(),
                new NotificationInbox.PageRequest(
                        Optional.ofNullable(before),
                        Optional.ofNullable(since),
                        limit == null ? settings.pageSize() : limit,
                        type == null ? Optional.empty() : Optional.of(type(type)),
                        unread));
        JsonArrayBuilder notifications = JsonMessages.PROVIDER.createArrayBuilder();
        page.notifications().forEach(notification -> notifications.add(NotificationJson.of(notification)));
        return JsonMessages.PROVIDER
                .createObjectBuilder()
                .add("notifications", notifications)
                .add("more", JsonMessages.cursor(page.more()))
                .build();
    }

    @GET
    @Path("unread-count")
    public JsonObject unreadCount() throws NotificationException {
        return JsonMessages.PROVIDER
                .createObjectBuilder()
                .add("count", inbox.unreadCount(token.getName()))
                .build();
    }

    @POST
    @Path("{id}/read")
    public JsonObject markRead(@PathParam("id") long id) throws NotificationException {
        return NotificationJson.of(inbox.markRead(token.getName(), id).notification());
    }

    @POST
    @Path("read-all")
    public JsonObject markAllRead() throws NotificationException {
        return JsonMessages.PROVIDER
                .createObjectBuilder()
                .add("updated", inbox.markAllRead(token.getName()))
                .build();
    }

    @DELETE
    @Path("{id}")
    public void delete(@PathParam("id") long id) throws NotificationException {
        inbox.delete(token.getName(), id);
    }

    /**
     * {@code {"targetUserId", "notificationType", "data"}} sends one notification; administrators may instead give
     * {@code "audience": "everyone"} or {@code "group:<name>"} for a system broadcast, and an {@code expiresAt}.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response send(JsonObject request) throws NotificationException {
        if (request == null) {
            throw NotificationException.badRequest("a JSON body is required");
        }
        boolean admin = token.getGroups().contains(Groups.ADMIN);
        NotificationInbox.Sender sender = new NotificationInbox.Sender(token.getName(), admin);
        NotificationType type = type(text(request, "notificationType")
                .orElseThrow(() -> NotificationException.badRequest("notificationType is required")));
        if (!(request.getOrDefault("data", JsonValue.EMPTY_JSON_OBJECT) instanceof JsonObject data)) {
            throw NotificationException.badRequest("data must be an object");
        }
        Optional<OffsetDateTime> expiresAt = expiresAt(request);
        Optional<String> audience = text(request, "audience");
        if (audience.isPresent()) {
            if (type != NotificationType.SYSTEM) {
                throw NotificationException.badRequest("an audience is for system notifications");
            }
            Optional<String> group = audience.get().equals("everyone")
                    ? Optional.empty()
                    : Optional.of(audience.get().replaceFirst("^group:", ""));
            int sent = inbox.broadcast(sender, group, data, expiresAt);
            return Response.status(Response.Status.CREATED)
                    .entity(JsonMessages.PROVIDER
                            .createObjectBuilder()
                            .add("sent", sent)
                            .build())
                    .build();
        }
        String target = text(request, "targetUserId")
                .orElseThrow(() -> NotificationException.badRequest("targetUserId is required"));
        Notification sent = inbox.send(sender, target, type, data, expiresAt);
        return Response.status(Response.Status.CREATED)
                .entity(JsonMessages.PROVIDER
                        .createObjectBuilder()
                        .add("notificationId", sent.id())
                        .build())
                .build();
    }

    /** Broadcasts reach the members the community has seen; a REST caller is one. */
    private void rememberCaller() {
        try {
            members.seen(token.getName(), token.getGroups());
        } catch (NotificationException | RuntimeException e) {
            LOG.log(Level.FINE, "Recording member {0} failed: {1}", new Object[] {token.getName(), e.toString()});
        }
    }

    private static NotificationType type(String name) throws NotificationException {
        return NotificationType.fromWire(name)
                .orElseThrow(() -> NotificationException.badRequest(
                        "notificationType must be one of invite, mention, thread, session, component, system"));
    }

    private static Optional<String> text(JsonObject request, String field) throws NotificationException {
        JsonValue value = request.get(field);
        if (value == null || value == JsonValue.NULL) {
            return Optional.empty();
        }
        if (value instanceof JsonString text && !text.getString().isBlank()) {
            return Optional.of(text.getString());
        }
        throw NotificationException.badRequest(field + " must be a non-empty string");
    }

    private static Optional<OffsetDateTime> expiresAt(JsonObject request) throws NotificationException {
        Optional<String> text = text(request, "expiresAt");
        try {
            return text.map(OffsetDateTime::parse);
        } catch (DateTimeParseException e) {
            throw NotificationException.badRequest("expiresAt must be an ISO-8601 date-time with an offset");
        }
    }
}
