package org.guildhall.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.PlainJWT;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The three built WARs on one real Payara Micro, configured like a production deployment: tokens come from the
 * test's own identity provider ({@link TestIdentityProvider}), development mode is off, and the database is the
 * one the environment names (H2 by default; PostgreSQL when .ci/run sets GUILDHALL_DB_URL).
 */
class FoundationIT extends OnPayaraMicro {

    private Client client;

    @BeforeEach
    void connectOverLoopback() {
        // Arquillian reports the machine's outward address; the server is tested over loopback.
        client = Client.localhost(port());
    }

    @Test
    void readinessIsUpWithEveryServiceMigratedOnTheConfiguredDatabase() throws Exception {
        HttpResponse<String> ready = client.get("/health/ready");

        assertEquals(200, ready.statusCode(), ready.body());
        JsonObject health = Client.json(ready.body());
        assertEquals("UP", health.getString("status"));
        String expectedDatabase = System.getenv().getOrDefault("GUILDHALL_DB_URL", "jdbc:h2:file:");
        for (String service : List.of("signaling", "sync", "notifications")) {
            JsonObject check = health.getJsonArray("checks").stream()
                    .map(JsonValue::asJsonObject)
                    .filter(c -> c.getString("name").equals("database (" + service + ")"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no database check for " + service + ": " + ready.body()));
            assertEquals("UP", check.getString("status"));
            assertEquals(Schema.latestVersion(), check.getJsonObject("data").getString("schemaVersion"));
            assertTrue(
                    check.getJsonObject("data")
                            .getString("database")
                            .startsWith(expectedDatabase.split("\\?")[0]),
                    check.toString());
        }
    }

    @Test
    void livenessIsUp() throws Exception {
        HttpResponse<String> live = client.get("/health/live");

        assertEquals(200, live.statusCode(), live.body());
        assertEquals("UP", Client.json(live.body()).getString("status"));
    }

    @Test
    void metricsAreExposedInPrometheusFormat() throws Exception {
        HttpResponse<String> metrics = client.get("/metrics", Map.of("Accept", "text/plain"));

        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("# TYPE "), "Prometheus text format");
    }

    @Test
    void aSocketOpensWithTheTokenOfferedAsSubprotocol() throws Exception {
        Client.Handshake handshake =
                client.connect("/signaling/", Map.of(), "access_token", TestIdentityProvider.token("alice"));

        assertTrue(handshake.accepted(), "status " + handshake.status());
        assertEquals("access_token", handshake.socket().getSubprotocol());
        assertEquals("{\"type\":\"pong\"}", handshake.exchange("{\"type\":\"ping\"}"));
        handshake.close();
    }

    @Test
    void aSocketOpensWithTheTokenInTheQuery() throws Exception {
        Client.Handshake handshake =
                client.connect("/signaling/?access_token=" + TestIdentityProvider.token("bob"), Map.of());

        assertTrue(handshake.accepted(), "status " + handshake.status());
        assertEquals("{\"type\":\"pong\"}", handshake.exchange("{\"type\":\"ping\"}"));
        handshake.close();
    }

    @Test
    void aSocketWithoutATokenIsRefusedBeforeTheUpgrade() throws Exception {
        assertEquals(401, client.connect("/signaling/", Map.of()).status());
    }

    @Test
    void aSocketWithAnExpiredTokenIsRefused() throws Exception {
        Instant hourAgo = Instant.now().minus(Duration.ofHours(1));
        String expired = TestIdentityProvider.sign(TestIdentityProvider.claims("alice")
                .issueTime(Date.from(hourAgo.minus(Duration.ofMinutes(5))))
                .expirationTime(Date.from(hourAgo))
                .build());

        assertEquals(
                401,
                client.connect("/signaling/?access_token=" + expired, Map.of()).status());
    }

    @Test
    void aSocketWithATokenSignedByAnotherKeyIsRefused() throws Exception {
        String forged = TestIdentityProvider.sign(
                new RSAKeyGenerator(2048).keyID("forger").generate(),
                TestIdentityProvider.claims("alice").build());

        assertEquals(
                401,
                client.connect("/signaling/", Map.of(), "access_token", forged).status());
    }

    @Test
    void aSocketWithAnUnsignedTokenIsRefused() throws Exception {
        String unsigned =
                new PlainJWT(TestIdentityProvider.claims("alice", "admin").build()).serialize();

        assertEquals(
                401,
                client.connect("/signaling/?access_token=" + unsigned, Map.of()).status());
    }

    @Test
    void aSocketWithATokenFromAnotherIssuerIsRefused() throws Exception {
        String foreign = TestIdentityProvider.sign(TestIdentityProvider.claims("alice")
                .issuer("https://another-idp.test")
                .build());

        assertEquals(
                401,
                client.connect("/signaling/?access_token=" + foreign, Map.of()).status());
    }

    @Test
    void aSocketFromAForeignPageIsRefusedEvenWithAValidToken() throws Exception {
        String token = TestIdentityProvider.token("alice");

        assertEquals(
                403,
                client.connect("/signaling/?access_token=" + token, Map.of("Origin", "https://evil.example"))
                        .status());
        Client.Handshake sameSite =
                client.connect("/signaling/?access_token=" + token, Map.of("Origin", "http://localhost:" + port()));
        assertTrue(sameSite.accepted(), "a page served by Guildhall itself may connect: " + sameSite.status());
        sameSite.close();
    }

    @Test
    void restNeedsABearerTokenAndNamesTheUserFromIt() throws Exception {
        HttpResponse<String> anonymous = client.get("/notifications/api/me");
        assertEquals(401, anonymous.statusCode());
        assertEquals("unauthorized", Client.json(anonymous.body()).getString("code"));

        HttpResponse<String> me =
                client.getWithToken("/notifications/api/me", TestIdentityProvider.token("carol", "moderator"));
        assertEquals(200, me.statusCode(), me.body());
        assertEquals("carol", Client.json(me.body()).getString("user"));
        assertEquals("moderator", Client.json(me.body()).getJsonArray("groups").getString(0));

        String forged = TestIdentityProvider.sign(
                new RSAKeyGenerator(2048).generate(),
                TestIdentityProvider.claims("carol").build());
        HttpResponse<String> refused = client.getWithToken("/notifications/api/me", forged);
        assertEquals(401, refused.statusCode());
        assertEquals("unauthorized", Client.json(refused.body()).getString("code"), refused.body());
    }

    @Test
    void containerErrorsAreJsonToo() throws Exception {
        for (String path : List.of("/notifications/api/no-such-thing", "/notifications/no-such-page")) {
            HttpResponse<String> unknown = client.get(path);

            assertEquals(404, unknown.statusCode());
            assertEquals("not-found", Client.json(unknown.body()).getString("code"), unknown.body());
        }
    }

    @Test
    void withoutDevelopmentModeThereIsNoTokenEndpoint() throws Exception {
        HttpResponse<String> response =
                client.postJson("/notifications/api/dev/token", "{\"user\":\"mallory\",\"groups\":[\"admin\"]}");

        assertEquals(404, response.statusCode());
        assertTrue(!response.body().contains("token\""), response.body());
    }
}
