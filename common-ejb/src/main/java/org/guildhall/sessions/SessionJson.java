package org.guildhall.sessions;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.guildhall.sockets.JsonMessages;

/** Sessions and invitations as REST shows them, with the seed's field names ({@code roomId}, {@code isPublic}). */
public final class SessionJson {

    private SessionJson() {}

    public static JsonObject of(CollaborationSession session) {
        JsonObjectBuilder json = JsonMessages.PROVIDER
                .createObjectBuilder()
                .add("id", session.id())
                .add("roomId", session.roomId())
                .add("documentName", session.documentName())
                .add("host", session.host())
                .add("title", session.title())
                .add("description", text(session.description()))
                .add("visibility", session.visibility())
                .add("isPublic", session.isPublic())
                .add("maxParticipants", session.maxParticipants())
                .add("audioEnabled", session.audioEnabled())
                .add("videoEnabled", session.videoEnabled())
                .add("screenShareEnabled", session.screenShareEnabled())
                .add("inviteesReadOnly", session.inviteesReadOnly())
                .add("createdAt", session.createdAt().toString())
                .add("endedAt", time(session.endedAt()));
        session.endedBy().ifPresent(by -> json.add("endedBy", by));
        return json.build();
    }

    /**
     * What a notification about the session carries, so a client can open it: who it is from ({@code key}: the
     * host announcing it, or the user inviting), its id and title, its room and its document.
     */
    static JsonObject notificationData(String key, String user, CollaborationSession session) {
        return JsonMessages.PROVIDER
                .createObjectBuilder()
                .add(key, user)
                .add("sessionId", session.id())
                .add("sessionTitle", session.title())
                .add("roomId", session.roomId())
                .add("documentName", session.documentName())
                .build();
    }

    public static JsonObject of(SessionMember member) {
        return JsonMessages.PROVIDER
                .createObjectBuilder()
                .add("sessionId", member.sessionId())
                .add("userId", member.user())
                .add("access", member.access())
                .add("readOnly", member.readOnly())
                .add("invitedBy", member.invitedBy())
                .add("invitedAt", member.invitedAt().toString())
                .build();
    }

    private static JsonValue text(Optional<String> text) {
        return text.map(value -> (JsonValue) JsonMessages.PROVIDER.createValue(value))
                .orElse(JsonValue.NULL);
    }

    private static JsonValue time(Optional<OffsetDateTime> time) {
        return text(time.map(OffsetDateTime::toString));
    }
}
