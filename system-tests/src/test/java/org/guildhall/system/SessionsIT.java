package org.guildhall.system;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Collaboration sessions against the built WARs: the REST directory and its limits (the small ones of
 * {@code test-community.json}, also under concurrent creates), ending by host and moderator and what that does to
 * the sockets still in a session's room, topic and document, and private sessions kept private on signaling (room
 * protocol and y-webrtc topics, both held to maxParticipants) and on sync. Every test uses users of its own, so per-user limits never leak.
 */
class SessionsIT extends OnPayaraMicro {

    private static final String SESSIONS = "/notifications/api/sessions";
    private static final int MAX_SESSION_SIZE = 3;
    private static final int MAX_SESSIONS_PER_USER = 2;
    private static final int SESSIONS_PER_HOUR = 4;
    private static final int MAX_INVITES_PER_SESSION = 3;
    private static final String LISTED_MODERATOR = "molly-moderator";
    private static final Duration COMMUNITY_CHANGE_TIMEOUT = Duration.ofSeconds(20);

    /** A Yjs v1 update inserting "x" into the root text "t" as client 1, and the sync message carrying it. */
    private static final byte[] UPDATE = {1, 1, 1, 0, 4, 1, 1, 't', 1, 'x', 0};

    private static final byte[] SYNC_UPDATE = syncUpdate(UPDATE);

    /** SyncStep1 with an empty state vector: what the server sends first for a document with nothing stored. */
    private static final byte[] EMPTY_STEP_1 = {0, 0, 1, 0};

    private Client client;
    private final List<Client.Handshake> open = new ArrayList<>();
    private final List<WebSocket> binary = new ArrayList<>();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void connectOverLoopback() {
        client = Client.localhost(port());
    }

    @AfterEach
    void closeSockets() {
        open.stream().filter(socket -> !socket.messages().isClosed()).forEach(Client.Handshake::close);
        binary.forEach(WebSocket::abort);
    }

    private String user(String name) {
        return name + "-" + run + "-" + UUID.randomUUID().toString().substring(0, 4);
    }

    private HttpResponse<String> create(String host, String json) throws Exception {
        return client.postJsonWithToken(SESSIONS, json, TestIdentityProvider.token(host));
    }

    private JsonObject created(String host, String json) throws Exception {
        HttpResponse<String> response = create(host, json);
        assertEquals(201, response.statusCode(), response.body());
        return Client.json(response.body());
    }

    private JsonObject publicSession(String host) throws Exception {
        return created(host, "{\"title\":\"Open pairing\",\"visibility\":\"public\",\"audioEnabled\":true}");
    }

    private JsonObject privateSession(String host, String extra) throws Exception {
        return created(host, "{\"title\":\"Private review\",\"visibility\":\"private\"" + extra + "}");
    }

    private HttpResponse<String> invite(String host, String id, String target, String extra) throws Exception {
        return client.postJsonWithToken(
                SESSIONS + "/" + id + "/invites",
                "{\"userId\":\"" + target + "\"" + extra + "}",
                TestIdentityProvider.token(host));
    }

    private HttpResponse<String> end(String id, String token) throws Exception {
        return client.send("POST", SESSIONS + "/" + id + "/end", token);
    }

    private static void assertRefused(HttpResponse<String> response, int status, String code) {
        assertEquals(status, response.statusCode(), response.body());
        JsonObject body = Client.json(response.body());
        assertEquals(code, body.getString("code"), response.body());
        assertFalse(body.getString("error").isBlank(), "a refusal says why");
    }

    /** Every session id of the directory, page by page, so other tests' sessions cannot hide one. */
    private Set<String> directory(String viewer) throws Exception {
        Set<String> ids = new HashSet<>();
        String path = SESSIONS + "?limit=2";
        while (true) {
            HttpResponse<String> page = client.getWithToken(path, TestIdentityProvider.token(viewer));
            assertEquals(200, page.statusCode(), page.body());
            JsonObject body = Client.json(page.body());
            body.getJsonArray("sessions").getValuesAs(JsonObject.class).forEach(session -> {
                assertEquals("public", session.getString("visibility"));
                assertEquals(JsonValue.NULL, session.get("endedAt"));
                ids.add(session.getString("id"));
            });
            if (body.isNull("more")) {
                return ids;
            }
            path = SESSIONS + "?limit=2&before=" + body.getString("more");
        }
    }

