package org.guildhall.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The signaling protocol with real WebSocket clients against the built WARs: the seeds' room messages, y-webrtc's
 * topics, every refusal, the limits (small ones set by {@link TestIdentityProvider}), dead peers, and the REST calls.
 */
class SignalingIT extends OnPayaraMicro {

    private Client client;
    private final List<Client.Handshake> open = new ArrayList<>();
    private final String room = "room-" + UUID.randomUUID();

    @BeforeEach
    void connectOverLoopback() {
        client = Client.localhost(port());
    }

    @AfterEach
    void closeSockets() {
        open.stream().filter(socket -> !socket.messages().isClosed()).forEach(Client.Handshake::close);
    }

    private Client.Handshake peer(String user, String... groups) throws InterruptedException {
        Client.Handshake socket =
                client.connect("/signaling/?access_token=" + TestIdentityProvider.token(user, groups), Map.of());
        assertTrue(socket.accepted(), "status " + socket.status());
        open.add(socket);
        return socket;
    }

    private static void send(Client.Handshake socket, String json) {
        socket.socket().sendText(json, true).join();
    }

    private static JsonObject join(Client.Handshake socket, String room, String peerId) throws InterruptedException {
        send(
                socket,
                "{\"type\":\"join\",\"room\":\"" + room + "\",\"peerId\":\"" + peerId + "\",\"metadata\":{\"name\":\""
                        + peerId + "\"}}");
        return socket.messages().next("joined");
    }

    @Test
    void peersJoinSeeEachOtherSignalAndLeave() throws Exception {
        Client.Handshake alice = peer("alice");
        Client.Handshake bob = peer("bob");
        JsonObject first = join(alice, room, "a");
        assertEquals(0, first.getJsonArray("peers").size());

        JsonObject second = join(bob, room, "b");
        assertEquals("a", second.getJsonArray("peers").getJsonObject(0).getString("peerId"));
        assertEquals("alice", second.getJsonArray("peers").getJsonObject(0).getString("userId"));
        JsonObject arrived = alice.messages().next("peer-joined");
        assertEquals("bob", arrived.getString("userId"));
        assertEquals("b", arrived.getJsonObject("metadata").getString("name"));

        send(
                bob,
                "{\"type\":\"signal\",\"to\":\"a\",\"from\":\"spoofed\",\"signal\":{\"type\":\"offer\",\"sdp\":\"v=0\"}}");
        JsonObject offer = alice.messages().next("signal");
        assertEquals("b", offer.getString("from"), "the server names the sender, not the message");
        assertEquals("v=0", offer.getJsonObject("signal").getString("sdp"));

        send(bob, "{\"type\":\"leave\",\"room\":\"" + room + "\"}");
        assertEquals("b", alice.messages().next("peer-left").getString("peerId"));
        bob.close();
        alice.close();
    }

    @Test
    void aUserIdInTheMessageIsIgnored() throws Exception {
        Client.Handshake alice = peer("alice");
        Client.Handshake mallory = peer("mallory");
        join(alice, room, "a");

        send(mallory, "{\"type\":\"join\",\"room\":\"" + room + "\",\"peerId\":\"m\",\"userId\":\"alice\"}");

        assertEquals("mallory", alice.messages().next("peer-joined").getString("userId"));
    }

