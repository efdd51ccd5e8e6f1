package org.guildhall.rooms;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.guildhall.sockets.JsonMessages;

/**
 * Reads one text frame of the signaling protocol — the seeds' room messages ({@code join}, {@code leave},
 * {@code signal}, {@code invite}) and y-webrtc's ({@code subscribe}, {@code unsubscribe}, {@code publish},
 * {@code ping}) — checks it and applies it to the {@link RoomRegistry}. Identity comes from the connection, never
 * from the message: a {@code userId} or {@code from} a client writes is ignored.
 */
@ApplicationScoped
public class SignalingProtocol {

    /** The message types this protocol knows; any other is refused with {@code unknown-type}. */
    public static final Set<String> TYPES =
            Set.of("join", "leave", "signal", "invite", "subscribe", "unsubscribe", "publish", "ping");

    static final int MAX_NAME_LENGTH = 256;
    static final JsonObject PONG =
            JsonMessages.PROVIDER.createObjectBuilder().add("type", "pong").build();

    @Inject
    RoomRegistry rooms;

    @Inject
    InviteLimiter invites;

    @Inject
    OfflineInvites offline;

    public SignalingProtocol() {}

    SignalingProtocol(RoomRegistry rooms, InviteLimiter invites, OfflineInvites offline) {
        this.rooms = rooms;
        this.invites = invites;
        this.offline = offline;
    }

    /** The message's type, for counting; "invalid" when it has none. */
    public static String typeOf(JsonObject message) {
        return message.get("type") instanceof JsonString type ? type.getString() : "invalid";
    }

    public JsonObject parse(String text) throws SignalingException {
        try {
            JsonValue value =
                    JsonMessages.PROVIDER.createReader(new StringReader(text)).readValue();
            if (!(value instanceof JsonObject message) || !(message.get("type") instanceof JsonString)) {
                throw new SignalingException("bad-message", "a message is a JSON object with a string \"type\"");
            }
            return message;
        } catch (JsonParsingException e) {
            throw new SignalingException("bad-message", "not valid JSON");
        } catch (JsonException e) {
            throw new SignalingException("bad-message", "not valid JSON");
        }
    }

    public List<Delivery> handle(String connection, String user, JsonObject message) throws SignalingException {
        String type = typeOf(message);
        switch (type) {
            case "join":
                return rooms.join(
                        connection,
                        name(message, "room"),
                        name(message, "peerId"),
                        optionalObject(message, "metadata"));
            case "leave":
                return rooms.leave(connection, optionalName(message, "room"));
            case "signal":
                return List.of(rooms.signal(
                        connection, name(message, "to"), optionalName(message, "room"), required(message, "signal")));
            case "invite":
                return invite(connection, user, message);
            case "subscribe":
                rooms.subscribe(connection, names(message, "topics"));
                return List.of();
            case "unsubscribe":
                rooms.unsubscribe(connection, names(message, "topics"));
                return List.of();
            case "publish":
                return rooms.publish(connection, name(message, "topic"), message);
            case "ping":
                return List.of(new Delivery(connection, PONG));
            default:
                throw new SignalingException("unknown-type", "unknown message type " + abbreviate(type));
        }
    }

    /**
     * Delivers an invite to the target's open sockets; when there are none it is kept as a stored notification,
     * and {@code invite-sent} tells the sender which happened.
     */
    private List<Delivery> invite(String connection, String user, JsonObject message) throws SignalingException {
        String target = name(message, "targetUserId");
        String room = name(message, "roomId");
        JsonValue sessionInfo = message.getOrDefault("sessionInfo", JsonValue.NULL);
        invites.acquire(user);
        List<Delivery> deliveries = new ArrayList<>(rooms.invite(connection, target, room, sessionInfo));
        JsonObjectBuilder sent = JsonMessages.PROVIDER
                .createObjectBuilder()
                .add("type", "invite-sent")
                .add("to", target)
                .add("delivered", !deliveries.isEmpty());
        if (deliveries.isEmpty()) {
            OfflineInvites.Kept kept = offline.keep(user, target, room, sessionInfo);
            sent.add("reason", "offline").add("stored", kept.isStored());
            kept.notificationId().ifPresent(id -> sent.add("notificationId", id));
            kept.refusal().ifPresent(why -> sent.add("notStored", why));
        }
        deliveries.add(new Delivery(connection, sent.build()));
        return deliveries;
    }

    private static String name(JsonObject message, String field) throws SignalingException {
        return optionalName(message, field)
                .orElseThrow(() -> new SignalingException("bad-message", "\"" + field + "\" is required"));
    }

    private static Optional<String> optionalName(JsonObject message, String field) throws SignalingException {
        JsonValue value = message.get(field);
        if (value == null || value == JsonValue.NULL) {
            return Optional.empty();
        }
        if (!(value instanceof JsonString string) || string.getString().isEmpty()) {
            throw new SignalingException("bad-message", "\"" + field + "\" must be a non-empty string");
        }
        if (string.getString().length() > MAX_NAME_LENGTH) {
            throw new SignalingException(
                    "bad-message", "\"" + field + "\" is longer than " + MAX_NAME_LENGTH + " characters");
        }
        return Optional.of(string.getString());
    }

    private static JsonObject optionalObject(JsonObject message, String field) throws SignalingException {
        JsonValue value = message.get(field);
        if (value == null || value == JsonValue.NULL) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        if (!(value instanceof JsonObject object)) {
            throw new SignalingException("bad-message", "\"" + field + "\" must be an object");
        }
        return object;
    }

    private static JsonValue required(JsonObject message, String field) throws SignalingException {
        JsonValue value = message.get(field);
        if (value == null || value == JsonValue.NULL) {
            throw new SignalingException("bad-message", "\"" + field + "\" is required");
        }
        return value;
    }

    private static List<String> names(JsonObject message, String field) throws SignalingException {
        JsonValue value = message.get(field);
        if (!(value instanceof JsonArray array)) {
            throw new SignalingException("bad-message", "\"" + field + "\" must be an array of strings");
        }
        List<String> names = new ArrayList<>();
        for (JsonValue entry : array) {
            if (!(entry instanceof JsonString name) || name.getString().isEmpty()) {
                throw new SignalingException("bad-message", "\"" + field + "\" must be an array of strings");
            }
            if (name.getString().length() > MAX_NAME_LENGTH) {
                throw new SignalingException(
                        "bad-message", "a topic is longer than " + MAX_NAME_LENGTH + " characters");
            }
            names.add(name.getString());
        }
        return names;
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
