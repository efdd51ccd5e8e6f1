package org.guildhall.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Test;

/**
 * The registry under many threads at once: joins, leaves, signals, invites, subscriptions and publishes on shared
 * and separate rooms and topics, rooms that empty and fill again all the time, while an administrator closes rooms
 * and removes peers and the heartbeat drops sockets (whose clients come back on new ones). As in the server, each
 * socket is driven by one thread (the container hands a socket's messages over one at a time), but the
 * administrator and the heartbeat act on any socket whenever they like, also in the middle of its own messages.
 *
 * <p>Every announcement is counted as it is handed out: each connection keeps a net count, per room, of each other
 * connection it was told about ({@code joined} and {@code peer-joined} add one, {@code peer-left},
 * {@code room-closed} and its own leaving take away the peers it still knew). The counts are additive, so the order
 * in which threads record them does not matter, and at the end they must describe exactly the rooms as they are.
 */
class RoomRegistryConcurrencyTest {

    private static final int ROOM_SIZE = 4;
    private static final int ROOMS_PER_SOCKET = 3;
    private static final int WORKERS = 6;
    private static final int CONNECTIONS_PER_WORKER = 4;
    private static final int STEPS = 4_000;
    private static final List<String> SHARED_ROOMS = List.of("shared-0", "shared-1", "shared-2");
    private static final List<String> SHARED_TOPICS = List.of("doc-0", "doc-1");
    private static final List<String> FLICKERING_ROOMS = List.of("flicker-0", "flicker-1");
    private static final Set<String> REFUSALS = Set.of(
            "room-full",
            "peer-id-taken",
            "already-joined",
            "too-many-rooms",
            "not-in-room",
            "peer-not-found",
            "not-subscribed",
            "not-connected",
            "bad-message");
    private static final JsonObject NOTHING = JsonValue.EMPTY_JSON_OBJECT;

    private final RoomRegistry rooms = new RoomRegistry(ROOM_SIZE, ROOMS_PER_SOCKET, Clock.systemUTC());

    /** "recipient|room|subject" → how many times the recipient was told the subject is in the room, net. */
    private final ConcurrentMap<String, AtomicInteger> views = new ConcurrentHashMap<>();

    /** The topics each connection subscribed to, as its own thread saw it succeed. */
    private final ConcurrentMap<String, Set<String>> subscribed = new ConcurrentHashMap<>();

    private final Set<String> dropped = ConcurrentHashMap.newKeySet();

    /** Each worker's clients; the heartbeat replaces a client's socket by a new one with a new id. */
    private final AtomicReferenceArray<String> clients = new AtomicReferenceArray<>(WORKERS * CONNECTIONS_PER_WORKER);

    private final AtomicInteger sockets = new AtomicInteger();

