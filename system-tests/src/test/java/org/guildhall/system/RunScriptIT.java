package org.guildhall.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * README command 1 as a newcomer uses it: {@code ./run.sh} starts the whole server on an H2 file database in
 * development mode, says where to go and how to get a token, stops on Ctrl-C, and keeps its data for next time.
 */
class RunScriptIT {

    private static final String TOKEN_REQUEST = "{\"user\":\"alice\",\"groups\":[\"admin\"]}";

    @Test
    void theRunCommandServesEverythingStopsOnCtrlCAndKeepsItsDataAcrossARestart() throws Exception {
        Path data = RunScript.freshDataDir("run-data");
        String token;
        String firstOutput;
        long acknowledged;
        try (RunScript server = RunScript.start(data, Map.of())) {
            server.awaitLine(line -> line.startsWith("Guildhall is ready on"), RunScript.START_TIMEOUT);
            server.awaitLine(line -> line.contains("/notifications/api/dev/token"), RunScript.START_TIMEOUT);
            Client client = server.client();

            assertEquals(200, client.get("/health/ready").statusCode());

            HttpResponse<String> minted = client.postJson("/notifications/api/dev/token", TOKEN_REQUEST);
            assertEquals(200, minted.statusCode(), minted.body());
            token = Client.json(minted.body()).getString("token");

            HttpResponse<String> me = client.getWithToken("/notifications/api/me", token);
            assertEquals(200, me.statusCode(), me.body());
            JsonObject user = Client.json(me.body());
            assertEquals("alice", user.getString("user"));
            assertEquals("admin", user.getJsonArray("groups").getString(0));

            Client.Handshake byQuery = client.connect("/signaling/?access_token=" + token, Map.of());
            assertEquals("{\"type\":\"pong\"}", byQuery.exchange("{\"type\":\"ping\"}"));
            byQuery.close();
            Client.Handshake byProtocol = client.connect("/signaling/", Map.of(), "access_token", token);
            assertEquals("{\"type\":\"pong\"}", byProtocol.exchange("{\"type\":\"ping\"}"));
            byProtocol.close();
            assertEquals(
                    401,
                    client.connect("/signaling/?access_token=" + token + "x", Map.of())
                            .status());
            assertEquals(
                    401,
                    client.getWithToken("/notifications/api/me", token + "x").statusCode());

            // Acknowledged (201) before the stop: it must still be there after the restart.
            HttpResponse<String> sent = client.postJsonWithToken(
                    "/notifications/api/notifications",
                    "{\"targetUserId\":\"bob\",\"notificationType\":\"mention\",\"data\":{\"location\":\"#ops\"}}",
                    token);
            assertEquals(201, sent.statusCode(), sent.body());
            acknowledged =
                    Client.json(sent.body()).getJsonNumber("notificationId").longValue();

            server.interrupt();
            firstOutput = server.output();
        }
        assertTrue(firstOutput.contains("DEVELOPMENT MODE IS ON"), "development mode is announced loudly");
        assertNoTokenIn(firstOutput, token);

        try (RunScript again = RunScript.start(data, Map.of())) {
            again.awaitLine(line -> line.startsWith("Guildhall is ready on"), RunScript.START_TIMEOUT);

            HttpResponse<String> me = again.client().getWithToken("/notifications/api/me", token);
            assertEquals(200, me.statusCode(), "the signing key survived the restart: " + me.body());
            String bob = Client.json(again.client()
                            .postJson("/notifications/api/dev/token", "{\"user\":\"bob\"}")
                            .body())
                    .getString("token");
            HttpResponse<String> inbox = again.client().getWithToken("/notifications/api/notifications", bob);
            assertEquals(
                    acknowledged,
                    Client.json(inbox.body())
                            .getJsonArray("notifications")
                            .getJsonObject(0)
                            .getJsonNumber("id")
                            .longValue(),
                    "nothing acknowledged is lost by a restart: " + inbox.body());
            assertTrue(
                    again.output()
                            .contains("schema at version " + Schema.latestVersion()
                                    + " (0 migrations applied by this module)"),
                    "the database survived the restart");
            again.interrupt();
        }
    }

    private static void assertNoTokenIn(String output, String token) {
        String signature = token.substring(token.lastIndexOf('.') + 1);
        assertFalse(output.contains(signature), "a token appeared in the server's output");
    }
}
