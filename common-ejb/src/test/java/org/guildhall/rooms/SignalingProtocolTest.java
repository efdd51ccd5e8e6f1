package org.guildhall.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SignalingProtocolTest {

    private final RoomRegistry rooms = new RoomRegistry(20, 32, Clock.systemUTC());
    private final List<String> kept = new ArrayList<>();
    private final SignalingProtocol protocol =
            new SignalingProtocol(rooms, new InviteLimiter(3, Clock.systemUTC()), (from, target, room, info) -> {
                kept.add(from + "->" + target + "@" + room);
                return OfflineInvites.Kept.stored(42L);
            });

    @BeforeEach
    void connect() {
        rooms.connect("c1", "alice");
        rooms.connect("c2", "bob");
    }

    private List<Delivery> send(String connection, String user, String text) throws SignalingException {
        return protocol.handle(connection, user, protocol.parse(text));
    }

    private String refusal(String connection, String text) {
        return assertThrows(SignalingException.class, () -> send(connection, "alice", text))
                .code();
    }

    @Test
    void theSenderCannotChooseItsIdentity() throws Exception {
        send("c1", "alice", "{\"type\":\"join\",\"room\":\"r\",\"peerId\":\"a\",\"userId\":\"mallory\"}");
        List<Delivery> joined =
                send("c2", "bob", "{\"type\":\"join\",\"room\":\"r\",\"peerId\":\"b\",\"userId\":\"mallory\"}");
        assertEquals(
                "alice",
                joined.get(0).message().getJsonArray("peers").getJsonObject(0).getString("userId"));
        assertEquals("bob", joined.get(1).message().getString("userId"));

        List<Delivery> signal = send(
                "c2", "bob", "{\"type\":\"signal\",\"to\":\"a\",\"from\":\"spoofed\",\"signal\":{\"type\":\"offer\"}}");
        assertEquals("b", signal.get(0).message().getString("from"));
    }

    @Test
    void badMessagesGetStableErrorCodes() {
        assertEquals("bad-message", refusal("c1", "not json"));
        assertEquals("bad-message", refusal("c1", "[1,2]"));
        assertEquals("bad-message", refusal("c1", "{\"type\":3}"));
        assertEquals("unknown-type", refusal("c1", "{\"type\":\"teleport\"}"));
        assertEquals("bad-message", refusal("c1", "{\"type\":\"join\",\"room\":\"r\"}"));
        assertEquals("bad-message", refusal("c1", "{\"type\":\"join\",\"room\":\"\",\"peerId\":\"a\"}"));
        assertEquals(
                "bad-message", refusal("c1", "{\"type\":\"join\",\"room\":\"r\",\"peerId\":\"a\",\"metadata\":1}"));
        assertEquals("bad-message", refusal("c1", "{\"type\":\"subscribe\",\"topics\":\"t\"}"));
        assertEquals(
                "bad-message",
                refusal("c1", "{\"type\":\"join\",\"room\":\"" + "x".repeat(257) + "\",\"peerId\":\"a\"}"));
        assertEquals("not-in-room", refusal("c1", "{\"type\":\"signal\",\"to\":\"b\",\"signal\":{}}"));
    }

    @Test
    void pingIsAnsweredWithPong() throws Exception {
        assertEquals(
                "{\"type\":\"pong\"}",
                send("c1", "alice", "{\"type\":\"ping\"}").get(0).message().toString());
    }

    @Test
    void invitesReachOnlineTargetsAreKeptForOfflineOnesAndAreLimited() throws Exception {
        send("c1", "alice", "{\"type\":\"join\",\"room\":\"r\",\"peerId\":\"a\"}");
        String invite =
                "{\"type\":\"invite\",\"targetUserId\":\"%s\",\"roomId\":\"r\",\"sessionInfo\":{\"title\":\"t\"}}";

        List<Delivery> online = send("c1", "alice", String.format(invite, "bob"));
        assertEquals("invite", online.get(0).message().getString("type"));
        assertEquals(true, online.get(1).message().getBoolean("delivered"));

        JsonObject offline =
                send("c1", "alice", String.format(invite, "erin")).get(0).message();
        assertEquals(false, offline.getBoolean("delivered"));
        assertEquals(true, offline.getBoolean("stored"));
        assertEquals(42, offline.getInt("notificationId"));
        assertEquals(List.of("alice->erin@r"), kept);

        send("c1", "alice", String.format(invite, "bob"));
        assertEquals("rate-limited", refusal("c1", String.format(invite, "bob")));
    }

    @Test
    void anOfflineInviteTheCommunityDoesNotKeepSaysWhy() throws Exception {
        SignalingProtocol refusing = new SignalingProtocol(
                rooms,
                new InviteLimiter(3, Clock.systemUTC()),
                (from, target, room, info) -> OfflineInvites.Kept.refused("channel-disabled", "invites are off"));
        refusing.handle("c1", "alice", refusing.parse("{\"type\":\"join\",\"room\":\"r\",\"peerId\":\"a\"}"));

        List<Delivery> answer = refusing.handle(
                "c1", "alice", refusing.parse("{\"type\":\"invite\",\"targetUserId\":\"carol\",\"roomId\":\"r\"}"));

        JsonObject sent = answer.get(answer.size() - 1).message();
        assertEquals("invite-sent", sent.getString("type"));
        assertEquals(false, sent.getBoolean("stored"));
        assertEquals("channel-disabled", sent.getJsonObject("notStored").getString("code"));
    }
}
