package org.guildhall.rooms;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArraySet;
import org.guildhall.sockets.JsonMessages;

/**
 * Who is in which room and which y-webrtc topic, on this instance. Every operation checks the rules and returns the
 * messages to deliver; the socket adapter sends them.
 *
 * <p>There is no lock over the whole registry, so traffic in one room or topic never waits for another:
 *
 * <ul>
 *   <li><b>Rooms.</b> Each room has its own lock. A room's members and each member connection's record of it
 *       (its peer id there) change together under that lock, so the size check and the insert are one step, a peer
 *       id is taken at most once, and the peer lists of {@code joined}, {@code peer-joined} and {@code peer-left}
 *       are computed from one state of the membership: every peer that hears {@code peer-joined} later hears
 *       {@code peer-left} or leaves itself. A room that becomes empty is <em>retired</em> under its lock and taken
 *       out of the map; a join that reached a retired room retries with a fresh one, so no peer ends up in a room
 *       the map no longer holds, and no empty room stays behind.
 *   <li><b>Topics.</b> A concurrent map of copy-on-write subscriber sets, changed only through the map's atomic
 *       {@code compute}, which also drops a topic with its last subscriber, and checks a topic's capacity (a
 *       session's) in the same step as the insert. {@code publish} takes no lock: it reads
 *       one snapshot of the subscribers, counts that snapshot and delivers to it, so {@code clients} always equals
 *       the number of deliveries. Publishes far outnumber subscriptions, which is what copy-on-write suits.
 *   <li><b>Closed for good.</b> A session's room and topic are closed when the session ends, and their name is
 *       remembered: a join checks it under the room's lock and a subscribe inside the topic's {@code compute}, the
 *       same steps the close takes, so nobody admitted just before the end slips in just after the close.
 *   <li><b>Connections.</b> Each has its own lock ordering its joins, leaves, subscriptions and its disconnection.
 *       The container hands one socket's messages over one at a time, so the per-connection limit needs no
 *       atomicity across connections and the lock is uncontended except when the heartbeat or an administrator
 *       acts on the same connection at that moment. It makes a join or subscribe that raced with
 *       {@link #disconnect} fail with {@code not-connected} instead of leaving a peer nobody will ever remove.
 * </ul>
 *
 * <p>Locks are taken in one order, a connection's before a room's, and no room lock is held while taking another
 * lock but the closed names' own, which is held for a lookup only, so they cannot deadlock. Counts and {@link #snapshot()} are exact for each room but not one atomic picture
 * of all rooms, which is all administrators and metrics need. Messages are built outside the room locks.
 */
@ApplicationScoped
public class RoomRegistry {

    /**
     * How many names closed for good are remembered. They are needed only for the moment between a join's or
     * subscribe's admission (read from the database before the close) and its entry; after that the admission
     * itself refuses, so a few thousand of the latest are plenty.
     */
    static final int CLOSED_NAMES_KEPT = 4096;

    private final ConcurrentMap<String, Room> rooms = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Set<String>> topics = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Connection> connections = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Set<String>> connectionsOfUser = new ConcurrentHashMap<>();
    private final ClosedNames closedForGood = new ClosedNames(CLOSED_NAMES_KEPT);
    private Clock clock = Clock.systemUTC();
    private int maxRoomSize;
    private int maxRoomsPerSocket;

    @Inject
    SignalingLimits limits;

    public RoomRegistry() {}

    RoomRegistry(int maxRoomSize, int maxRoomsPerSocket, Clock clock) {
        this.maxRoomSize = maxRoomSize;
        this.maxRoomsPerSocket = maxRoomsPerSocket;
        this.clock = clock;
    }

    public void connect(String connection, String user) {
        connections.put(connection, new Connection(connection, user));
        connectionsOfUser.compute(user, (u, mine) -> {
            Set<String> set = mine != null ? mine : new CopyOnWriteArraySet<>();
            set.add(connection);
            return set;
        });
    }

