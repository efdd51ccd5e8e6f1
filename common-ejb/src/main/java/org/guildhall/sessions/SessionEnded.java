package org.guildhall.sessions;

import jakarta.json.JsonObject;
import java.io.StringReader;
import org.guildhall.sockets.JsonMessages;

/**
 * A session was ended: its room and its document must let go of the peers and clients still in them. Fired by
 * {@link SessionDirectory} inside its transaction, published on the bus once it has committed ({@link
 * SessionBroadcaster}), and fired again in every WAR that hears it, qualified {@link Broadcast}, for the socket
 * adapters there.
 */
public record SessionEnded(String sessionId, String roomId, String documentName, String endedBy) {

    /** The refusal code sockets of an ended session hear, the one its joins and handshakes get. */
    public static final String CODE = "session-ended";

    /** What a socket closed because its session ended is told. */
    public static final String REASON = "the session has ended";

    static final String TYPE = "session-ended";

    static SessionEnded of(CollaborationSession session, String endedBy) {
        return new SessionEnded(session.id(), session.roomId(), session.documentName(), endedBy);
    }

    String toJson() {
        return JsonMessages.PROVIDER
                .createObjectBuilder()
                .add("type", TYPE)
                .add("sessionId", sessionId)
                .add("roomId", roomId)
                .add("documentName", documentName)
                .add("endedBy", endedBy)
                .build()
                .toString();
    }

    static SessionEnded fromJson(JsonObject json) {
        return new SessionEnded(
                json.getString("sessionId"),
                json.getString("roomId"),
                json.getString("documentName"),
                json.getString("endedBy"));
    }

    static JsonObject parse(String text) {
        return JsonMessages.PROVIDER.createReader(new StringReader(text)).readObject();
    }
}