    @Test
    void manyThreadsOnSharedAndSeparateRoomsKeepEveryRule() throws Exception {
        for (int client = 0; client < clients.length(); client++) {
            clients.set(client, newSocket());
        }
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch workersDone = new CountDownLatch(WORKERS);
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS + 1);
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (int worker = 0; worker < WORKERS; worker++) {
                int w = worker;
                tasks.add(pool.submit(task(() -> {
                    start.await();
                    try {
                        work(w);
                    } finally {
                        workersDone.countDown();
                    }
                })));
            }
            tasks.add(pool.submit(task(() -> {
                start.await();
                administer(workersDone);
            })));
            start.countDown();
            for (Future<?> task : tasks) {
                task.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        List<String> alive = new ArrayList<>();
        for (int client = 0; client < clients.length(); client++) {
            alive.add(clients.get(client));
        }
        assertFalse(dropped.isEmpty(), "the heartbeat dropped sockets");
        assertEquals(alive.size(), rooms.connectionCount());

        Map<String, List<Peer>> snapshot = rooms.snapshot();
        assertFalse(snapshot.isEmpty(), "some rooms are still in use");
        assertEquals(snapshot.size(), rooms.roomCount(), "no empty room is left in the registry");
        assertEquals(
                snapshot.values().stream().mapToInt(List::size).sum(), rooms.peerCount(), "peer count = peers listed");
        Map<String, Integer> roomsOfConnection = new HashMap<>();
        for (List<Peer> peers : snapshot.values()) {
            checkRoom(peers);
            for (Peer peer : peers) {
                assertFalse(dropped.contains(peer.connectionId()), "a dropped socket left no peer behind: " + peer);
                roomsOfConnection.merge(peer.connectionId(), 1, Integer::sum);
            }
        }
        for (String connection : alive) {
            assertTrue(
                    roomsOfConnection.getOrDefault(connection, 0)
                                    + subscribed.get(connection).size()
                            <= ROOMS_PER_SOCKET,
                    connection + " is within its rooms-and-topics limit");
        }

        assertEquals(expectedViews(snapshot), actualViews(), "every peer heard exactly who is in its rooms");

        Map<String, Set<String>> subscribers = new TreeMap<>();
        for (String connection : alive) {
            for (String topic : subscribed.get(connection)) {
                subscribers.computeIfAbsent(topic, t -> new HashSet<>()).add(connection);
            }
        }
        assertEquals(subscribers.size(), rooms.topicCount(), "topics without subscribers are gone");
        for (Map.Entry<String, Set<String>> topic : subscribers.entrySet()) {
            String sender = topic.getValue().iterator().next();
            List<Delivery> deliveries = rooms.publish(sender, topic.getKey(), publish(topic.getKey()));
            assertEquals(topic.getValue(), receivers(deliveries), "subscribers of " + topic.getKey());
            assertEquals(topic.getValue().size(), deliveries.get(0).message().getInt("clients"));
        }

        for (String connection : alive) {
            drop(connection);
        }
        assertEquals(0, rooms.connectionCount());
        assertEquals(0, rooms.roomCount());
        assertEquals(0, rooms.peerCount());
        assertEquals(0, rooms.topicCount());
        assertEquals(Map.of(), actualViews(), "every peer-joined was followed by its peer-left");
    }