    @Test
    void aSocketInTwoRoomsSignalsInBothButNobodySignalsIntoARoomTheyAreNotIn() throws Exception {
        Client.Handshake hub = peer("alice");
        Client.Handshake left = peer("bob");
        Client.Handshake right = peer("carol");
        join(hub, room + "-1", "hub");
        join(hub, room + "-2", "hub");
        join(left, room + "-1", "left");
        join(right, room + "-2", "right");

        send(hub, "{\"type\":\"signal\",\"to\":\"left\",\"signal\":{\"n\":1}}");
        send(hub, "{\"type\":\"signal\",\"to\":\"right\",\"signal\":{\"n\":2}}");
        assertEquals(1, left.messages().next("signal").getJsonObject("signal").getInt("n"));
        assertEquals(2, right.messages().next("signal").getJsonObject("signal").getInt("n"));

        send(left, "{\"type\":\"signal\",\"to\":\"right\",\"signal\":{\"n\":3}}");
        assertEquals("peer-not-found", left.messages().next("error").getString("code"));
        send(left, "{\"type\":\"signal\",\"to\":\"hub\",\"room\":\"" + room + "-2\",\"signal\":{\"n\":4}}");
        assertEquals("not-in-room", left.messages().next("error").getString("code"));
    }

    @Test
    void aFullRoomRefusesTheNextPeerAndTakenPeerIdsAreRefused() throws Exception {
        List<Client.Handshake> members = new ArrayList<>();
        for (int i = 0; i < TestIdentityProvider.MAX_ROOM_SIZE; i++) {
            Client.Handshake member = peer("user" + i);
            join(member, room, "p" + i);
            members.add(member);
        }
        Client.Handshake late = peer("late");

        send(late, "{\"type\":\"join\",\"room\":\"" + room + "\",\"peerId\":\"p0\"}");
        assertEquals("peer-id-taken", late.messages().next("error").getString("code"));
        send(late, "{\"type\":\"join\",\"room\":\"" + room + "\",\"peerId\":\"late\"}");
        JsonObject full = late.messages().next("error");
        assertEquals("room-full", full.getString("code"));
        assertFalse(late.messages().isClosed(), "a refused message keeps the socket open");
        assertEquals("{\"type\":\"pong\"}", late.exchange("{\"type\":\"ping\"}"));
    }

    @Test
    void badMessagesAreAnsweredWithErrorsAndTheSocketStaysOpen() throws Exception {
        Client.Handshake alice = peer("alice");

        for (String[] bad : new String[][] {
            {"{not json", "bad-message"},
            {"{\"type\":\"teleport\"}", "unknown-type"},
            {"{\"type\":\"join\",\"room\":\"r\"}", "bad-message"},
            {"{\"type\":\"signal\",\"to\":\"x\",\"signal\":{}}", "not-in-room"},
            {"{\"type\":\"publish\",\"topic\":\"t\",\"data\":1}", "not-subscribed"}
        }) {
            send(alice, bad[0]);
            assertEquals(bad[1], alice.messages().next("error").getString("code"), bad[0]);
        }
        assertEquals("{\"type\":\"pong\"}", alice.exchange("{\"type\":\"ping\"}"));
    }

    @Test
    void aFrameOverTheLimitClosesTheSocketWith1009AndOthersAreUndisturbed() throws Exception {
        Client.Handshake alice = peer("alice");
        Client.Handshake bob = peer("bob");
        join(alice, room, "a");
        join(bob, room, "b");
        alice.messages().next("peer-joined");

        send(bob, "{\"type\":\"signal\",\"to\":\"a\",\"signal\":\"" + "x".repeat(70 * 1024) + "\"}");

        assertEquals(1009, bob.messages().closeCode());
        assertEquals("b", alice.messages().next("peer-left").getString("peerId"));
        assertEquals("{\"type\":\"pong\"}", alice.exchange("{\"type\":\"ping\"}"));
    }

    @Test
    void aFloodIsRateLimitedWithoutClosingTheSocket() throws Exception {
        Client.Handshake alice = peer("alice");
        int sent = TestIdentityProvider.MESSAGES_PER_SECOND * 3;

        for (int i = 0; i < sent; i++) {
            send(alice, "{\"type\":\"ping\"}");
        }

        int limited = 0;
        for (int i = 0; i < sent; i++) {
            if (Client.json(alice.messages().next()).getString("type").equals("error")) {
                limited++;
            }
        }
        assertTrue(limited > 0, "some of " + sent + " pings in a burst are refused");
        assertFalse(alice.messages().isClosed());
    }

