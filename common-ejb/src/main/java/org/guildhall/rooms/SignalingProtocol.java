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
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
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

    @Inject
    RoomGate gate;

    public SignalingProtocol() {}

    SignalingProtocol(RoomRegistry rooms, InviteLimiter invites, OfflineInvites offline) {
        this(rooms, invites, offline, RoomGate.NONE);
    }

    SignalingProtocol(RoomRegistry rooms, InviteLimiter invites, OfflineInvites offline, RoomGate gate) {
        this.rooms = rooms;
        this.invites = invites;
        this.offline = offline;
        this.gate = gate;
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
            case "join": {
                String room = name(message, "room");
                String peerId = name(message, "peerId");
                JsonObject metadata = optionalObject(message, "metadata");
                return rooms.join(connection, room, peerId, metadata, capacity(user, room));
            }
            case "leave":
                return rooms.leave(connection, optionalName(message, "room"));
            case "signal":
                return List.of(rooms.signal(
                        connection, name(message, "to"), optionalName(message, "room"), required(message, "signal")));
            case "invite":
                return invite(connection, user, message);
            case "subscribe": {
                List<String> topics = names(message, "topics");
                if (topics.stream().distinct().count() > rooms.maxRoomsPerSocket()) {
                    // Refused before any topic is looked up: a long list must not cost a lookup per name.
                    throw RoomRegistry.tooManyRooms(rooms.maxRoomsPerSocket());
                }
                // y-webrtc's topic is the room name: a session's topic admits whom its room admits, and a refused
                // topic refuses the whole message, so the socket is in all of them or in none of the new ones.
                // A session's topic holds at most as many subscribers as its room holds peers.
                Map<String, Integer> capacities = new HashMap<>();
                for (String topic : new LinkedHashSet<>(topics)) {
                    capacity(user, topic).ifPresent(most -> capacities.put(topic, most));
                }
                rooms.subscribe(connection, topics, capacities);
                return List.of();
            }
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
        if (gate.governs(room)) {
            // Granted (or refused) before anyone hears of it: an invite the rules refuse is not delivered.
            gate.invite(user, target, room);
        }
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

    /** The most peers the room may hold for this user: a governed room's own limit, or none beyond the registry's. */
    private OptionalInt capacity(String user, String room) throws SignalingException {
        return gate.governs(room) ? OptionalInt.of(gate.admit(user, room)) : OptionalInt.empty();
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
