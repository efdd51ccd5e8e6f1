package org.guildhall.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rooms a {@link RoomGate} governs: who may join or subscribe, how many, and what a host's invite grants. */
class SessionRoomsProtocolTest {

    private static final String SESSION = "gated-1";
    private static final int SESSION_SIZE = 2;

    /** A gate for names starting "gated-": alice hosts, bob is invited, everyone else is refused. */
    private final Set<String> admitted = new java.util.HashSet<>(Set.of("alice", "bob"));

    private final List<String> asked = new ArrayList<>();
    private final RoomGate gate = new RoomGate() {
        @Override
        public boolean governs(String room) {
            return room.startsWith("gated-");
        }

        @Override
        public int admit(String user, String room) throws SignalingException {
            asked.add(room);
            if (!admitted.contains(user)) {
                throw new SignalingException("session-private", "private");
            }
            return SESSION_SIZE;
        }

        @Override
        public void invite(String inviter, String target, String room) throws SignalingException {
            if (!inviter.equals("alice")) {
                throw new SignalingException("not-host", "only the host");
            }
            admitted.add(target);
        }
    };

    private final RoomRegistry rooms = new RoomRegistry(20, 4, Clock.systemUTC());
    private final SignalingProtocol protocol = new SignalingProtocol(
            rooms,
            new InviteLimiter(10, Clock.systemUTC()),
            (from, target, room, info) -> new OfflineInvites.Kept(Optional.empty(), Optional.empty()),
            gate);

    @BeforeEach
    void connect() {
        rooms.connect("c1", "alice");
        rooms.connect("c2", "bob");
        rooms.connect("c3", "carol");
        rooms.connect("c4", "dave");
    }

    private List<Delivery> send(String connection, String user, String text) throws SignalingException {
        return protocol.handle(connection, user, protocol.parse(text));
    }

    private String refusal(String connection, String user, String text) {
        return assertThrows(SignalingException.class, () -> send(connection, user, text))
                .code();
    }

    private static String join(String room, String peer) {
        return "{\"type\":\"join\",\"room\":\"" + room + "\",\"peerId\":\"" + peer + "\"}";
    }

    @Test
    void aGovernedRoomAdmitsWhomItsGateAdmitsUpToItsOwnSize() throws Exception {
        send("c1", "alice", join(SESSION, "a"));
        assertEquals("session-private", refusal("c3", "carol", join(SESSION, "c")));
        send("c2", "bob", join(SESSION, "b"));

        admitted.add("carol");
        assertEquals("room-full", refusal("c3", "carol", join(SESSION, "c")));
    }

    @Test
    void aGovernedTopicRefusesTheWholeSubscribe() throws Exception {
        assertEquals(
                "session-private",
                refusal("c3", "carol", "{\"type\":\"subscribe\",\"topics\":[\"open\",\"" + SESSION + "\"]}"));
        assertEquals(
                "not-subscribed",
                refusal("c3", "carol", "{\"type\":\"publish\",\"topic\":\"open\",\"data\":1}"),
                "no topic of a refused subscribe was joined");
        send("c2", "bob", "{\"type\":\"subscribe\",\"topics\":[\"" + SESSION + "\"]}");
        assertEquals(
                1,
                send("c2", "bob", "{\"type\":\"publish\",\"topic\":\"" + SESSION + "\"}")
                        .size());
    }

    @Test
    void ordinaryRoomsNeverAskTheGate() throws Exception {
        send("c3", "carol", join("plain", "c"));
        send("c3", "carol", "{\"type\":\"subscribe\",\"topics\":[\"plain\"]}");
        assertEquals(List.of(), asked);
    }

    @Test
    void aLongSubscribeIsRefusedBeforeAnyLookup() {
        StringBuilder topics = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            topics.append(i == 0 ? "" : ",").append("\"gated-").append(i).append('"');
        }
        assertEquals("too-many-rooms", refusal("c1", "alice", "{\"type\":\"subscribe\",\"topics\":[" + topics + "]}"));
        assertEquals(List.of(), asked);
    }

    @Test
    void theHostsInviteGrantsAccessAndAnotherMembersIsRefusedUndelivered() throws Exception {
        send("c1", "alice", join(SESSION, "a"));
        send("c2", "bob", join(SESSION, "b"));
        String invite = "{\"type\":\"invite\",\"targetUserId\":\"dave\",\"roomId\":\"" + SESSION + "\"}";

        assertEquals("not-host", refusal("c2", "bob", invite));
        assertEquals(
                "session-private", refusal("c4", "dave", "{\"type\":\"subscribe\",\"topics\":[\"" + SESSION + "\"]}"));

        List<Delivery> sent = send("c1", "alice", invite);
        assertEquals("invite", sent.get(0).message().getString("type"));
        send("c4", "dave", "{\"type\":\"subscribe\",\"topics\":[\"" + SESSION + "\"]}");
    }

    @Test
    void aGovernedTopicHoldsAtMostItsSessionsSize() throws Exception {
        admitted.add("carol");
        String subscribe = "{\"type\":\"subscribe\",\"topics\":[\"" + SESSION + "\"]}";
        send("c1", "alice", subscribe);
        send("c2", "bob", subscribe);
        assertEquals("room-full", refusal("c3", "carol", subscribe));

        send("c2", "bob", "{\"type\":\"unsubscribe\",\"topics\":[\"" + SESSION + "\"]}");
        send("c3", "carol", subscribe);
    }
}