    @Test
    void aPeerThatStopsAnsweringIsAnnouncedAsLeft() throws Exception {
        Client.Handshake alice = peer("alice");
        join(alice, room, "a");
        try (Socket silent = rawHandshake("/signaling/?access_token=" + TestIdentityProvider.token("ghost"))) {
            OutputStream out = silent.getOutputStream();
            out.write(maskedTextFrame("{\"type\":\"join\",\"room\":\"" + room + "\",\"peerId\":\"ghost\"}"));
            out.flush();
            assertEquals("ghost", alice.messages().next("peer-joined").getString("peerId"));

            // The ghost never reads and never answers a ping: within two heartbeats it is gone.
            assertEquals("ghost", alice.messages().next("peer-left").getString("peerId"));
            // Alice answered the same pings (the client library pongs by itself) and is still served.
            assertEquals("{\"type\":\"pong\"}", alice.exchange("{\"type\":\"ping\"}"));
        }
    }

    @Test
    void invitesReachTheTargetAndAreLimitedPerHour() throws Exception {
        Client.Handshake alice = peer("inviter-" + UUID.randomUUID());
        Client.Handshake bob = peer("bob");
        join(alice, room, "a");
        String invite = "{\"type\":\"invite\",\"targetUserId\":\"%s\",\"roomId\":\"" + room
                + "\",\"sessionInfo\":{\"title\":\"Design review\"}}";

        send(alice, String.format(invite, "bob"));
        JsonObject received = bob.messages().next("invite");
        assertEquals(room, received.getString("roomId"));
        assertEquals("Design review", received.getJsonObject("sessionInfo").getString("title"));
        assertTrue(alice.messages().next("invite-sent").getBoolean("delivered"));

        send(alice, String.format(invite, "nobody-online"));
        JsonObject offline = alice.messages().next("invite-sent");
        assertFalse(offline.getBoolean("delivered"));
        assertEquals("offline", offline.getString("reason"));

        for (int i = 2; i < TestIdentityProvider.INVITES_PER_HOUR; i++) {
            send(alice, String.format(invite, "bob"));
            alice.messages().next("invite-sent");
        }
        send(alice, String.format(invite, "bob"));
        assertEquals("rate-limited", alice.messages().next("error").getString("code"));
    }

    @Test
    void yWebrtcTopicsPublishToSubscribersWithTheClientCount() throws Exception {
        Client.Handshake alice = peer("alice");
        Client.Handshake bob = peer("bob");
        String topic = "doc-" + UUID.randomUUID();
        send(alice, "{\"type\":\"subscribe\",\"topics\":[\"" + topic + "\"]}");
        send(alice, "{\"type\":\"subscribe\",\"topics\":[\"" + topic + "\"]}");
        send(bob, "{\"type\":\"subscribe\",\"topics\":[\"" + topic + "\"]}");
        // A ping round trip per socket: the subscriptions are in place once the pongs arrive.
        alice.exchange("{\"type\":\"ping\"}");
        bob.exchange("{\"type\":\"ping\"}");

        send(alice, "{\"type\":\"publish\",\"topic\":\"" + topic + "\",\"data\":\"b64-encrypted==\"}");

        JsonObject atBob = bob.messages().next("publish");
        assertEquals("b64-encrypted==", atBob.getString("data"));
        assertEquals(2, atBob.getInt("clients"));
        assertEquals("b64-encrypted==", alice.messages().next("publish").getString("data"), "echoed to the sender");

        send(bob, "{\"type\":\"unsubscribe\",\"topics\":[\"" + topic + "\"]}");
        bob.exchange("{\"type\":\"ping\"}");
        send(bob, "{\"type\":\"publish\",\"topic\":\"" + topic + "\",\"data\":\"x\"}");
        assertEquals("not-subscribed", bob.messages().next("error").getString("code"));
    }

