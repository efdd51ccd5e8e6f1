package org.guildhall.notifications.identity;

import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.guildhall.identity.DevTokenIssuer;
import org.guildhall.sockets.JsonMessages;

/**
 * {@code POST /notifications/api/dev/token} with {@code {"user":"alice","groups":["admin"]}} returns a token for
 * that user, in development mode only; otherwise the path does not exist (404).
 */
@Path("dev/token")
public class DevTokenResource {

    @Inject
    DevTokenIssuer issuer;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject token(
            @Valid @NotNull(message = "a JSON body {\"user\": ..., \"groups\": [...]} is required")
                    TokenRequest request) {
        if (!issuer.enabled()) {
            throw new NotFoundException();
        }
        List<String> groups = request.groups == null ? List.of() : request.groups;
        if (groups.stream().anyMatch(group -> group == null || group.isBlank())) {
            throw new BadRequestException("groups must be non-empty strings");
        }
        return JsonMessages.PROVIDER
                .createObjectBuilder()
                .add("token", issuer.issue(request.user, groups))
                .build();
    }

    /** The body of a token request. */
    public static class TokenRequest {
        @NotNull(message = "user is required")
        @Size(min = 1, max = 255, message = "user must be 1 to 255 characters")
        @Pattern(regexp = "[^\\s]+", message = "user must not contain white space")
        public String user;

        @Size(max = 32, message = "at most 32 groups")
        public List<String> groups;
    }
}
