package org.guildhall.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Notifications with real clients: the seed's socket messages, the REST mirror, two devices of one user, users
 * kept apart, offline invites from signaling, expiry and bad input. Users are named per test so tests never share.
 */
class NotificationsIT extends OnPayaraMicro {

    private Client client;
    private final List<Client.Handshake> open = new ArrayList<>();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void connectOverLoopback() {
        client = Client.localhost(port());
    }

    @AfterEach
    void closeSockets() {
        open.forEach(Client.Handshake::close);
    }

    private String user(String name) {
        return name + "-" + run;
    }

    private Client.Handshake device(String user, String... groups) throws InterruptedException {
        Client.Handshake socket =
                client.connect("/notifications/?access_token=" + TestIdentityProvider.token(user, groups), Map.of());
        assertTrue(socket.accepted(), "status " + socket.status());
        open.add(socket);
        // The seed's client authenticates first; once answered, this device is registered for live delivery.
        socket.socket()
                .sendText("{\"type\":\"authenticate\",\"userId\":\"ignored\"}", true)
                .join();
        assertEquals(user, socket.messages().next("authenticated").getString("userId"));
        socket.messages().next("notifications");
        return socket;
    }

    private static void send(Client.Handshake socket, String json) {
        socket.socket().sendText(json, true).join();
    }

    private static String mention(String target, String extraData) {
        return "{\"type\":\"send-notification\",\"targetUserId\":\"" + target
                + "\",\"notificationType\":\"mention\",\"data\":{\"location\":\"#general\"" + extraData + "}}";
    }

    private long unreadCount(String user) throws Exception {
        HttpResponse<String> count =
                client.getWithToken("/notifications/api/notifications/unread-count", TestIdentityProvider.token(user));
        assertEquals(200, count.statusCode(), count.body());
        return Client.json(count.body()).getJsonNumber("count").longValue();
    }

    @Test
    void aNotificationReachesEveryDeviceOfItsTargetAfterItIsStoredAndTheSenderIsStamped() throws Exception {
        String alice = user("alice");
        String bob = user("bob");
        Client.Handshake sender = device(alice);
        Client.Handshake laptop = device(bob);
        Client.Handshake phone = device(bob);

        send(sender, mention(bob, ",\"from\":\"the-ceo\""));

        long id = sender.messages()
                .next("notification-sent")
                .getJsonNumber("notificationId")
                .longValue();
        for (Client.Handshake device : List.of(laptop, phone)) {
            JsonObject live = device.messages().next("notification").getJsonObject("notification");
            assertEquals(id, live.getJsonNumber("id").longValue());
            assertEquals("mention", live.getString("type"));
            assertEquals(bob, live.getString("userId"));
            assertEquals(alice, live.getString("fromUserId"));
            assertEquals(alice, live.getJsonObject("data").getString("from"), "nobody sends in another's name");
            assertEquals("Someone mentioned you", live.getString("title"));
            assertEquals(alice + " mentioned you in #general", live.getString("message"));
            assertFalse(live.getBoolean("read"));
        }
        assertEquals(1, unreadCount(bob));

        send(laptop, "{\"type\":\"mark-read\",\"notificationId\":" + id + "}");
        for (Client.Handshake device : List.of(laptop, phone)) {
            JsonObject updated = device.messages().next("notification-updated").getJsonObject("notification");
            assertEquals(id, updated.getJsonNumber("id").longValue());
            assertTrue(updated.getBoolean("read"));
            assertTrue(updated.containsKey("readAt"));
        }
        assertEquals(0, unreadCount(bob));

        send(phone, "{\"type\":\"delete-notification\",\"notificationId\":" + id + "}");
        assertEquals(
                id,
                laptop.messages()
                        .next("notification-deleted")
                        .getJsonNumber("notificationId")
                        .longValue());
        assertEquals(
                id,
                phone.messages()
                        .next("notification-deleted")
                        .getJsonNumber("notificationId")
                        .longValue());
    }

