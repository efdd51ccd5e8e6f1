package org.guildhall.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The community.json the server hosts ({@link TestIdentityProvider#TEST_COMMUNITY}): served with this deployment's
 * servers, and obeyed by every service — bans, moderators, room size, invites per hour, notification channels and
 * retention — including after the file is changed while the server runs. A test that changes the file puts the
 * original back and waits until every service has read it again, so other suites never see the change.
 */
class CommunityIT extends OnPayaraMicro {

    private static final String COMMUNITY_ID = "guildhall-system-tests";
    private static final String BANNED = "mallory-banned";
    private static final String MODERATOR = "molly-moderator";
    private static final int PERSIST_DAYS = 30;
    private static final String BANNED_LIST = "\"bannedUsers\": [";

    /** Far more than the server's reload interval (0.2 s), far less than a test's patience. */
    private static final Duration RELOAD_TIMEOUT = Duration.ofSeconds(20);

    /** Each service, by the socket a marker user opens to learn whether that service has re-read the file. */
    private static final List<String> SOCKETS = List.of("/signaling/", "/sync/community-it", "/notifications/");

    private Client client;
    private final List<Client.Handshake> open = new ArrayList<>();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    /** The community file as this test has changed it, and how many times. */
    private String community;

    private int changes;

    @BeforeEach
    void connectOverLoopback() throws IOException {
        client = Client.localhost(port());
        community = original();
    }

    @AfterEach
    void closeSocketsAndRestoreTheCommunity() throws Exception {
        open.stream().filter(socket -> !socket.messages().isClosed()).forEach(Client.Handshake::close);
        if (changes > 0) {
            Files.write(TestIdentityProvider.communityFile(), original().getBytes(StandardCharsets.UTF_8));
            // The last change banned this marker; once no service refuses it, all three have read the original.
            for (String socket : SOCKETS) {
                awaitHandshake(socket, marker(), 101);
            }
        }
    }

    private String user(String name) {
        return name + "-" + run;
    }

    /** The marker user the latest change bans, so a refused handshake shows a service has read that change. */
    private String marker() {
        return user("reload-marker-" + changes);
    }

    private static String original() throws IOException {
        try (InputStream in = CommunityIT.class.getResourceAsStream(TestIdentityProvider.TEST_COMMUNITY)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * Changes the community file ({@code from} → {@code to}, on top of this test's earlier changes), bans a new
     * marker user with it, and waits until each of {@code services} (socket paths) refuses the marker: from then on
     * that service enforces the whole changed file.
     */
    private void changeCommunity(String from, String to, List<String> services) throws Exception {
        writeCommunity(from, to);
        for (String socket : services) {
            awaitHandshake(socket, marker(), 403);
        }
    }

    /** Changes the community file as {@link #changeCommunity} does, without waiting for any service to read it. */
    private void writeCommunity(String from, String to) throws IOException {
        assertTrue(community.contains(from), "the community file contains " + from);
        changes++;
        community = community.replace(from, to).replace(BANNED_LIST, BANNED_LIST + "\"" + marker() + "\", ");
        Files.write(TestIdentityProvider.communityFile(), community.getBytes(StandardCharsets.UTF_8));
    }

    /** Opens sockets as {@code user} until one is answered with {@code status}, as a service re-reads the file. */
    private void awaitHandshake(String path, String user, int status) throws Exception {
        long deadline = System.nanoTime() + RELOAD_TIMEOUT.toNanos();
        int last;
        do {
            Client.Handshake handshake = connect(path, user);
            last = handshake.status();
            handshake.close();
            if (last == status) {
                return;
            }
        } while (System.nanoTime() - deadline < 0);
        throw new AssertionError(path + " answered " + user + " with " + last + ", not " + status + ", for "
                + RELOAD_TIMEOUT + " after the community file changed");
    }

    private Client.Handshake connect(String path, String user, String... groups) throws InterruptedException {
        String separator = path.contains("?") ? "&" : "?";
        return client.connect(path + separator + "access_token=" + TestIdentityProvider.token(user, groups), Map.of());
    }

    private Client.Handshake peer(String user, String... groups) throws InterruptedException {
        Client.Handshake socket = connect("/signaling/", user, groups);
        assertTrue(socket.accepted(), "status " + socket.status());
        open.add(socket);
        return socket;
    }

    private static void send(Client.Handshake socket, String json) {
        socket.socket().sendText(json, true).join();
    }

    private static JsonObject join(Client.Handshake socket, String room, String peerId) throws InterruptedException {
        send(socket, "{\"type\":\"join\",\"room\":\"" + room + "\",\"peerId\":\"" + peerId + "\"}");
        return socket.messages().next("joined");
    }

    @Test
    void communityJsonIsServedWithThisDeploymentsServersWhoseUrlsAnswer() throws Exception {
        HttpResponse<String> served = client.get("/notifications/community.json");

        assertEquals(200, served.statusCode(), served.body());
        assertTrue(served.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonObject community = Client.json(served.body());
        assertEquals(COMMUNITY_ID, community.getJsonObject("community").getString("id"));
        assertEquals(
                3,
                community
                        .getJsonObject("features")
                        .getJsonObject("collaboration")
                        .getInt("maxSessionSize"));
        JsonObject servers = community.getJsonObject("servers");
        String ws = "ws://localhost:" + port();
        assertEquals(ws + "/signaling/", servers.getJsonObject("signaling").getString("url"));
        assertEquals(ws + "/sync", servers.getJsonObject("sync").getString("url"));
        assertEquals(
                ws + "/notifications/", servers.getJsonObject("notifications").getString("url"));
        for (String service : List.of("signaling", "sync", "notifications")) {
            String health = servers.getJsonObject(service).getString("healthCheck");
            assertEquals("http://localhost:" + port() + "/health/ready", health);
            HttpResponse<String> ready = client.get(health);
            assertEquals(200, ready.statusCode(), service + "'s health check answers: " + ready.body());
        }

        // The socket URLs are the real endpoints: a client that takes them from the file gets in.
        String token = TestIdentityProvider.token(user("newcomer"));
        for (String url : List.of(
                servers.getJsonObject("signaling").getString("url"),
                servers.getJsonObject("sync").getString("url") + "/" + user("doc"),
                servers.getJsonObject("notifications").getString("url"))) {
            Client.Handshake socket = client.connect(url + "?access_token=" + token, Map.of());
            assertTrue(socket.accepted(), url + " answered " + socket.status());
            open.add(socket);
        }
        JsonObject turn = servers.getJsonObject("turn");
        assertEquals("turn:127.0.0.1:3478", turn.getJsonArray("urls").getString(0));
        HttpResponse<String> credentials = client.getWithToken(turn.getString("credentialsUrl"), token);
        assertEquals(200, credentials.statusCode(), credentials.body());
        assertTrue(Client.json(credentials.body()).containsKey("credential"));
    }

    @Test
    void theSchemaIsServedForOperatorsToCheckTheirFile() throws Exception {
        HttpResponse<String> schema = client.get("/notifications/community.schema.json");

        assertEquals(200, schema.statusCode(), schema.body());
        JsonObject document = Client.json(schema.body());
        assertEquals("Guildhall community.json", document.getString("title"));
        assertTrue(document.getJsonObject("properties").containsKey("moderation"));
    }

    @Test
    void aBannedUserIsRefusedAtEveryHandshakeAndEveryRestCall() throws Exception {
        for (String socket : SOCKETS) {
            Client.Handshake refused = connect(socket, BANNED);
            assertEquals(403, refused.status(), socket);
            Client.Handshake welcome = connect(socket, user("welcome"));
            assertTrue(welcome.accepted(), socket + " answered an ordinary user " + welcome.status());
            open.add(welcome);
        }
        String token = TestIdentityProvider.token(BANNED, "admin");
        for (String call : List.of("/signaling/api/turn", "/sync/api/documents/anything", "/notifications/api/me")) {
            HttpResponse<String> refused = client.getWithToken(call, token);
            assertEquals(403, refused.statusCode(), call + ": " + refused.body());
            JsonObject error = Client.json(refused.body());
            assertEquals("banned", error.getString("code"), call);
            assertTrue(
                    error.getString("error").startsWith(BANNED + " is banned from the community"),
                    error.getString("error"));
        }
        assertEquals(
                200,
                client.getWithToken("/notifications/api/me", TestIdentityProvider.token(user("welcome")))
                        .statusCode());
    }

    @Test
    void aListedModeratorClosesRoomsAndRemovesPeersAnOrdinaryUserMayNot() throws Exception {
        String room = user("room");
        Client.Handshake alice = peer(user("alice"));
        Client.Handshake bob = peer(user("bob"));
        join(alice, room, "a");
        join(bob, room, "b");
        String ordinary = TestIdentityProvider.token(user("carol"));
        String moderator = TestIdentityProvider.token(MODERATOR);

        assertEquals(
                403,
                client.send("DELETE", "/signaling/api/rooms/" + room + "/peers/b", ordinary)
                        .statusCode());
        assertEquals(
                403,
                client.send("DELETE", "/signaling/api/rooms/" + room, ordinary).statusCode());
        HttpResponse<String> listing = client.getWithToken("/signaling/api/rooms", moderator);
        assertEquals(200, listing.statusCode(), listing.body());
        assertTrue(listing.body().contains("\"room\":\"" + room + "\""), listing.body());

        HttpResponse<String> removed = client.send("DELETE", "/signaling/api/rooms/" + room + "/peers/b", moderator);
        assertEquals(204, removed.statusCode(), removed.body());
        assertEquals(room, bob.messages().next("removed").getString("room"));
        assertEquals("b", alice.messages().next("peer-left").getString("peerId"));
        assertEquals(
                204,
                client.send("DELETE", "/signaling/api/rooms/" + room, moderator).statusCode());
        assertEquals(room, alice.messages().next("room-closed").getString("room"));
    }

    @Test
    void theRoomSizeAndTheInvitesPerHourAreTheCommunitysAndFollowTheFile() throws Exception {
        changeCommunity("\"maxSessionSize\": 3", "\"maxSessionSize\": 2", List.of("/signaling/"));
        changeCommunity("\"invitesPerHour\": 3", "\"invitesPerHour\": 1", List.of("/signaling/"));
        String room = user("small-room");
        Client.Handshake first = peer(user("first"));
        Client.Handshake second = peer(user("second"));
        Client.Handshake third = peer(user("third"));
        join(first, room, "p1");
        join(second, room, "p2");

        send(third, "{\"type\":\"join\",\"room\":\"" + room + "\",\"peerId\":\"p3\"}");
        JsonObject full = third.messages().next("error");
        assertEquals("room-full", full.getString("code"));
        assertTrue(full.getString("error").contains("(2 peers)"), full.getString("error"));

        String invite = "{\"type\":\"invite\",\"targetUserId\":\"" + user("second") + "\",\"roomId\":\"" + room + "\"}";
        send(first, invite);
        assertTrue(first.messages().next("invite-sent").getBoolean("delivered"));
        send(first, invite);
        JsonObject limited = first.messages().next("error");
        assertEquals("rate-limited", limited.getString("code"));
        assertEquals("at most 1 invites per hour", limited.getString("error"));
    }

    @Test
    void aChannelTheCommunityHasOffIsNotDeliveredButSystemAnnouncementsAre() throws Exception {
        changeCommunity(
                "\"channels\": [\"invites\", \"discussions\", \"sessions\", \"components\"]",
                "\"channels\": [\"sessions\", \"components\"]",
                List.of("/signaling/", "/notifications/"));
        String alice = user("alice");
        String bob = user("bob");
        String mention = "{\"targetUserId\":\"" + bob
                + "\",\"notificationType\":\"mention\",\"data\":{\"location\":\"#general\"}}";

        HttpResponse<String> refused = client.postJsonWithToken(
                "/notifications/api/notifications", mention, TestIdentityProvider.token(alice));
        assertEquals(403, refused.statusCode(), refused.body());
        JsonObject error = Client.json(refused.body());
        assertEquals("channel-disabled", error.getString("code"));
        assertTrue(error.getString("error").contains("discussions channel is off"), error.getString("error"));

        Client.Handshake device = connect("/notifications/", alice);
        open.add(device);
        send(
                device,
                "{\"type\":\"send-notification\",\"targetUserId\":\"" + bob
                        + "\",\"notificationType\":\"invite\",\"data\":{\"sessionTitle\":\"Design review\"}}");
        assertEquals("channel-disabled", device.messages().next("error").getString("code"));

        HttpResponse<String> announcement = client.postJsonWithToken(
                "/notifications/api/notifications",
                "{\"targetUserId\":\"" + bob
                        + "\",\"notificationType\":\"system\",\"data\":{\"message\":\"Maintenance tonight\"}}",
                TestIdentityProvider.token(user("root"), "admin"));
        assertEquals(201, announcement.statusCode(), announcement.body());

        // An invite to someone offline would be stored as an invite notification: not while invites are off.
        String room = user("room");
        Client.Handshake inviter = peer(alice);
        join(inviter, room, "a");
        send(inviter, "{\"type\":\"invite\",\"targetUserId\":\"" + user("offline") + "\",\"roomId\":\"" + room + "\"}");
        JsonObject sent = inviter.messages().next("invite-sent");
        assertFalse(sent.getBoolean("delivered"));
        assertFalse(sent.getBoolean("stored"));
        assertEquals("channel-disabled", sent.getJsonObject("notStored").getString("code"));
    }

    @Test
    void notificationsAreKeptForTheCommunitysPersistDays() throws Exception {
        String admin = TestIdentityProvider.token(user("root"), "admin");
        String bob = user("bob");

        assertEquals(Duration.ofDays(PERSIST_DAYS), lifetimeOfANewNotification(admin, bob));

        changeCommunity("\"persistDays\": 30", "\"persistDays\": 7", List.of("/notifications/"));
        assertEquals(Duration.ofDays(7), lifetimeOfANewNotification(admin, bob));
    }

    private Duration lifetimeOfANewNotification(String admin, String target) throws Exception {
        HttpResponse<String> sent = client.postJsonWithToken(
                "/notifications/api/notifications",
                "{\"targetUserId\":\"" + target + "\",\"notificationType\":\"system\",\"data\":{\"message\":\"Hi\"}}",
                admin);
        assertEquals(201, sent.statusCode(), sent.body());
        long id = Client.json(sent.body()).getJsonNumber("notificationId").longValue();
        HttpResponse<String> inbox =
                client.getWithToken("/notifications/api/notifications", TestIdentityProvider.token(target));
        for (JsonObject notification :
                Client.json(inbox.body()).getJsonArray("notifications").getValuesAs(JsonObject.class)) {
            if (notification.getJsonNumber("id").longValue() == id) {
                return Duration.between(
                        OffsetDateTime.parse(notification.getString("createdAt")),
                        OffsetDateTime.parse(notification.getString("expiresAt")));
            }
        }
        throw new AssertionError("notification " + id + " is not in " + inbox.body());
    }

    @Test
    void aBanAddedToTheFileTakesEffectAndABrokenFileKeepsTheCommunityInForce() throws Exception {
        String carol = user("carol");
        Client.Handshake before = connect("/notifications/", carol);
        assertTrue(before.accepted());
        before.close();

        changeCommunity(
                "\"bannedUsers\": [\"" + BANNED + "\"]",
                "\"bannedUsers\": [\"" + BANNED + "\", \"" + carol + "\"]",
                SOCKETS);
        for (String socket : SOCKETS) {
            assertEquals(403, connect(socket, carol).status(), socket);
        }

        // A broken file (that would also lift carol's ban) is ignored: the ban stays for many reload intervals,
        // each of which looks at the file again because requests keep arriving.
        Files.writeString(TestIdentityProvider.communityFile(), "{\"version\": \"1.0.0\", \"bannedUsers\": [");
        long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() - until < 0) {
            assertEquals(403, connect("/notifications/", carol).status(), "the last valid community stays in force");
        }
        HttpResponse<String> served = client.get("/notifications/community.json");
        assertEquals(200, served.statusCode());
        assertTrue(served.body().contains(carol), "the last valid community is served");
    }

    @Test
    void aUserBannedWhileConnectedHasEverySocketClosedAndTheirRoomHearsThemLeave() throws Exception {
        String dora = user("dora");
        String erin = user("erin");
        String room = user("ban-room");
        Client.Handshake doraSignaling = peer(dora);
        Client.Handshake erinSignaling = peer(erin);
        join(doraSignaling, room, "d");
        join(erinSignaling, room, "e");
        Client.Handshake doraSync = connect("/sync/community-it-" + run, dora);
        Client.Handshake doraInbox = connect("/notifications/", dora);
        for (Client.Handshake socket : List.of(doraSync, doraInbox)) {
            assertTrue(socket.accepted(), "status " + socket.status());
            open.add(socket);
        }

        // Nobody makes a request after the change: the services must find the ban by themselves.
        writeCommunity(
                "\"bannedUsers\": [\"" + BANNED + "\"]", "\"bannedUsers\": [\"" + BANNED + "\", \"" + dora + "\"]");

        for (Client.Handshake socket : List.of(doraSignaling, doraSync, doraInbox)) {
            assertEquals(1008, socket.messages().closeCode());
            assertEquals(
                    dora + " is banned from this community", socket.messages().closeReason());
        }
        JsonObject left = erinSignaling.messages().next("peer-left");
        assertEquals("d", left.getString("peerId"));
        assertEquals(room, left.getString("room"));
        send(erinSignaling, "{\"type\":\"ping\"}");
        erinSignaling.messages().next("pong");
        assertFalse(erinSignaling.messages().isClosed(), "the other peer stays connected");
    }
}