    private static Set<String> ids(JsonObject page) {
        Set<String> ids = new HashSet<>();
        page.getJsonArray("sessions").getValuesAs(JsonObject.class).forEach(s -> ids.add(s.getString("id")));
        return ids;
    }

    // ---- REST: the directory, one session, ending, history -------------------------------------------------------

    @Test
    void aHostCreatesListsGetsAndEndsSessionsAndFindsThemInHistory() throws Exception {
        String host = user("hana");
        String guest = user("gus");
        String stranger = user("sam");
        JsonObject open = publicSession(host);
        JsonObject hidden = privateSession(host, ",\"maxParticipants\":2,\"description\":\"design review\"");

        assertEquals(host, open.getString("host"));
        assertEquals("public", open.getString("visibility"));
        assertEquals(MAX_SESSION_SIZE, open.getInt("maxParticipants"), "defaults to the community's maxSessionSize");
        assertTrue(open.getBoolean("audioEnabled"));
        assertFalse(open.getBoolean("videoEnabled"));
        assertFalse(open.getBoolean("screenShareEnabled"));
        assertTrue(open.getString("roomId").startsWith("session-"), "the server names the room");
        assertTrue(open.getString("documentName").startsWith("session-"));
        assertEquals(JsonValue.NULL, open.get("endedAt"));
        assertEquals(2, hidden.getInt("maxParticipants"));
        assertEquals("design review", hidden.getString("description"));

        Set<String> listed = directory(stranger);
        assertTrue(listed.contains(open.getString("id")), "a live public session is listed");
        assertFalse(listed.contains(hidden.getString("id")), "a private session is not");

        assertEquals(
                200,
                client.getWithToken(SESSIONS + "/" + open.getString("id"), TestIdentityProvider.token(stranger))
                        .statusCode());
        String hiddenPath = SESSIONS + "/" + hidden.getString("id");
        assertRefused(client.getWithToken(hiddenPath, TestIdentityProvider.token(stranger)), 404, "session-not-found");
        assertEquals(201, invite(host, hidden.getString("id"), guest, "").statusCode());
        assertEquals(
                200,
                client.getWithToken(hiddenPath, TestIdentityProvider.token(guest))
                        .statusCode());
        assertEquals(
                200,
                client.getWithToken(hiddenPath, TestIdentityProvider.token(LISTED_MODERATOR))
                        .statusCode());

        HttpResponse<String> ended = end(open.getString("id"), TestIdentityProvider.token(host));
        assertEquals(200, ended.statusCode(), ended.body());
        assertFalse(Client.json(ended.body()).isNull("endedAt"));
        assertFalse(directory(stranger).contains(open.getString("id")), "an ended session leaves the directory");

        JsonObject history = Client.json(client.getWithToken(SESSIONS + "/history", TestIdentityProvider.token(host))
                .body());
        assertEquals(Set.of(open.getString("id"), hidden.getString("id")), ids(history));
        assertEquals(
                hidden.getString("id"),
                history.getJsonArray("sessions").getJsonObject(0).getString("id"),
                "newest first");
        assertEquals(
                Set.of(hidden.getString("id")),
                ids(Client.json(client.getWithToken(SESSIONS + "/history", TestIdentityProvider.token(guest))
                        .body())));
        assertEquals(401, client.get(SESSIONS).statusCode());
    }

    @Test
    void theHostOrAModeratorEndsASessionAndNobodyElse() throws Exception {
        String host = user("hal");
        JsonObject first = publicSession(host);
        JsonObject second = publicSession(host);

        assertRefused(end(first.getString("id"), TestIdentityProvider.token(user("sam"))), 403, "not-host");
        HttpResponse<String> byListedModerator =
                end(first.getString("id"), TestIdentityProvider.token(LISTED_MODERATOR));
        assertEquals(200, byListedModerator.statusCode(), byListedModerator.body());
        assertEquals(LISTED_MODERATOR, Client.json(byListedModerator.body()).getString("endedBy"));

        HttpResponse<String> byGroup = client.send(
                "DELETE", SESSIONS + "/" + second.getString("id"), TestIdentityProvider.token(user("mo"), "moderator"));
        assertEquals(200, byGroup.statusCode(), byGroup.body());

        JsonObject third = publicSession(host);
        assertEquals(
                200,
                end(third.getString("id"), TestIdentityProvider.token(host)).statusCode());
        assertRefused(invite(host, third.getString("id"), user("late"), ""), 409, "session-ended");
    }