    @Test
    void nobodyReadsMarksOrDeletesAnotherUsersNotification() throws Exception {
        String bob = user("bob");
        String mallory = user("mallory");
        Client.Handshake sender = device(user("alice"));
        send(sender, mention(bob, ""));
        long id = sender.messages()
                .next("notification-sent")
                .getJsonNumber("notificationId")
                .longValue();
        Client.Handshake thief = device(mallory);
        String malloryToken = TestIdentityProvider.token(mallory);

        send(thief, "{\"type\":\"mark-read\",\"notificationId\":" + id + "}");
        assertEquals("not-found", thief.messages().next("error").getString("code"));
        send(thief, "{\"type\":\"delete-notification\",\"notificationId\":" + id + "}");
        assertEquals("not-found", thief.messages().next("error").getString("code"));
        assertEquals(
                404,
                client.send("POST", "/notifications/api/notifications/" + id + "/read", malloryToken)
                        .statusCode());
        assertEquals(
                404,
                client.send("DELETE", "/notifications/api/notifications/" + id, malloryToken)
                        .statusCode());
        JsonArray visible = Client.json(client.getWithToken("/notifications/api/notifications", malloryToken)
                        .body())
                .getJsonArray("notifications");
        assertEquals(0, visible.size());

        assertEquals(1, unreadCount(bob), "bob's notification is untouched");
    }

    @Test
    void pagesAreNewestFirstWithACursorAndAReconnectingClientCatchesUpWithoutDuplicates() throws Exception {
        String carol = user("carol");
        Client.Handshake sender = device(user("alice"));
        List<Long> sent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            send(sender, mention(carol, ""));
            sent.add(sender.messages()
                    .next("notification-sent")
                    .getJsonNumber("notificationId")
                    .longValue());
        }
        Client.Handshake device = device(carol);

        send(device, "{\"type\":\"get-notifications\",\"limit\":2}");
        JsonObject first = device.messages().next("notifications");
        assertEquals(List.of(sent.get(2), sent.get(1)), ids(first.getJsonArray("notifications")));
        long more = first.getJsonNumber("more").longValue();
        send(device, "{\"type\":\"get-notifications\",\"limit\":2,\"before\":" + more + "}");
        JsonObject second = device.messages().next("notifications");
        assertEquals(List.of(sent.get(0)), ids(second.getJsonArray("notifications")));
        assertEquals(JsonValue.NULL, second.get("more"));

        // Offline now: the client saw up to sent[2]; two more arrive; on reconnect it asks for what is newer.
        device.close();
        for (int i = 0; i < 2; i++) {
            send(sender, mention(carol, ""));
            sent.add(sender.messages()
                    .next("notification-sent")
                    .getJsonNumber("notificationId")
                    .longValue());
        }
        Client.Handshake back = device(carol);
        send(back, "{\"type\":\"get-notifications\",\"since\":" + sent.get(2) + "}");
        assertEquals(
                List.of(sent.get(4), sent.get(3)),
                ids(back.messages().next("notifications").getJsonArray("notifications")));

