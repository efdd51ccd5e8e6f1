package org.guildhall.community;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.util.List;
import org.guildhall.sockets.JsonMessages;
import org.junit.jupiter.api.Test;

class PublishedCommunityTest {

    private static final JsonObject SEED = JsonMessages.PROVIDER
            .createReader(new StringReader(CommunitySchema.resource("seed-example-community.json")))
            .readObject();

    @Test
    void theServersAreThisDeploymentsWhateverTheFileSaid() {
        JsonObject published = PublishedCommunity.of(
                SEED, URI.create("https://guildhall.example.com/"), List.of("turn:turn.example.com:3478"));

        JsonObject servers = published.getJsonObject("servers");
        assertEquals(
                "wss://guildhall.example.com/signaling/",
                servers.getJsonObject("signaling").getString("url"));
        assertEquals(
                "wss://guildhall.example.com/sync",
                servers.getJsonObject("sync").getString("url"));
        assertEquals(
                "wss://guildhall.example.com/notifications/",
                servers.getJsonObject("notifications").getString("url"));
        for (String service : List.of("signaling", "sync", "notifications")) {
            assertEquals(
                    "https://guildhall.example.com/health/ready",
                    servers.getJsonObject(service).getString("healthCheck"));
        }
        JsonObject turn = servers.getJsonObject("turn");
        assertEquals("turn:turn.example.com:3478", turn.getJsonArray("urls").getString(0));
        assertEquals("https://guildhall.example.com/signaling/api/turn", turn.getString("credentialsUrl"));
        assertEquals(SEED.getJsonObject("community"), published.getJsonObject("community"), "the rest is untouched");
        assertEquals(SEED.getJsonObject("features"), published.getJsonObject("features"));
    }

    @Test
    void aPlainHttpBaseWithAPortAndAPrefixGivesPlainSockets() {
        JsonObject servers = PublishedCommunity.of(SEED, URI.create("http://localhost:8080/guildhall"), List.of())
                .getJsonObject("servers");

        assertEquals(
                "ws://localhost:8080/guildhall/signaling/",
                servers.getJsonObject("signaling").getString("url"));
        assertEquals(
                "http://localhost:8080/guildhall/health/ready",
                servers.getJsonObject("sync").getString("healthCheck"));
        assertEquals(0, servers.getJsonObject("turn").getJsonArray("urls").size());
    }

    @Test
    void aBaseThatIsNotAnAbsoluteHttpUrlIsRefused() {
        for (String wrong : List.of("ftp://example.com", "guildhall.example.com", "https://example.com/?x=1")) {
            assertThrows(
                    IllegalArgumentException.class,
                    () -> PublishedCommunity.of(SEED, URI.create(wrong), List.of()),
                    wrong);
        }
    }
}
