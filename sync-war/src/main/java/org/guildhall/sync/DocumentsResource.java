package org.guildhall.sync;

import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.InternalServerErrorException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.guildhall.community.HostedCommunity;
import org.guildhall.documents.DocumentNames;
import org.guildhall.documents.DocumentUpdates;
import org.guildhall.documents.SyncSettings;
import org.guildhall.documents.UpdateLog;
import org.guildhall.documents.yjs.MalformedUpdateException;
import org.guildhall.documents.yjs.Update;
import org.guildhall.rest.Authenticated;
import org.guildhall.rest.Groups;
import org.guildhall.sockets.JsonMessages;

/**
 * {@code /sync/api/documents}: the stored documents for the community's moderators and admins (list, one
 * document's log, its whole state as a backup), and restore and delete for admins.
 */
@Path("documents")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class DocumentsResource {

    @Inject
    JsonWebToken token;

    @Inject
    DocumentUpdates updates;

    @Inject
    OpenDocuments documents;

    @Inject
    HostedCommunity community;

    /** The most documents one page of the listing holds. */
    static final int MAX_PAGE = 1000;

    @Inject
    SyncSettings settings;

    @GET
    public JsonObject list(@QueryParam("after") String after, @QueryParam("limit") @DefaultValue("100") int limit) {
        requireModerator();
        if (limit < 1 || limit > MAX_PAGE) {
            throw new BadRequestException("limit must be between 1 and " + MAX_PAGE);
        }
        List<UpdateLog.Listed> page;
        try {
            page = updates.list(after, limit + 1);
        } catch (SQLException e) {
            throw new ServiceUnavailableException("the document store is unavailable");
        }
        JsonArrayBuilder listed = JsonMessages.PROVIDER.createArrayBuilder();
        page.stream().limit(limit).forEach(document -> {
            JsonObjectBuilder entry = JsonMessages.PROVIDER
                    .createObjectBuilder()
                    .add("document", document.document())
                    .add("updates", document.updates())
                    .add("bytes", document.bytes())
                    .add("clients", documents.clients(document.document()).orElse(0));
            if (document.lastChange() != null) {
                entry.add("lastChange", document.lastChange().toInstant().toString());
            }
            listed.add(entry);
        });
        Optional<String> more =
                page.size() > limit ? Optional.of(page.get(limit - 1).document()) : Optional.empty();
        return JsonMessages.PROVIDER
                .createObjectBuilder()
                .add("documents", listed)
                .add("more", JsonMessages.cursor(more))
                .build();
    }

    @GET
    @Path("{name}/state")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public byte[] state(@PathParam("name") String name) {
        requireModerator();
        if (!DocumentNames.isValid(name)) {
            throw new NotFoundException("no document " + name);
        }
        try {
            return updates.state(name).orElseThrow(() -> new NotFoundException("no document " + name));
        } catch (SQLException e) {
            throw new ServiceUnavailableException("the document store is unavailable");
        } catch (MalformedUpdateException e) {
            throw new InternalServerErrorException("a stored update of " + name + " is unreadable");
        }
    }

    @PUT
    @Path("{name}/state")
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    public void restore(@PathParam("name") String name, byte[] state) {
        requireAdmin();
        if (!DocumentNames.isValid(name)) {
            throw new BadRequestException("invalid document name");
        }
        if (state == null || state.length > settings.maxDocumentBytes()) {
            throw new WebApplicationException(
                    "a document may have at most " + settings.maxDocumentBytes() + " bytes",
                    Response.Status.REQUEST_ENTITY_TOO_LARGE);
        }
        try {
            Update.decode(state);
        } catch (MalformedUpdateException e) {
            throw new BadRequestException("not a Yjs update: " + e.getMessage());
        }
        whileClosed(name, () -> updates.restore(name, state));
    }

    @DELETE
    @Path("{name}")
    public void delete(@PathParam("name") String name) {
        requireAdmin();
        if (!DocumentNames.isValid(name)) {
            throw new NotFoundException("no document " + name);
        }
        boolean[] deleted = {false};
        whileClosed(name, () -> deleted[0] = updates.delete(name));
        if (!deleted[0]) {
            throw new NotFoundException("no document " + name);
        }
    }

    private void whileClosed(String name, OpenDocuments.StoredChange change) {
        boolean done;
        try {
            done = documents.whileClosed(name, change);
        } catch (SQLException e) {
            throw new ServiceUnavailableException("the document store is unavailable");
        }
        if (!done) {
            // A connected client would send its copy straight back: Yjs cannot take content back from a client.
            throw new ClientErrorException(
                    "the document has clients connected; change it when nobody has it open", Response.Status.CONFLICT);
        }
    }

    private void requireModerator() {
        if (!community.current().isModerator(token.getName(), token.getGroups())) {
            throw new ForbiddenException("document administration is for the community's moderators and admin only");
        }
    }

    private void requireAdmin() {
        if (!token.getGroups().contains(Groups.ADMIN)) {
            throw new ForbiddenException("restoring and deleting documents is for admins only");
        }
    }

    @GET
    @Path("{name}")
    public JsonObject document(@PathParam("name") String name) {
        requireModerator();
        if (!DocumentNames.isValid(name)) {
            throw new NotFoundException("no document " + name);
        }
        UpdateLog.Size size;
        try {
            size = updates.size(name);
        } catch (SQLException e) {
            throw new ServiceUnavailableException("the document store is unavailable");
        }
        OptionalInt clients = documents.clients(name);
        JsonObjectBuilder body = JsonMessages.PROVIDER
                .createObjectBuilder()
                .add("document", name)
                .add("updates", size.updates())
                .add("bytes", size.bytes())
                .add("open", clients.isPresent());
        clients.ifPresent(count -> body.add("clients", count));
        return body.build();
    }
}