    // ---- limits ---------------------------------------------------------------------------------------------------

    @Test
    void aHostMayHaveMaxSessionsPerUserLiveSessions() throws Exception {
        String host = user("lena");
        List<String> live = new ArrayList<>();
        for (int i = 0; i < MAX_SESSIONS_PER_USER; i++) {
            live.add(publicSession(host).getString("id"));
        }
        assertRefused(create(host, "{\"title\":\"one more\",\"visibility\":\"private\"}"), 409, "too-many-sessions");

        assertEquals(200, end(live.get(0), TestIdentityProvider.token(host)).statusCode());
        privateSession(host, "");
    }

    @Test
    void aHostMayStartSessionsPerHourSessionsAnHour() throws Exception {
        String host = user("rita");
        for (int i = 0; i < SESSIONS_PER_HOUR; i++) {
            String id = publicSession(host).getString("id");
            assertEquals(200, end(id, TestIdentityProvider.token(host)).statusCode());
        }
        assertRefused(create(host, "{\"title\":\"fifth\",\"visibility\":\"public\"}"), 429, "rate-limited");
    }

    @Test
    void maxParticipantsMayNotExceedTheCommunitysSessionSizeAndATitleIsRequired() throws Exception {
        String host = user("max");
        assertRefused(
                create(
                        host,
                        "{\"title\":\"crowd\",\"visibility\":\"public\",\"maxParticipants\":" + (MAX_SESSION_SIZE + 1)
                                + "}"),
                400,
                "too-many-participants");
        assertRefused(create(host, "{\"visibility\":\"public\"}"), 400, "bad-message");
        assertRefused(create(host, "{\"title\":\"t\",\"visibility\":\"secret\"}"), 400, "bad-message");
    }

    @Test
    void aSessionTakesMaxInvitesPerSessionInvites() throws Exception {
        String host = user("ines");
        String id = privateSession(host, "").getString("id");
        List<String> invited = new ArrayList<>();
        for (int i = 0; i < MAX_INVITES_PER_SESSION; i++) {
            invited.add(user("guest" + i));
            HttpResponse<String> granted = invite(host, id, invited.get(i), i == 0 ? ",\"readOnly\":true" : "");
            assertEquals(201, granted.statusCode(), granted.body());
        }
        assertEquals(
                "read-only",
                Client.json(invite(host, id, invited.get(0), "").body()).getString("access"));

        assertRefused(invite(host, id, user("one-too-many"), ""), 409, "too-many-invites");
        HttpResponse<String> again = invite(host, id, invited.get(0), ",\"readOnly\":false");
        assertEquals(200, again.statusCode(), "a re-invite changes access without counting: " + again.body());
        assertEquals("read-write", Client.json(again.body()).getString("access"));
        assertRefused(invite(invited.get(1), id, user("friend"), ""), 403, "not-host");
    }