    @Test
    void peersRacingIntoOneRoomNeverOverfillIt() throws Exception {
        int contenders = 16;
        for (int i = 0; i < contenders; i++) {
            rooms.connect("c" + i, "c" + i);
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(contenders);
        List<Future<Optional<List<Delivery>>>> joins = new ArrayList<>();
        try {
            for (int i = 0; i < contenders; i++) {
                String connection = "c" + i;
                String peerId = i % 2 == 0 ? "p" + i : "twin"; // half of them also want one peer id
                joins.add(pool.submit(() -> {
                    start.await();
                    try {
                        return Optional.of(rooms.join(connection, "r", peerId, NOTHING));
                    } catch (SignalingException refused) {
                        assertTrue(Set.of("room-full", "peer-id-taken").contains(refused.code()), refused.code());
                        return Optional.empty();
                    }
                }));
            }
            start.countDown();
            int admitted = 0;
            int announcements = 0;
            for (Future<Optional<List<Delivery>>> join : joins) {
                Optional<List<Delivery>> deliveries = join.get(30, TimeUnit.SECONDS);
                if (deliveries.isPresent()) {
                    admitted++;
                    announcements += deliveries.get().size() - 1;
                }
            }
            assertEquals(ROOM_SIZE, admitted);
            assertEquals(ROOM_SIZE * (ROOM_SIZE - 1) / 2, announcements, "each pair of peers was introduced once");
            List<Peer> peers = rooms.snapshot().get("r");
            assertEquals(ROOM_SIZE, peers.size());
            assertTrue(peers.stream().filter(p -> p.peerId().equals("twin")).count() <= 1);
        } finally {
            pool.shutdownNow();
        }
    }

    /** One worker thread: its own clients, its own rooms and topic, and the shared ones. */
    private void work(int worker) throws Exception {
        Random random = new Random(1000L * worker + 17);
        for (int step = 0; step < STEPS; step++) {
            String self = clients.get(worker * CONNECTIONS_PER_WORKER + random.nextInt(CONNECTIONS_PER_WORKER));
            String room = random.nextInt(10) < 6
                    ? SHARED_ROOMS.get(random.nextInt(SHARED_ROOMS.size()))
                    : "own-" + worker + "-" + random.nextInt(2);
            String topic = random.nextBoolean()
                    ? SHARED_TOPICS.get(random.nextInt(SHARED_TOPICS.size()))
                    : "own-topic-" + worker;
            String peerId = random.nextInt(10) == 0 ? "twin" : "p-" + self;
            int choice = random.nextInt(100);
            try {
                if (choice < 25) {
                    recordJoin(self, room, peerId, rooms.join(self, room, peerId, NOTHING));
                } else if (choice < 35) {
                    // in and straight out again: these rooms are emptied and created anew all the time
                    String flickering = FLICKERING_ROOMS.get(random.nextInt(FLICKERING_ROOMS.size()));
                    recordJoin(self, flickering, peerId, rooms.join(self, flickering, peerId, NOTHING));
                    recordLeave(self, rooms.leave(self, Optional.of(flickering)));
                } else if (choice < 47) {
                    recordLeave(self, rooms.leave(self, Optional.of(room)));
                } else if (choice < 50) {
                    recordLeave(self, rooms.leave(self, Optional.empty()));
                } else if (choice < 63) {
                    List<Delivery> deliveries = rooms.publish(self, topic, publish(topic));
                    assertTrue(receivers(deliveries).contains(self), "the sender hears its own publish");
                    assertEquals(deliveries.size(), receivers(deliveries).size(), "one delivery per subscriber");
                    assertEquals(deliveries.size(), deliveries.get(0).message().getInt("clients"));
                } else if (choice < 72) {
                    List<String> topics = random.nextBoolean() ? List.of(topic) : List.of(topic, "own-topic-" + worker);
                    rooms.subscribe(self, topics);
                    subscribed.get(self).addAll(topics);
                } else if (choice < 79) {
                    rooms.unsubscribe(self, List.of(topic));
                    subscribed.get(self).remove(topic);
                } else if (choice < 92) {
                    String to = "p-" + clients.get(random.nextInt(clients.length()));
                    Optional<String> in = random.nextBoolean() ? Optional.of(room) : Optional.empty();
                    Delivery signal = rooms.signal(self, to, in, Json.createValue(step));
                    assertEquals("p-" + signal.connectionId(), to, "the signal goes to the connection of that peer id");
                    String from = signal.message().getString("from");
                    assertTrue(from.equals("p-" + self) || from.equals("twin"), "from is the sender's peer id");
                } else {
                    String target = clients.get(random.nextInt(clients.length()));
                    for (Delivery invite : rooms.invite(self, target, room, JsonValue.NULL)) {
                        assertEquals(target, invite.connectionId());
                        assertEquals(self, invite.message().getString("from"));
                    }
                }
            } catch (SignalingException refused) {
                assertTrue(REFUSALS.contains(refused.code()), "unexpected refusal " + refused.code());
            }
        }
    }

    /**
     * The administrator and the heartbeat: checks every snapshot while the workers run, closes rooms, removes peers,
     * and drops sockets in the middle of their clients' work (the client carries on with a new socket).
     */
    private void administer(CountDownLatch workersDone) {
        Random random = new Random(99);
        while (workersDone.getCount() > 0) {
            Map<String, List<Peer>> snapshot = rooms.snapshot();
            snapshot.values().forEach(RoomRegistryConcurrencyTest::checkRoom);
            int choice = random.nextInt(1000);
            if (choice < 3) {
                String room = SHARED_ROOMS.get(random.nextInt(SHARED_ROOMS.size()));
                List<Delivery> closed = rooms.closeRoom(room);
                List<String> members =
                        closed.stream().map(Delivery::connectionId).toList();
                assertTrue(members.size() <= ROOM_SIZE);
                for (Delivery delivery : closed) {
                    assertEquals("room-closed", delivery.message().getString("type"));
                    for (String other : members) {
                        if (!other.equals(delivery.connectionId())) {
                            view(delivery.connectionId(), room, other, -1);
                        }
                    }
                }
            } else if (choice < 8) {
                int client = random.nextInt(clients.length());
                String old = clients.get(client);
                clients.set(client, newSocket());
                drop(old); // its worker may be in the middle of a message on it
            } else if (choice < 15 && !snapshot.isEmpty()) {
                List<String> names = List.copyOf(snapshot.keySet());
                String room = names.get(random.nextInt(names.size()));
                List<Peer> peers = snapshot.get(room);
                Peer peer = peers.get(random.nextInt(peers.size()));
                rooms.removePeer(room, peer.peerId()).ifPresent(deliveries -> {
                    Delivery removed = deliveries.get(deliveries.size() - 1);
                    assertEquals("removed", removed.message().getString("type"));
                    recordLeave(removed.connectionId(), deliveries.subList(0, deliveries.size() - 1));
                });
            }
        }
    }

    private void drop(String connection) {
        recordLeave(connection, rooms.disconnect(connection));
        dropped.add(connection);
    }

    private void recordJoin(String self, String room, String peerId, List<Delivery> deliveries) {
        Delivery joined = deliveries.get(0);
        assertEquals(self, joined.connectionId());
        assertEquals("joined", joined.message().getString("type"));
        Set<String> present = new HashSet<>();
        for (JsonValue peer : joined.message().getJsonArray("peers")) {
            String other = peer.asJsonObject().getString("userId");
            assertNotEquals(self, other);
            assertTrue(present.add(other), "a connection is listed once");
            assertNotEquals(peerId, peer.asJsonObject().getString("peerId"), "peer ids are unique in a room");
            view(self, room, other, +1);
        }
        assertTrue(present.size() < ROOM_SIZE, "the newcomer found room for itself");
        Set<String> told = new HashSet<>();
        for (Delivery announcement : deliveries.subList(1, deliveries.size())) {
            assertEquals("peer-joined", announcement.message().getString("type"));
            assertEquals(self, announcement.message().getString("userId"));
            assertEquals(peerId, announcement.message().getString("peerId"));
            told.add(announcement.connectionId());
            view(announcement.connectionId(), room, self, +1);
        }
        assertEquals(present, told, "exactly the peers already there hear peer-joined");
    }

    /** {@code leaver} left the rooms named in these {@code peer-left} deliveries (none when it was alone). */
    private void recordLeave(String leaver, List<Delivery> deliveries) {
        for (Delivery left : deliveries) {
            assertEquals("peer-left", left.message().getString("type"));
            String room = left.message().getString("room");
            view(left.connectionId(), room, leaver, -1);
            view(leaver, room, left.connectionId(), -1); // what the leaver knew of that peer ends with it
        }
    }

    private void view(String recipient, String room, String subject, int change) {
        views.computeIfAbsent(recipient + "|" + room + "|" + subject, k -> new AtomicInteger())
                .addAndGet(change);
    }

    private Map<String, Integer> actualViews() {
        Map<String, Integer> actual = new TreeMap<>();
        views.forEach((key, count) -> {
            if (count.get() != 0) {
                actual.put(key, count.get());
            }
        });
        return actual;
    }

    private static Map<String, Integer> expectedViews(Map<String, List<Peer>> snapshot) {
        Map<String, Integer> expected = new TreeMap<>();
        snapshot.forEach((room, peers) -> {
            for (Peer peer : peers) {
                for (Peer other : peers) {
                    if (peer != other) {
                        expected.put(peer.connectionId() + "|" + room + "|" + other.connectionId(), 1);
                    }
                }
            }
        });
        return expected;
    }

    private static void checkRoom(List<Peer> peers) {
        assertFalse(peers.isEmpty(), "no empty room is listed");
        assertTrue(peers.size() <= ROOM_SIZE, "no room over its limit: " + peers);
        assertEquals(peers.size(), peers.stream().map(Peer::peerId).distinct().count(), "unique peer ids");
        assertEquals(
                peers.size(), peers.stream().map(Peer::connectionId).distinct().count(), "a socket joins once");
    }

    private static Set<String> receivers(List<Delivery> deliveries) {
        Set<String> receivers = new HashSet<>();
        deliveries.forEach(delivery -> receivers.add(delivery.connectionId()));
        return receivers;
    }

    private static JsonObject publish(String topic) {
        return Json.createObjectBuilder()
                .add("type", "publish")
                .add("topic", topic)
                .add("data", "opaque")
                .build();
    }

    /** A new socket for a client; each socket is its own user, so a {@code userId} names the socket. */
    private String newSocket() {
        String connection = "s" + sockets.getAndIncrement();
        subscribed.put(connection, ConcurrentHashMap.newKeySet());
        rooms.connect(connection, connection);
        return connection;
    }

    private static Callable<Void> task(Step step) {
        return () -> {
            step.run();
            return null;
        };
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }
}