    /** The connection is gone: it leaves every room and topic, and the rooms' other peers hear so. */
    public List<Delivery> disconnect(String connection) {
        Connection self = connections.remove(connection);
        if (self == null) {
            return List.of();
        }
        List<Departure> departures = new ArrayList<>();
        synchronized (self) {
            self.closed = true;
            for (String room : List.copyOf(self.peerIds.keySet())) {
                leaveRoom(self, room).ifPresent(departures::add);
            }
            for (String topic : List.copyOf(self.subscribed)) {
                removeFromTopic(self, topic);
            }
        }
        connectionsOfUser.computeIfPresent(self.user, (u, mine) -> {
            mine.remove(connection);
            return mine.isEmpty() ? null : mine;
        });
        return peerLeft(departures);
    }

    public List<Delivery> join(String connection, String room, String peerId, JsonObject metadata)
            throws SignalingException {
        return join(connection, room, peerId, metadata, OptionalInt.empty());
    }

    /** Joins a room that may hold fewer peers than rooms do (a session's {@code maxParticipants}). */
    public List<Delivery> join(String connection, String room, String peerId, JsonObject metadata, OptionalInt capacity)
            throws SignalingException {
        Connection self = open(connection);
        List<Peer> present;
        Peer peer;
        synchronized (self) {
            if (self.closed) {
                throw notConnected();
            }
            if (self.peerIds.containsKey(room)) {
                throw new SignalingException("already-joined", "this socket is already in room " + room);
            }
            if (self.peerIds.size() + self.subscribed.size() >= maxRoomsPerSocket()) {
                throw new SignalingException(
                        "too-many-rooms", "a socket may be in at most " + maxRoomsPerSocket() + " rooms and topics");
            }
            peer = new Peer(room, peerId, self.user, metadata, connection, clock.instant());
            present = enter(self, peer, Math.min(maxRoomSize(), capacity.orElse(Integer.MAX_VALUE)));
        }
        JsonArrayBuilder others = JsonMessages.PROVIDER.createArrayBuilder();
        for (Peer other : present) {
            others.add(JsonMessages.PROVIDER
                    .createObjectBuilder()
                    .add("peerId", other.peerId())
                    .add("userId", other.userId())
                    .add("metadata", other.metadata()));
        }
        List<Delivery> deliveries = new ArrayList<>(present.size() + 1);
        deliveries.add(new Delivery(
                connection,
                message("joined")
                        .add("room", room)
                        .add("peerId", peerId)
                        .add("peers", others)
                        .build()));
        JsonObject announcement = message("peer-joined")
                .add("room", room)
                .add("peerId", peerId)
                .add("userId", self.user)
                .add("metadata", metadata)
                .build();
        for (Peer other : present) {
            deliveries.add(new Delivery(other.connectionId(), announcement));
        }
        return deliveries;
    }

    /** Leaves one room, or every room when {@code room} is empty. */
    public List<Delivery> leave(String connection, Optional<String> room) throws SignalingException {
        Connection self = connections.get(connection);
        if (room.isPresent()) {
            Optional<Departure> departure = Optional.empty();
            if (self != null) {
                synchronized (self) {
                    departure = leaveRoom(self, room.get());
                }
            }
            if (departure.isEmpty()) {
                throw new SignalingException("not-in-room", "this socket is not in room " + room.get());
            }
            return peerLeft(List.of(departure.get()));
        }
        if (self == null) {
            return List.of();
        }
        List<Departure> departures = new ArrayList<>();
        synchronized (self) {
            for (String joined : List.copyOf(self.peerIds.keySet())) {
                leaveRoom(self, joined).ifPresent(departures::add);
            }
        }
        return peerLeft(departures);
    }