    @Test
    void switchingPublicSessionsOffRefusesThemAndLeavesPrivateOnesAlone() throws Exception {
        String host = user("pia");
        String original;
        try (var in = TestIdentityProvider.class.getResourceAsStream(TestIdentityProvider.TEST_COMMUNITY)) {
            original = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // Refused either way, with a code that shows which community is in force: a probe that creates nothing.
        String probe =
                "{\"title\":\"probe\",\"visibility\":\"public\",\"maxParticipants\":" + (MAX_SESSION_SIZE + 1) + "}";
        try {
            Files.writeString(
                    TestIdentityProvider.communityFile(),
                    original.replace("\"publicSessions\": true", "\"publicSessions\": false"));
            Instant deadline = Instant.now().plus(COMMUNITY_CHANGE_TIMEOUT);
            HttpResponse<String> refused = create(host, probe);
            while (Client.json(refused.body()).getString("code").equals("too-many-participants")) {
                assertTrue(Instant.now().isBefore(deadline), "the changed community was not picked up");
                refused = create(host, probe);
            }
            assertRefused(refused, 403, "public-sessions-disabled");
            privateSession(host, "");
        } finally {
            Files.writeString(TestIdentityProvider.communityFile(), original);
            Instant deadline = Instant.now().plus(COMMUNITY_CHANGE_TIMEOUT);
            while (Client.json(create(host, probe).body()).getString("code").equals("public-sessions-disabled")) {
                assertTrue(Instant.now().isBefore(deadline), "the restored community was not picked up");
            }
        }
    }

    @Test
    void aNewPublicSessionIsAnnouncedToTheCommunity() throws Exception {
        String host = user("ann");
        String member = user("mia");
        Client.Handshake device =
                client.connect("/notifications/?access_token=" + TestIdentityProvider.token(member), Map.of());
        assertTrue(device.accepted(), "status " + device.status());
        open.add(device);
        device.socket()
                .sendText("{\"type\":\"authenticate\",\"userId\":\"ignored\"}", true)
                .join();
        device.messages().next("authenticated");

        String id = publicSession(host).getString("id");

        while (true) {
            JsonObject notification = device.messages().next("notification").getJsonObject("notification");
            if (id.equals(notification.getJsonObject("data").getString("sessionId", ""))) {
                assertEquals("session", notification.getString("type"));
                assertEquals(host, notification.getString("fromUserId"));
                assertEquals(host, notification.getJsonObject("data").getString("host"));
                return;
            }
        }
    }

    // ---- private sessions on signaling -----------------------------------------------------------------------------

    private Client.Handshake signaling(String user) throws InterruptedException {
        Client.Handshake socket =
                client.connect("/signaling/?access_token=" + TestIdentityProvider.token(user), Map.of());
        assertTrue(socket.accepted(), "status " + socket.status());
        open.add(socket);
        return socket;
    }

    private static JsonObject answer(Client.Handshake socket, String json) throws InterruptedException {
        socket.socket().sendText(json, true).join();
        while (true) {
            JsonObject message = Client.json(socket.messages().next());
            String type = message.getString("type", "");
            if (type.equals("error") || type.equals("joined") || type.equals("pong")) {
                return message;
            }
        }
    }

    private static JsonObject join(Client.Handshake socket, String room, String peerId) throws InterruptedException {
        return answer(socket, "{\"type\":\"join\",\"room\":\"" + room + "\",\"peerId\":\"" + peerId + "\"}");
    }

    /** Subscribes, then pings: a subscribe is answered only when refused, so the pong says it was accepted. */
    private static JsonObject subscribe(Client.Handshake socket, String topic) throws InterruptedException {
        socket.socket()
                .sendText("{\"type\":\"subscribe\",\"topics\":[\"" + topic + "\"]}", true)
                .join();
        JsonObject answer = answer(socket, "{\"type\":\"ping\"}");
        if (!answer.getString("type").equals("pong")) {
            socket.messages().next("pong"); // the ping's answer, so that the next call reads its own
        }
        return answer;
    }

    @Test
    void aPrivateSessionsRoomAndTopicAdmitOnlyTheHostAndInvitedUsers() throws Exception {
        String host = user("holly");
        String guest = user("gil");
        String stranger = user("stan");
        String late = user("lou");
        JsonObject session = privateSession(host, ",\"maxParticipants\":2");
        String room = session.getString("roomId");
        assertEquals(201, invite(host, session.getString("id"), guest, "").statusCode());

        Client.Handshake hostSocket = signaling(host);
        Client.Handshake guestSocket = signaling(guest);
        Client.Handshake strangerSocket = signaling(stranger);
        assertEquals("joined", join(hostSocket, room, "h").getString("type"));
        JsonObject refused = join(strangerSocket, room, "s");
        assertEquals("session-private", refused.getString("code"));
        assertTrue(refused.getString("error").contains("private"), refused.toString());
        assertEquals("session-private", subscribe(strangerSocket, room).getString("code"));
        assertEquals("pong", subscribe(guestSocket, room).getString("type"));
        assertEquals("pong", subscribe(hostSocket, room).getString("type"));
        assertEquals("joined", join(guestSocket, room, "g").getString("type"));

        // The host's invite over signaling grants access; the room holds the session's maxParticipants (2).
        JsonObject sent = answerOfType(
                hostSocket,
                "{\"type\":\"invite\",\"targetUserId\":\"" + late + "\",\"roomId\":\"" + room + "\"}",
                "invite-sent");
        assertEquals(late, sent.getString("to"));
        Client.Handshake lateSocket = signaling(late);
        assertEquals("room-full", join(lateSocket, room, "l").getString("code"));
        // Admitted (not session-private), but the topic holds maxParticipants subscribers too: the host and gil.
        assertEquals("room-full", subscribe(lateSocket, room).getString("code"));
        guestSocket
                .socket()
                .sendText("{\"type\":\"unsubscribe\",\"topics\":[\"" + room + "\"]}", true)
                .join();
        // Messages of one socket are handled in order: the pong says the unsubscribe is done, before lou tries.
        assertEquals("pong", answer(guestSocket, "{\"type\":\"ping\"}").getString("type"));
        assertEquals("pong", subscribe(lateSocket, room).getString("type"));

        // A member who is not the host may not invite to a private session.
        JsonObject notHost = answerOfType(
                guestSocket,
                "{\"type\":\"invite\",\"targetUserId\":\"" + stranger + "\",\"roomId\":\"" + room + "\"}",
                "error");
        assertEquals("not-host", notHost.getString("code"));
        assertEquals("session-private", subscribe(strangerSocket, room).getString("code"));

        // Ended: nobody may come in any more, the host neither.
        assertEquals(
                200,
                end(session.getString("id"), TestIdentityProvider.token(host)).statusCode());
        Client.Handshake again = signaling(host);
        assertEquals("session-ended", join(again, room, "h2").getString("code"));
        assertEquals("session-ended", subscribe(again, room).getString("code"));
    }

    @Test
    void aSessionNameThatIsNoSessionIsRefusedAndOtherRoomsAreUntouched() throws Exception {
        Client.Handshake socket = signaling(user("nia"));
        assertEquals(
                "session-not-found",
                join(socket, "session-" + UUID.randomUUID(), "n").getString("code"));
        assertEquals("joined", join(socket, "room-" + UUID.randomUUID(), "n").getString("type"));
        assertEquals(
                404, syncHandshake(user("nia"), "session-" + UUID.randomUUID()).status());
    }

    private static JsonObject answerOfType(Client.Handshake socket, String json, String type)
            throws InterruptedException {
        socket.socket().sendText(json, true).join();
        return socket.messages().next(type);
    }

    // ---- private sessions on sync ----------------------------------------------------------------------------------

    @Test
    void aPrivateSessionsDocumentOpensForTheHostAndInvitedUsersWithTheirAccessOnly() throws Exception {
        String host = user("hugo");
        String reader = user("rae");
        String writer = user("wim");
        String stranger = user("sid");
        JsonObject session = privateSession(host, "");
        String id = session.getString("id");
        String document = session.getString("documentName");
        assertEquals(201, invite(host, id, reader, ",\"readOnly\":true").statusCode());
        assertEquals(201, invite(host, id, writer, "").statusCode());

        SyncSocket refused = syncHandshake(stranger, document);
        assertEquals(403, refused.status(), "a stranger is refused before the upgrade");

        SyncSocket readOnly = syncHandshake(reader, document);
        assertEquals(101, readOnly.status());
        assertArrayEquals(EMPTY_STEP_1, readOnly.next());
        readOnly.send(SYNC_UPDATE);
        String denial = readOnly.nextDenial();
        assertTrue(denial.contains("read-only"), denial);
        assertArrayEquals(EMPTY_STEP_1, syncHandshake(host, document).next(), "the read-only update was not stored");

        SyncSocket readWrite = syncHandshake(writer, document);
        assertEquals(101, readWrite.status());
        readWrite.next();
        readWrite.send(SYNC_UPDATE);
        assertArrayEquals(SYNC_UPDATE, readWrite.nextUpdate(), "stored, then echoed as the acknowledgement");
        assertFalse(
                Arrays.equals(EMPTY_STEP_1, syncHandshake(host, document).next()),
                "the host now loads a state with the writer's update");

        assertEquals(200, end(id, TestIdentityProvider.token(host)).statusCode());
        assertEquals(409, syncHandshake(host, document).status(), "an ended session's document is closed");
    }

    // ---- ending a session lets go of its live sockets ----------------------------------------------------------

    @Test
    void endingASessionClosesItsRoomAndTopicForThePeersAndSubscribersInThem() throws Exception {
        String host = user("elin");
        String guest = user("eva");
        JsonObject session = publicSession(host);
        String room = session.getString("roomId");
        String other = "room-" + UUID.randomUUID();
        Client.Handshake hostSocket = signaling(host);
        Client.Handshake guestSocket = signaling(guest);
        assertEquals("joined", join(hostSocket, room, "h").getString("type"));
        assertEquals("joined", join(guestSocket, room, "g").getString("type"));
        assertEquals("joined", join(guestSocket, other, "g").getString("type"));
        assertEquals("pong", subscribe(guestSocket, room).getString("type"));

        assertEquals(
                200,
                end(session.getString("id"), TestIdentityProvider.token(LISTED_MODERATOR))
                        .statusCode());

        for (Client.Handshake peer : List.of(hostSocket, guestSocket)) {
            JsonObject closed = peer.messages().next("room-closed");
            assertEquals(room, closed.getString("room"));
            assertEquals("session-ended", closed.getString("code"));
        }
        JsonObject topicClosed = guestSocket.messages().next("topic-closed");
        assertEquals(room, topicClosed.getString("topic"));
        assertEquals("session-ended", topicClosed.getString("code"));

        // The sockets stay open for their other rooms; the session's room and topic are gone and stay shut.
        assertEquals(
                "not-subscribed",
                answerOfType(guestSocket, "{\"type\":\"publish\",\"topic\":\"" + room + "\",\"data\":{}}", "error")
                        .getString("code"));
        assertEquals(
                "not-in-room",
                answerOfType(guestSocket, "{\"type\":\"leave\",\"room\":\"" + room + "\"}", "error")
                        .getString("code"));
        assertEquals("pong", answer(guestSocket, "{\"type\":\"ping\"}").getString("type"));
        assertEquals("session-ended", join(hostSocket, room, "h").getString("code"));
        assertEquals("joined", join(hostSocket, other, "h").getString("type"), "other rooms are untouched");
    }

    @Test
    void endingASessionClosesTheSocketsOfItsDocumentWithTheReason() throws Exception {
        String host = user("edda");
        String writer = user("ebba");
        JsonObject session = publicSession(host);
        String document = session.getString("documentName");
        SyncSocket hostClient = syncHandshake(host, document);
        SyncSocket writerClient = syncHandshake(writer, document);
        assertEquals(101, hostClient.status());
        assertEquals(101, writerClient.status());
        hostClient.next();
        writerClient.next();
        writerClient.send(SYNC_UPDATE);
        assertArrayEquals(SYNC_UPDATE, writerClient.nextUpdate());

        assertEquals(
                200,
                end(session.getString("id"), TestIdentityProvider.token(host)).statusCode());

        for (SyncSocket client : List.of(hostClient, writerClient)) {
            SyncSocket.Close close = client.closed();
            assertEquals(1008, close.code());
            assertEquals("the session has ended", close.reason());
        }
        assertEquals(409, syncHandshake(writer, document).status(), "and a reconnect is refused before the upgrade");
    }

    @Test
    void concurrentCreatesOfOneHostDoNotPassMaxSessionsPerUser() throws Exception {
        String host = user("cora");
        int attempts = 8;
        ExecutorService threads = Executors.newFixedThreadPool(attempts);
        try {
            CountDownLatch ready = new CountDownLatch(attempts);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> creates = new ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                Client own = Client.localhost(port()); // a connection each, so the requests really overlap
                creates.add(threads.submit(() -> {
                    ready.countDown();
                    assertTrue(go.await(Client.TIMEOUT.toSeconds(), TimeUnit.SECONDS));
                    return own.postJsonWithToken(
                            SESSIONS,
                            "{\"title\":\"rush\",\"visibility\":\"private\"}",
                            TestIdentityProvider.token(host));
                }));
            }
            assertTrue(ready.await(Client.TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            go.countDown();
            int createdCount = 0;
            for (Future<HttpResponse<String>> create : creates) {
                HttpResponse<String> response = create.get(Client.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                if (response.statusCode() == 201) {
                    createdCount++;
                } else {
                    assertRefused(response, 409, "too-many-sessions");
                }
            }
            assertEquals(MAX_SESSIONS_PER_USER, createdCount);
        } finally {
            threads.shutdownNow();
        }
        JsonObject history = Client.json(client.getWithToken(SESSIONS + "/history", TestIdentityProvider.token(host))
                .body());
        assertEquals(MAX_SESSIONS_PER_USER, history.getJsonArray("sessions").size());
    }

    private SyncSocket syncHandshake(String user, String document) throws InterruptedException {
        SyncSocket socket = new SyncSocket();
        URI uri = URI.create(
                "ws://localhost:" + port() + "/sync/" + document + "?access_token=" + TestIdentityProvider.token(user));
        try {
            socket.socket = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .connectTimeout(Client.TIMEOUT)
                    .buildAsync(uri, socket)
                    .get(Client.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            socket.status = 101;
            binary.add(socket.socket);
        } catch (ExecutionException | CompletionException e) {
            if (!(e.getCause() instanceof WebSocketHandshakeException handshake)) {
                throw new AssertionError("the handshake failed without an HTTP answer", e.getCause());
            }
            socket.status = handshake.getResponse().statusCode();
        } catch (TimeoutException e) {
            throw new AssertionError("no handshake answer within " + Client.TIMEOUT, e);
        }
        return socket;
    }

    private static byte[] syncUpdate(byte[] update) {
        byte[] message = new byte[update.length + 3];
        message[0] = 0; // messageSync
        message[1] = 2; // update
        message[2] = (byte) update.length; // a one-byte varuint: the update is short
        System.arraycopy(update, 0, message, 3, update.length);
        return message;
    }

    /** A raw y-websocket client: binary frames in arrival order. */
    private static final class SyncSocket implements WebSocket.Listener {
        private static final int MESSAGE_AUTH = 2;
        private static final int MESSAGE_SYNC = 0;
        private static final int SYNC_UPDATE_STEP = 2;

        /** How the server closed the socket. */
        record Close(int code, String reason) {}

        private final BlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
        private final CompletableFuture<Close> close = new CompletableFuture<>();
        private final java.io.ByteArrayOutputStream partial = new java.io.ByteArrayOutputStream();
        private WebSocket socket;
        private int status;

        int status() {
            return status;
        }

        void send(byte[] frame) {
            socket.sendBinary(ByteBuffer.wrap(frame), true).join();
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            partial.writeBytes(bytes);
            if (last) {
                frames.add(partial.toByteArray());
                partial.reset();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            close.complete(new Close(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            close.completeExceptionally(error);
        }

        /** The server's close, waiting for it (frames still queued before it are skipped). */
        Close closed() throws InterruptedException {
            try {
                return close.get(Client.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new AssertionError("the socket was not closed within " + Client.TIMEOUT, e);
            }
        }

        byte[] next() throws InterruptedException {
            byte[] frame = frames.poll(Client.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (frame == null) {
                throw new AssertionError("no frame within " + Client.TIMEOUT);
            }
            return frame;
        }

        /** The next sync update (the echo of one), skipping awareness and other frames. */
        byte[] nextUpdate() throws InterruptedException {
            while (true) {
                byte[] frame = next();
                if (frame[0] == MESSAGE_SYNC && frame[1] == SYNC_UPDATE_STEP) {
                    return frame;
                }
            }
        }

        /** The reason of the next permission-denied message. */
        String nextDenial() throws InterruptedException {
            while (true) {
                byte[] frame = next();
                if (frame[0] == MESSAGE_AUTH) {
                    // messageAuth, permission denied (0), then a varstring: its length fits one byte here.
                    return new String(frame, 3, frame[2], StandardCharsets.UTF_8);
                }
            }
        }
    }
}