        HttpResponse<String> rest = client.getWithToken(
                "/notifications/api/notifications?limit=10&type=mention&unread=true",
                TestIdentityProvider.token(carol));
        assertEquals(
                List.of(sent.get(4), sent.get(3), sent.get(2), sent.get(1), sent.get(0)),
                ids(Client.json(rest.body()).getJsonArray("notifications")));
    }

    @Test
    void anInviteToSomeoneOfflineIsStoredAndWaitsForTheirNextConnection() throws Exception {
        String host = user("host");
        String guest = user("guest");
        Client.Handshake signaling =
                client.connect("/signaling/?access_token=" + TestIdentityProvider.token(host), Map.of());
        open.add(signaling);
        String room = "room-" + run;
        send(signaling, "{\"type\":\"join\",\"room\":\"" + room + "\",\"peerId\":\"h\"}");
        signaling.messages().next("joined");

        send(
                signaling,
                "{\"type\":\"invite\",\"targetUserId\":\"" + guest + "\",\"roomId\":\"" + room
                        + "\",\"sessionInfo\":{\"title\":\"Design review\"}}");
        JsonObject sent = signaling.messages().next("invite-sent");
        assertFalse(sent.getBoolean("delivered"));
        assertTrue(sent.getBoolean("stored"));
        long id = sent.getJsonNumber("notificationId").longValue();

        Client.Handshake later =
                client.connect("/notifications/?access_token=" + TestIdentityProvider.token(guest), Map.of());
        open.add(later);
        send(later, "{\"type\":\"authenticate\"}");
        later.messages().next("authenticated");
        JsonObject invite = later.messages()
                .next("notifications")
                .getJsonArray("notifications")
                .getJsonObject(0);
        assertEquals(id, invite.getJsonNumber("id").longValue());
        assertEquals("invite", invite.getString("type"));
        assertEquals("Collaboration Invite", invite.getString("title"));
        assertEquals(host + " invited you to collaborate on \"Design review\"", invite.getString("message"));
        assertEquals(room, invite.getJsonObject("data").getString("roomId"));
        assertEquals("join", invite.getJsonArray("actions").getJsonObject(0).getString("action"));
    }

    @Test
    void expiryRemovesOnlyExpiredNotificationsAndDevicesHearIt() throws Exception {
        String dave = user("dave");
        Client.Handshake device = device(dave);
        String admin = TestIdentityProvider.token(user("root"), "admin");
        String soon = OffsetDateTime.now().plusSeconds(2).toString();

        HttpResponse<String> shortLived = client.postJsonWithToken(
                "/notifications/api/notifications",
                "{\"targetUserId\":\"" + dave + "\",\"notificationType\":\"system\",\"expiresAt\":\"" + soon
                        + "\",\"data\":{\"message\":\"Maintenance in 5 minutes\"}}",
                admin);
        assertEquals(201, shortLived.statusCode(), shortLived.body());
        long expiring =
                Client.json(shortLived.body()).getJsonNumber("notificationId").longValue();
        HttpResponse<String> lasting = client.postJsonWithToken(
                "/notifications/api/notifications",
                "{\"targetUserId\":\"" + dave
                        + "\",\"notificationType\":\"system\",\"data\":{\"message\":\"Welcome\"}}",
                admin);
        long kept = Client.json(lasting.body()).getJsonNumber("notificationId").longValue();

        assertEquals(
                expiring,
                device.messages()
                        .next("notification-deleted")
                        .getJsonNumber("notificationId")
                        .longValue());
        List<Long> left = ids(
                Client.json(client.getWithToken("/notifications/api/notifications", TestIdentityProvider.token(dave))
                                .body())
                        .getJsonArray("notifications"));
        assertEquals(List.of(kept), left);
    }

    @Test
    void usersSendOnlyInvitesAndMentionsWithinTheHourlyLimit() throws Exception {
        String erin = user("erin");
        Client.Handshake sender = device(erin);
        String target = user("frank");

        send(
                sender,
                "{\"type\":\"send-notification\",\"targetUserId\":\"" + target
                        + "\",\"notificationType\":\"system\",\"data\":{\"message\":\"I am the admin now\"}}");
        assertEquals("forbidden", sender.messages().next("error").getString("code"));
        for (int i = 0; i < TestIdentityProvider.SENDS_PER_HOUR; i++) {
            send(sender, mention(target, ""));
            sender.messages().next("notification-sent");
        }
        send(sender, mention(target, ""));
        assertEquals("rate-limited", sender.messages().next("error").getString("code"));
        assertEquals(TestIdentityProvider.SENDS_PER_HOUR, unreadCount(target));
    }

    @Test
    void badInputGetsAClearErrorAndStoresNothing() throws Exception {
        String gina = user("gina");
        String target = user("hank");
        Client.Handshake sender = device(gina);

        for (String[] bad : new String[][] {
            {"{not json", "bad-message"},
            {
                "{\"type\":\"send-notification\",\"targetUserId\":\"" + target
                        + "\",\"notificationType\":\"party\",\"data\":{}}",
                "bad-message"
            },
            {
                "{\"type\":\"send-notification\",\"targetUserId\":\"" + target
                        + "\",\"notificationType\":\"mention\",\"data\":{}}",
                "bad-message"
            },
            {
                "{\"type\":\"send-notification\",\"notificationType\":\"mention\",\"data\":{\"location\":\"x\"}}",
                "bad-message"
            },
            {mention(target, ",\"blob\":\"" + "x".repeat(9000) + "\""), "too-large"},
            {"{\"type\":\"mark-read\",\"notificationId\":\"abc\"}", "bad-message"},
            {"{\"type\":\"dance\"}", "unknown-type"}
        }) {
            send(sender, bad[0]);
            assertEquals(bad[1], sender.messages().next("error").getString("code"), bad[0]);
        }
        assertEquals(0, unreadCount(target), "nothing was stored");

        HttpResponse<String> rest = client.postJsonWithToken(
                "/notifications/api/notifications",
                "{\"targetUserId\":\"" + target + "\",\"notificationType\":\"mention\"}",
                TestIdentityProvider.token(gina));
        assertEquals(400, rest.statusCode());
        assertTrue(Client.json(rest.body()).getString("error").contains("data.location"), rest.body());
        assertEquals(0, unreadCount(target));
    }

    @Test
    void restMirrorsTheSocket() throws Exception {
        String ivy = user("ivy");
        String token = TestIdentityProvider.token(ivy);
        Client.Handshake sender = device(user("alice"));
        List<Long> sent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            send(sender, mention(ivy, ""));
            sent.add(sender.messages()
                    .next("notification-sent")
                    .getJsonNumber("notificationId")
                    .longValue());
        }

        HttpResponse<String> read =
                client.send("POST", "/notifications/api/notifications/" + sent.get(0) + "/read", token);
        assertEquals(200, read.statusCode(), read.body());
        assertTrue(Client.json(read.body()).getBoolean("read"));
        assertEquals(2, unreadCount(ivy));
        JsonArray unread = Client.json(client.getWithToken("/notifications/api/notifications?unread=true", token)
                        .body())
                .getJsonArray("notifications");
        assertEquals(List.of(sent.get(2), sent.get(1)), ids(unread));

        assertEquals(
                204,
                client.send("DELETE", "/notifications/api/notifications/" + sent.get(1), token)
                        .statusCode());
        HttpResponse<String> all = client.send("POST", "/notifications/api/notifications/read-all", token);
        assertEquals(1, Client.json(all.body()).getInt("updated"));
        assertEquals(0, unreadCount(ivy));
        assertEquals(401, client.get("/notifications/api/notifications").statusCode());
    }

    @Test
    void administratorsBroadcastToAGroup() throws Exception {
        String group = "team-" + run;
        Client.Handshake member = device(user("jo"), group);
        Client.Handshake outsider = device(user("kim"));
        String admin = TestIdentityProvider.token(user("root"), "admin");

        HttpResponse<String> broadcast = client.postJsonWithToken(
                "/notifications/api/notifications",
                "{\"audience\":\"group:" + group
                        + "\",\"notificationType\":\"system\",\"data\":{\"message\":\"Standup moved\"}}",
                admin);
        assertEquals(201, broadcast.statusCode(), broadcast.body());
        assertEquals(1, Client.json(broadcast.body()).getInt("sent"));
        assertEquals(
                "Standup moved",
                member.messages()
                        .next("notification")
                        .getJsonObject("notification")
                        .getString("message"));

        HttpResponse<String> notAdmin = client.postJsonWithToken(
                "/notifications/api/notifications",
                "{\"audience\":\"everyone\",\"notificationType\":\"system\",\"data\":{\"message\":\"x\"}}",
                TestIdentityProvider.token(user("kim")));
        assertEquals(403, notAdmin.statusCode());
        send(outsider, "{\"type\":\"ping\"}");
        assertEquals(
                "pong", Client.json(outsider.messages().next()).getString("type"), "the outsider got nothing first");
    }

    private static List<Long> ids(JsonArray notifications) {
        List<Long> ids = new ArrayList<>();
        notifications.forEach(n -> ids.add(n.asJsonObject().getJsonNumber("id").longValue()));
        assertEquals(ids.size(), ids.stream().distinct().count(), "no duplicates");
        ids.stream().reduce((a, b) -> {
            assertNotEquals(a, b);
            return b;
        });
        return ids;
    }
}
