package org.guildhall.sessions;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Optional;

/**
 * What a host asks for when starting a session: the seed's {@code startSession} options ({@code isPublic} or
 * {@code visibility}, {@code maxParticipants}, the media flags) and whether invitees only read the document.
 */
public record NewSession(
        String title,
        Optional<String> description,
        boolean isPublic,
        Optional<Integer> maxParticipants,
        boolean audioEnabled,
        boolean videoEnabled,
        boolean screenShareEnabled,
        boolean inviteesReadOnly) {

    /** Reads a create request's JSON body; a field of the wrong type is refused, not ignored. */
    public static NewSession from(JsonObject body) throws SessionException {
        if (body == null) {
            throw SessionException.badRequest("a JSON body is required");
        }
        return new NewSession(
                text(body, "title").orElse(""),
                text(body, "description"),
                visibility(body),
                participants(body),
                flag(body, "audioEnabled"),
                flag(body, "videoEnabled"),
                flag(body, "screenShareEnabled"),
                flag(body, "inviteesReadOnly"));
    }

    private static boolean visibility(JsonObject body) throws SessionException {
        Optional<String> visibility = text(body, "visibility");
        JsonValue isPublic = body.get("isPublic");
        if (visibility.isPresent()) {
            if (!visibility.get().equals(CollaborationSession.PUBLIC)
                    && !visibility.get().equals(CollaborationSession.PRIVATE)) {
                throw SessionException.badRequest("visibility must be \"public\" or \"private\"");
            }
            boolean wanted = visibility.get().equals(CollaborationSession.PUBLIC);
            if (isPublic != null && isPublic != JsonValue.NULL && flag(body, "isPublic") != wanted) {
                throw SessionException.badRequest("visibility and isPublic disagree");
            }
            return wanted;
        }
        if (isPublic == null || isPublic == JsonValue.NULL) {
            throw SessionException.badRequest("visibility (\"public\" or \"private\") is required");
        }
        return flag(body, "isPublic");
    }

    private static Optional<Integer> participants(JsonObject body) throws SessionException {
        JsonValue value = body.get("maxParticipants");
        if (value == null || value == JsonValue.NULL) {
            return Optional.empty();
        }
        if (!(value instanceof JsonNumber number) || !number.isIntegral()) {
            throw SessionException.badRequest("maxParticipants must be a whole number");
        }
        try {
            int participants = number.intValueExact();
            if (participants < 1) {
                throw SessionException.badRequest("maxParticipants must be at least 1");
            }
            return Optional.of(participants);
        } catch (ArithmeticException e) {
            throw SessionException.badRequest("maxParticipants is out of range");
        }
    }

    static Optional<String> text(JsonObject body, String field) throws SessionException {
        JsonValue value = body.get(field);
        if (value == null || value == JsonValue.NULL) {
            return Optional.empty();
        }
        if (!(value instanceof JsonString text)) {
            throw SessionException.badRequest(field + " must be a string");
        }
        return Optional.of(text.getString().strip()).filter(stripped -> !stripped.isEmpty());
    }

    static boolean flag(JsonObject body, String field) throws SessionException {
        JsonValue value = body.get(field);
        if (value == null || value == JsonValue.NULL || value == JsonValue.FALSE) {
            return false;
        }
        if (value == JsonValue.TRUE) {
            return true;
        }
        throw SessionException.badRequest(field + " must be true or false");
    }
}