    /**
     * Relays a WebRTC signal to a peer that shares a room with the sender; {@code from} is the sender's peer id in
     * that room, never anything the sender wrote. Takes only the locks of the sender's rooms, one at a time.
     */
    public Delivery signal(String connection, String to, Optional<String> room, JsonValue signal)
            throws SignalingException {
        Connection self = connections.get(connection);
        if (self == null || self.peerIds.isEmpty()) {
            throw new SignalingException("not-in-room", "join a room before signalling");
        }
        List<String> candidates;
        if (room.isPresent()) {
            if (!self.peerIds.containsKey(room.get())) {
                throw new SignalingException("not-in-room", "this socket is not in room " + room.get());
            }
            candidates = List.of(room.get());
        } else {
            candidates = List.copyOf(self.peerIds.keySet());
        }
        Peer target = null;
        String from = null;
        int found = 0;
        for (String name : candidates) {
            Room candidate = rooms.get(name);
            if (candidate == null) {
                continue;
            }
            synchronized (candidate) {
                String mine = self.peerIds.get(name);
                Member me = mine == null ? null : candidate.members.get(mine);
                Member other = candidate.members.get(to);
                if (me != null && me.connection() == self && other != null) {
                    target = other.peer();
                    from = mine;
                    found++;
                }
            }
        }
        if (found == 0) {
            throw new SignalingException("peer-not-found", "no peer " + to + " in your rooms");
        }
        if (found > 1) {
            throw new SignalingException("bad-message", "several of your rooms have a peer " + to + ": name the room");
        }
        return new Delivery(
                target.connectionId(),
                message("signal")
                        .add("room", target.room())
                        .add("from", from)
                        .add("signal", signal)
                        .build());
    }

    /** An invite to a room the sender is in, for every socket of the target user (none when they are offline). */
    public List<Delivery> invite(String connection, String targetUser, String room, JsonValue sessionInfo)
            throws SignalingException {
        Connection self = connections.get(connection);
        if (self == null || !self.peerIds.containsKey(room)) {
            throw new SignalingException("not-in-room", "invite others only to a room you are in");
        }
        JsonObject invite = message("invite")
                .add("from", self.user)
                .add("roomId", room)
                .add("sessionInfo", sessionInfo)
                .build();
        return connectionsOfUser.getOrDefault(targetUser, Set.of()).stream()
                .map(target -> new Delivery(target, invite))
                .toList();
    }

    /** y-webrtc's subscribe: idempotent, as the reference server. */
    public void subscribe(String connection, List<String> names) throws SignalingException {
        subscribe(connection, names, Map.of());
    }

    /**
     * Subscribes to every topic or, when one is refused, to none of those this call would add. A topic named in
     * {@code capacities} (a session's) holds at most that many subscribers, and never more than a room holds.
     */
    public void subscribe(String connection, List<String> names, Map<String, Integer> capacities)
            throws SignalingException {
        Connection self = open(connection);
        synchronized (self) {
            if (self.closed) {
                throw notConnected();
            }
            List<String> added = names.stream()
                    .distinct()
                    .filter(name -> !self.subscribed.contains(name))
                    .toList();
            if (self.peerIds.size() + self.subscribed.size() + added.size() > maxRoomsPerSocket()) {
                throw new SignalingException(
                        "too-many-rooms", "a socket may be in at most " + maxRoomsPerSocket() + " rooms and topics");
            }
            List<String> done = new ArrayList<>(added.size());
            for (String name : added) {
                Integer capacity = capacities.get(name);
                int most = capacity == null ? Integer.MAX_VALUE : Math.min(capacity, maxRoomSize());
                SignalingException[] refused = new SignalingException[1];
                // The check and the insert are one step of the map's per-key lock, which closeForGood also takes.
                topics.compute(name, (topic, subscribers) -> {
                    refused[0] = closedForGood
                            .refusal(topic)
                            .orElse(
                                    subscribers != null && subscribers.size() >= most
                                            ? new SignalingException(
                                                    "room-full",
                                                    "topic " + topic + " is full (" + most + " subscribers)")
                                            : null);
                    if (refused[0] != null) {
                        return subscribers;
                    }
                    Set<String> set = subscribers != null ? subscribers : new CopyOnWriteArraySet<>();
                    set.add(connection);
                    return set;
                });
                if (refused[0] != null) {
                    done.forEach(topic -> removeFromTopic(self, topic));
                    throw refused[0];
                }
                self.subscribed.add(name);
                done.add(name);
            }
        }
    }

