package org.guildhall.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RoomRegistryTest {

    private final RoomRegistry rooms = new RoomRegistry(3, 4, Clock.systemUTC());
    private final JsonObject camera =
            Json.createObjectBuilder().add("camera", true).build();

    @BeforeEach
    void connect() {
        rooms.connect("c-alice", "alice");
        rooms.connect("c-bob", "bob");
        rooms.connect("c-carol", "carol");
        rooms.connect("c-dave", "dave");
    }

    @Test
    void joiningTellsTheNewcomerWhoIsThereAndTheOthersWhoCame() throws Exception {
        rooms.join("c-alice", "r", "pa", camera);

        List<Delivery> deliveries = rooms.join("c-bob", "r", "pb", JsonValue.EMPTY_JSON_OBJECT);

        JsonObject joined = deliveries.get(0).message();
        assertEquals("c-bob", deliveries.get(0).connectionId());
        assertEquals("joined", joined.getString("type"));
        assertEquals("pa", joined.getJsonArray("peers").getJsonObject(0).getString("peerId"));
        assertEquals("alice", joined.getJsonArray("peers").getJsonObject(0).getString("userId"));
        assertEquals(camera, joined.getJsonArray("peers").getJsonObject(0).getJsonObject("metadata"));
        assertEquals("c-alice", deliveries.get(1).connectionId());
        assertEquals("peer-joined", deliveries.get(1).message().getString("type"));
        assertEquals("bob", deliveries.get(1).message().getString("userId"));
    }

    @Test
    void aPeerIdIsUniqueInItsRoomAndRoomsHaveASizeLimit() throws Exception {
        rooms.join("c-alice", "r", "p1", camera);

        assertEquals(
                "peer-id-taken",
                assertThrows(SignalingException.class, () -> rooms.join("c-bob", "r", "p1", camera))
                        .code());
        rooms.join("c-bob", "r", "p2", camera);
        rooms.join("c-carol", "r", "p3", camera);
        assertEquals(
                "room-full",
                assertThrows(SignalingException.class, () -> rooms.join("c-dave", "r", "p4", camera))
                        .code());
    }

    @Test
    void aSignalReachesOnlyAPeerOfASharedRoomAndNamesTheSenderByItsPeerId() throws Exception {
        rooms.join("c-alice", "r1", "pa", camera);
        rooms.join("c-bob", "r1", "pb", camera);
        rooms.join("c-carol", "r2", "pc", camera);
        JsonObject offer = Json.createObjectBuilder().add("sdp", "v=0").build();

        Delivery delivery = rooms.signal("c-alice", "pb", Optional.empty(), offer);

        assertEquals("c-bob", delivery.connectionId());
        assertEquals("pa", delivery.message().getString("from"));
        assertEquals(offer, delivery.message().getJsonObject("signal"));
        assertEquals(
                "peer-not-found",
                assertThrows(SignalingException.class, () -> rooms.signal("c-alice", "pc", Optional.empty(), offer))
                        .code());
        assertEquals(
                "not-in-room",
                assertThrows(SignalingException.class, () -> rooms.signal("c-dave", "pa", Optional.empty(), offer))
                        .code());
    }

    @Test
    void aSocketCanBeInSeveralRoomsWithinItsLimit() throws Exception {
        rooms.join("c-alice", "r1", "pa", camera);
        rooms.join("c-alice", "r2", "pa", camera);
        rooms.subscribe("c-alice", List.of("t1", "t1"));
        rooms.join("c-alice", "r3", "pa", camera);

        assertEquals(
                "too-many-rooms",
                assertThrows(SignalingException.class, () -> rooms.join("c-alice", "r4", "pa", camera))
                        .code());
        assertEquals(
                "already-joined",
                assertThrows(SignalingException.class, () -> rooms.join("c-alice", "r1", "px", camera))
                        .code());
    }

    @Test
    void leavingOrDisconnectingAnnouncesPeerLeftAndEmptyRoomsDisappear() throws Exception {
        rooms.join("c-alice", "r", "pa", camera);
        rooms.join("c-bob", "r", "pb", camera);

        List<Delivery> left = rooms.disconnect("c-bob");

        assertEquals(1, left.size());
        assertEquals("c-alice", left.get(0).connectionId());
        assertEquals("peer-left", left.get(0).message().getString("type"));
        assertEquals("pb", left.get(0).message().getString("peerId"));
        assertEquals(List.of(), rooms.leave("c-alice", Optional.of("r")));
        assertEquals(0, rooms.roomCount());
    }

    @Test
    void invitesReachEverySocketOfTheTargetInARoomTheSenderIsIn() throws Exception {
        rooms.join("c-alice", "r", "pa", camera);
        rooms.connect("c-bob-phone", "bob");

        List<Delivery> online = rooms.invite("c-alice", "bob", "r", JsonValue.NULL);

        assertEquals(
                List.of("c-bob", "c-bob-phone"),
                online.stream().map(Delivery::connectionId).toList());
        assertEquals("alice", online.get(0).message().getString("from"));
        assertEquals(List.of(), rooms.invite("c-alice", "erin", "r", JsonValue.NULL));
        assertEquals(
                "not-in-room",
                assertThrows(SignalingException.class, () -> rooms.invite("c-bob", "alice", "r", JsonValue.NULL))
                        .code());
    }

    @Test
    void publishReachesEverySubscriberWithTheCountAndOnlySubscribersMayPublish() throws Exception {
        rooms.subscribe("c-alice", List.of("doc"));
        rooms.subscribe("c-bob", List.of("doc"));
        JsonObject message = Json.createObjectBuilder()
                .add("type", "publish")
                .add("topic", "doc")
                .add("data", "opaque")
                .build();

        List<Delivery> deliveries = rooms.publish("c-alice", "doc", message);

        assertEquals(
                List.of("c-alice", "c-bob"),
                deliveries.stream().map(Delivery::connectionId).toList());
        assertEquals(2, deliveries.get(1).message().getInt("clients"));
        assertEquals("opaque", deliveries.get(1).message().getString("data"));
        assertEquals(
                "not-subscribed",
                assertThrows(SignalingException.class, () -> rooms.publish("c-carol", "doc", message))
                        .code());
        rooms.unsubscribe("c-bob", List.of("doc"));
        assertEquals(1, rooms.publish("c-alice", "doc", message).size());
    }

    @Test
    void administratorsCloseRoomsAndRemovePeers() throws Exception {
        rooms.join("c-alice", "r", "pa", camera);
        rooms.join("c-bob", "r", "pb", camera);
        rooms.join("c-carol", "s", "pc", camera);

        List<Delivery> removed = rooms.removePeer("r", "pb").orElseThrow();
        assertEquals("peer-left", removed.get(0).message().getString("type"));
        assertEquals("removed", removed.get(1).message().getString("type"));
        assertEquals("c-bob", removed.get(1).connectionId());

        List<Delivery> closed = rooms.closeRoom("s");
        assertEquals("room-closed", closed.get(0).message().getString("type"));
        assertEquals(Optional.empty(), rooms.removePeer("s", "pc"));
        assertEquals(List.of("r"), List.copyOf(rooms.snapshot().keySet()));
    }

    @Test
    void aTopicWithACapacityHoldsThatManySubscribersAndARefusedSubscribeAddsNothing() throws Exception {
        rooms.subscribe("c-alice", List.of("session-t"), Map.of("session-t", 2));
        rooms.subscribe("c-bob", List.of("session-t"), Map.of("session-t", 2));
        rooms.subscribe("c-bob", List.of("session-t"), Map.of("session-t", 2)); // idempotent: not counted again

        SignalingException full = assertThrows(
                SignalingException.class,
                () -> rooms.subscribe("c-carol", List.of("open", "session-t"), Map.of("session-t", 2)));
        assertEquals("room-full", full.code());
        assertEquals(
                "not-subscribed",
                assertThrows(SignalingException.class, () -> rooms.publish("c-carol", "open", publish("open")))
                        .code(),
                "the topic of the refused subscribe that fitted was taken back");
        assertEquals(0, rooms.topicCount() - 1, "only session-t is left");

        rooms.unsubscribe("c-alice", List.of("session-t"));
        rooms.subscribe("c-carol", List.of("session-t"), Map.of("session-t", 2));
        assertEquals(
                2, rooms.publish("c-carol", "session-t", publish("session-t")).size());
    }

    @Test
    void aTopicIsNeverFullerThanARoom() throws Exception {
        for (String connection : List.of("c-alice", "c-bob", "c-carol")) {
            rooms.subscribe(connection, List.of("session-big"), Map.of("session-big", 50));
        }
        assertEquals(
                "room-full",
                assertThrows(
                                SignalingException.class,
                                () -> rooms.subscribe("c-dave", List.of("session-big"), Map.of("session-big", 50)))
                        .code());
    }

    @Test
    void closingForGoodTellsPeersAndSubscribersAndKeepsLateComersOut() throws Exception {
        rooms.join("c-alice", "session-x", "pa", camera);
        rooms.join("c-bob", "session-x", "pb", camera);
        rooms.subscribe("c-bob", List.of("session-x", "other"));
        rooms.subscribe("c-carol", List.of("session-x"));

        List<Delivery> told = rooms.closeForGood("session-x", "session-ended", "the session has ended");

        assertEquals(
                List.of("c-alice:room-closed", "c-bob:room-closed", "c-bob:topic-closed", "c-carol:topic-closed"),
                told.stream()
                        .map(d -> d.connectionId() + ":" + d.message().getString("type"))
                        .sorted()
                        .toList());
        told.forEach(d -> assertEquals("session-ended", d.message().getString("code")));
        assertEquals(List.of(), List.copyOf(rooms.snapshot().keySet()));
        assertEquals(
                "not-subscribed",
                assertThrows(
                                SignalingException.class,
                                () -> rooms.publish("c-carol", "session-x", publish("session-x")))
                        .code());
        assertEquals(1, rooms.publish("c-bob", "other", publish("other")).size(), "other topics stay");

        assertEquals(
                "session-ended",
                assertThrows(SignalingException.class, () -> rooms.join("c-dave", "session-x", "pd", camera))
                        .code());
        assertEquals(
                "session-ended",
                assertThrows(SignalingException.class, () -> rooms.subscribe("c-dave", List.of("session-x")))
                        .code());
        assertEquals(0, rooms.roomCount(), "a refused join leaves no empty room behind");
        // c-alice's record of the room is gone too: it may be in as many other rooms as before.
        for (String room : List.of("a", "b", "c", "d")) {
            rooms.join("c-alice", room, "pa", camera);
        }
    }

    private static JsonObject publish(String topic) {
        return Json.createObjectBuilder()
                .add("type", "publish")
                .add("topic", topic)
                .build();
    }
}