    @Test
    void administratorsSeeRoomsAndRemovePeersOthersMayNot() throws Exception {
        Client.Handshake alice = peer("alice");
        Client.Handshake bob = peer("bob");
        join(alice, room, "a");
        join(bob, room, "b");
        String admin = TestIdentityProvider.token("root", "admin");

        HttpResponse<String> listing = client.getWithToken("/signaling/api/rooms", admin);
        assertEquals(200, listing.statusCode(), listing.body());
        assertTrue(listing.body().contains("\"room\":\"" + room + "\""), listing.body());
        assertTrue(listing.body().contains("\"userId\":\"bob\""), listing.body());
        assertEquals(
                403,
                client.getWithToken("/signaling/api/rooms", TestIdentityProvider.token("alice"))
                        .statusCode());

        HttpResponse<String> removed = client.send("DELETE", "/signaling/api/rooms/" + room + "/peers/b", admin);
        assertEquals(204, removed.statusCode(), removed.body());
        assertEquals(room, bob.messages().next("removed").getString("room"));
        assertEquals("b", alice.messages().next("peer-left").getString("peerId"));

        assertEquals(
                204,
                client.send("DELETE", "/signaling/api/rooms/" + room, admin).statusCode());
        assertEquals(room, alice.messages().next("room-closed").getString("room"));
        assertEquals(
                404,
                client.send("DELETE", "/signaling/api/rooms/" + room, admin).statusCode());
    }

    @Test
    void turnCredentialsFollowTheTurnRestScheme() throws Exception {
        HttpResponse<String> response = client.getWithToken("/signaling/api/turn", TestIdentityProvider.token("alice"));

        assertEquals(200, response.statusCode(), response.body());
        JsonObject turn = Client.json(response.body());
        String username = turn.getString("username");
        long expiry = Long.parseLong(username.substring(0, username.indexOf(':')));
        assertEquals("alice", username.substring(username.indexOf(':') + 1));
        assertTrue(Math.abs(expiry - Instant.now().getEpochSecond() - turn.getInt("ttl")) < 60);
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(TestIdentityProvider.TURN_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        assertEquals(
                Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8))),
                turn.getString("credential"));
        assertEquals("turn:127.0.0.1:3478", turn.getJsonArray("urls").getString(0));
        assertEquals(401, client.get("/signaling/api/turn").statusCode());
    }

    @Test
    void metricsCountMessagesByTypeAndErrorsByCode() throws Exception {
        Client.Handshake alice = peer("alice");
        join(alice, room, "a");
        send(alice, "{\"type\":\"teleport\"}");
        alice.messages().next("error");

        String metrics = client.get("/metrics?scope=application", Map.of("Accept", "text/plain"))
                .body();

        assertTrue(metrics.contains("signaling_messages_total{mp_scope=\"application\",type=\"join\"}"), metrics);
        assertTrue(metrics.contains("signaling_errors_total{code=\"unknown-type\""), metrics);
        assertTrue(metrics.contains("signaling_rooms"), metrics);
    }

    /** A WebSocket client that completes the handshake and then never reads or answers again. */
    private Socket rawHandshake(String path) throws Exception {
        Socket socket = new Socket("localhost", port());
        String key = Base64.getEncoder()
                .encodeToString(UUID.randomUUID().toString().substring(0, 16).getBytes());
        String request = "GET " + path + " HTTP/1.1\r\nHost: localhost:" + port()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("the server closed during the handshake: " + head);
            }
            head.append((char) b);
        }
        assertTrue(head.toString().startsWith("HTTP/1.1 101"), head.toString());
        return socket;
    }

    private static byte[] maskedTextFrame(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        if (payload.length > 125) {
            throw new IllegalArgumentException("short frames only");
        }
        byte[] mask = {1, 2, 3, 4};
        byte[] frame = new byte[2 + 4 + payload.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | payload.length);
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        return frame;
    }
}