    public void unsubscribe(String connection, List<String> names) {
        Connection self = connections.get(connection);
        if (self == null) {
            return;
        }
        synchronized (self) {
            names.forEach(name -> removeFromTopic(self, name));
        }
    }

    /**
     * y-webrtc's publish: the message as sent, plus the subscriber count in {@code clients}, to every subscriber
     * including the sender (the reference server echoes too). Only a subscriber may publish to a topic. Takes no
     * lock: the subscribers are one copy-on-write snapshot, counted and delivered to as they were at that moment.
     */
    public List<Delivery> publish(String connection, String topic, JsonObject message) throws SignalingException {
        Set<String> subscribers = topics.get(topic);
        String[] receivers = subscribers == null ? new String[0] : subscribers.toArray(String[]::new);
        if (!Arrays.asList(receivers).contains(connection)) {
            throw new SignalingException("not-subscribed", "subscribe to topic " + topic + " before publishing");
        }
        JsonObject relayed = JsonMessages.PROVIDER
                .createObjectBuilder(message)
                .add("clients", receivers.length)
                .build();
        List<Delivery> deliveries = new ArrayList<>(receivers.length);
        for (String receiver : receivers) {
            deliveries.add(new Delivery(receiver, relayed));
        }
        return deliveries;
    }

    /** Every room with its peers, by room name, for administrators. */
    public Map<String, List<Peer>> snapshot() {
        Map<String, List<Peer>> copy = new TreeMap<>();
        for (Room room : rooms.values()) {
            synchronized (room) {
                if (!room.retired && !room.members.isEmpty()) {
                    copy.put(
                            room.name,
                            room.members.values().stream().map(Member::peer).toList());
                }
            }
        }
        return copy;
    }

    /** Ends a room: each peer is told {@code room-closed} and is no longer in it. */
    public List<Delivery> closeRoom(String name) {
        JsonObject closed = message("room-closed").add("room", name).build();
        return evict(name).stream()
                .map(member -> new Delivery(member.peer().connectionId(), closed))
                .toList();
    }

    /** Takes every peer out of the room and retires it; the peers it held, none when there was no open room. */
    private List<Member> evict(String name) {
        Room room = rooms.get(name);
        if (room == null) {
            return List.of();
        }
        synchronized (room) {
            if (room.retired) {
                return List.of();
            }
            List<Member> members = List.copyOf(room.members.values());
            for (Member member : members) {
                member.connection().peerIds.remove(name, member.peer().peerId());
            }
            room.members.clear();
            retire(room);
            return members;
        }
    }

    /**
     * Closes a room and the y-webrtc topic of the same name for good (their session has ended): the room's peers
     * are told {@code room-closed} and its subscribers {@code topic-closed}, both with {@code code}, and a join or
     * subscribe admitted a moment before, still on its way in, is refused with {@code code} instead of entering
     * after the close. The name is never opened again on this instance while it is remembered.
     */
    public List<Delivery> closeForGood(String name, String code, String reason) {
        closedForGood.add(name, code, reason);
        List<Delivery> deliveries = new ArrayList<>();
        List<Member> members = evict(name);
        if (!members.isEmpty()) {
            JsonObject closed = message("room-closed")
                    .add("room", name)
                    .add("code", code)
                    .add("reason", reason)
                    .build();
            members.forEach(member -> deliveries.add(new Delivery(member.peer().connectionId(), closed)));
        }
        // Taken out in one step of the map's per-key lock: a subscribe either got in before (and is told here) or
        // finds the name closed. Each subscriber then forgets the topic under its own lock.
        Set<String> subscribers = topics.remove(name);
        if (subscribers != null) {
            JsonObject closed = message("topic-closed")
                    .add("topic", name)
                    .add("code", code)
                    .add("reason", reason)
                    .build();
            for (String subscriber : subscribers) {
                Connection connection = connections.get(subscriber);
                if (connection != null) {
                    synchronized (connection) {
                        connection.subscribed.remove(name);
                    }
                    deliveries.add(new Delivery(subscriber, closed));
                }
            }
        }
        return deliveries;
    }

