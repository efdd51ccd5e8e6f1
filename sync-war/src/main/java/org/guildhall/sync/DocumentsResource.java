package org.guildhall.sync;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.util.OptionalInt;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.guildhall.community.HostedCommunity;
import org.guildhall.documents.DocumentNames;
import org.guildhall.documents.DocumentUpdates;
import org.guildhall.documents.UpdateLog;
import org.guildhall.rest.Authenticated;

/** {@code GET /sync/api/documents/{name}}: a document's stored log and its clients here, for administrators. */
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

    @GET
    @Path("{name}")
    public JsonObject document(@PathParam("name") String name) {
        if (!community.current().isModerator(token.getName(), token.getGroups())) {
            throw new ForbiddenException("document administration is for the community's moderators and admin only");
        }
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
        JsonObjectBuilder body = Json.createObjectBuilder()
                .add("document", name)
                .add("updates", size.updates())
                .add("bytes", size.bytes())
                .add("open", clients.isPresent());
        clients.ifPresent(count -> body.add("clients", count));
        return body.build();
    }
}