    /** Removes one peer: it is told {@code removed}, the others {@code peer-left}. Empty when there is no such peer. */
    public Optional<List<Delivery>> removePeer(String name, String peerId) {
        Room room = rooms.get(name);
        if (room == null) {
            return Optional.empty();
        }
        Departure departure;
        synchronized (room) {
            Member member = room.retired ? null : room.members.get(peerId);
            if (member == null) {
                return Optional.empty();
            }
            departure = removeMember(room, member);
        }
        List<Delivery> deliveries = new ArrayList<>(peerLeft(List.of(departure)));
        deliveries.add(new Delivery(
                departure.connection(),
                message("removed").add("room", name).add("peerId", peerId).build()));
        return Optional.of(deliveries);
    }

    public int connectionCount() {
        return connections.size();
    }

    /** Rooms in the map: those with peers, plus for an instant one a join is creating. */
    public int roomCount() {
        return rooms.size();
    }

    public int peerCount() {
        int peers = 0;
        for (Room room : rooms.values()) {
            synchronized (room) {
                peers += room.members.size();
            }
        }
        return peers;
    }

    public int topicCount() {
        return topics.size();
    }

    /**
     * Puts the peer in its room, creating the room when needed, and returns the peers that were there. Under the
     * room's lock the size check, the peer id check and the insert are one step.
     */
    private List<Peer> enter(Connection self, Peer peer, int size) throws SignalingException {
        while (true) {
            Room room = rooms.computeIfAbsent(peer.room(), Room::new);
            synchronized (room) {
                if (room.retired) {
                    continue; // emptied and removed since we looked it up: take the one now in the map
                }
                try {
                    Optional<SignalingException> closed = closedForGood.refusal(peer.room());
                    if (closed.isPresent()) {
                        throw closed.get();
                    }
                    if (room.members.containsKey(peer.peerId())) {
                        throw new SignalingException(
                                "peer-id-taken", "peer id " + peer.peerId() + " is taken in room " + peer.room());
                    }
                    if (room.members.size() >= size) {
                        throw new SignalingException(
                                "room-full", "room " + peer.room() + " is full (" + size + " peers)");
                    }
                } catch (SignalingException refused) {
                    if (room.members.isEmpty()) {
                        retire(room); // created for this join only
                    }
                    throw refused;
                }
                List<Peer> present =
                        room.members.values().stream().map(Member::peer).toList();
                room.members.put(peer.peerId(), new Member(peer, self));
                self.peerIds.put(peer.room(), peer.peerId());
                return present;
            }
        }
    }

    /** The connection leaves one room; empty when it is not in it. The caller holds the connection's lock. */
    private Optional<Departure> leaveRoom(Connection self, String name) {
        Room room = rooms.get(name);
        if (room == null) {
            return Optional.empty();
        }
        synchronized (room) {
            String peerId = self.peerIds.get(name);
            Member member = room.retired || peerId == null ? null : room.members.get(peerId);
            if (member == null || member.connection() != self) {
                return Optional.empty();
            }
            return Optional.of(removeMember(room, member));
        }
    }

    /** Takes a member out of its room (whose lock the caller holds); retires the room when it is left empty. */
    private Departure removeMember(Room room, Member member) {
        room.members.remove(member.peer().peerId());
        member.connection().peerIds.remove(room.name, member.peer().peerId());
        if (room.members.isEmpty()) {
            retire(room);
        }
        List<String> others = room.members.values().stream()
                .map(other -> other.peer().connectionId())
                .toList();
        return new Departure(room.name, member.peer().peerId(), member.peer().connectionId(), others);
    }

    /** The room is empty or closed: nobody may enter it any more, and the map forgets it. Under its lock. */
    private void retire(Room room) {
        room.retired = true;
        rooms.remove(room.name, room);
    }

    /** Called with the connection's lock held. */
    private void removeFromTopic(Connection self, String topic) {
        if (self.subscribed.remove(topic)) {
            topics.computeIfPresent(topic, (name, subscribers) -> {
                subscribers.remove(self.id);
                return subscribers.isEmpty() ? null : subscribers;
            });
        }
    }

    private static List<Delivery> peerLeft(List<Departure> departures) {
        List<Delivery> deliveries = new ArrayList<>();
        for (Departure departure : departures) {
            if (departure.others().isEmpty()) {
                continue;
            }
            JsonObject left = message("peer-left")
                    .add("room", departure.room())
                    .add("peerId", departure.peerId())
                    .build();
            for (String other : departure.others()) {
                deliveries.add(new Delivery(other, left));
            }
        }
        return deliveries;
    }

    private Connection open(String connection) throws SignalingException {
        Connection self = connections.get(connection);
        if (self == null) {
            throw notConnected();
        }
        return self;
    }

    static SignalingException tooManyRooms(int most) {
        return new SignalingException("too-many-rooms", "a socket may be in at most " + most + " rooms and topics");
    }

    private static SignalingException notConnected() {
        return new SignalingException("not-connected", "this socket is not registered");
    }

    private int maxRoomSize() {
        return limits != null ? limits.maxRoomSize() : maxRoomSize;
    }

    int maxRoomsPerSocket() {
        return limits != null ? limits.maxRoomsPerSocket() : maxRoomsPerSocket;
    }

    static JsonObjectBuilder message(String type) {
        return JsonMessages.PROVIDER.createObjectBuilder().add("type", type);
    }

    /** One open socket's state. */
    private static final class Connection {
        final String id;
        final String user;
        /** Room → this connection's peer id there; changed only under that room's lock, read without one. */
        final Map<String, String> peerIds = new ConcurrentHashMap<>();
        /** Subscribed topics; changed only under this connection's lock. */
        final Set<String> subscribed = ConcurrentHashMap.newKeySet();
        /** Set by {@link #disconnect}; guarded by this connection's lock. */
        boolean closed;

        Connection(String id, String user) {
            this.id = id;
            this.user = user;
        }
    }

    /** A peer and the connection it belongs to. */
    private record Member(Peer peer, Connection connection) {}

    /** One room: its members in joining order, guarded by the room's own lock. */
    private static final class Room {
        final String name;
        final Map<String, Member> members = new LinkedHashMap<>();
        /** Set once, when the room is emptied or closed; it is then no longer in the map. */
        boolean retired;

        Room(String name) {
            this.name = name;
        }
    }

    /** A peer that left a room, and the connections still there that must hear {@code peer-left}. */
    private record Departure(String room, String peerId, String connection, List<String> others) {}

    /** The latest names closed for good, with why; the oldest is forgotten when there are {@code kept}. */
    private static final class ClosedNames {
        private final Map<String, String[]> closed;

        ClosedNames(int kept) {
            this.closed = new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, String[]> eldest) {
                    return size() > kept;
                }
            };
        }

        synchronized void add(String name, String code, String reason) {
            closed.put(name, new String[] {code, reason});
        }

        /** A fresh refusal for a closed name (a shared exception would carry one stack for every refusal). */
        synchronized Optional<SignalingException> refusal(String name) {
            String[] why = closed.get(name);
            return why == null ? Optional.empty() : Optional.of(new SignalingException(why[0], why[1]));
        }
    }
}
