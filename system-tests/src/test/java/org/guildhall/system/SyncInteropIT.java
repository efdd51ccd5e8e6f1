package org.guildhall.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The unmodified y-websocket {@code WebsocketProvider} and yjs from npm against {@code /sync/}: editing together,
 * what a newcomer loads from the database, repeats not stored, read-only and malformed updates refused, the frame
 * limit, awareness ({@code src/test/yjs-clients/sync-scenarios.mjs}).
 */
class SyncInteropIT extends OnPayaraMicro {

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(4);

    @Test
    void realYjsClientsSyncThroughGuildhall() throws Exception {
        Path clients = Path.of(System.getProperty("guildhall.yjs-clients.dir"));
        NodeProcess.npmCi(clients);
        JsonObject tokens = Json.createObjectBuilder()
                .add("alice", TestIdentityProvider.token("alice"))
                .add("bob", TestIdentityProvider.token("bob"))
                .add("carol", TestIdentityProvider.token("carol"))
                .add("mallory", TestIdentityProvider.token("mallory"))
                .add("reader", TestIdentityProvider.token("reader", TestIdentityProvider.READ_ONLY_GROUP))
                .add("admin", TestIdentityProvider.token("root", "admin"))
                .add("maxMessageBytes", TestIdentityProvider.SYNC_MAX_MESSAGE_BYTES)
                .add("maxDocumentBytes", TestIdentityProvider.SYNC_MAX_DOCUMENT_BYTES)
                .add("compactionThreshold", TestIdentityProvider.SYNC_COMPACTION_THRESHOLD)
                .build();

        NodeProcess.Finished run = NodeProcess.run(
                List.of("node", "sync-scenarios.mjs", "http://localhost:" + port(), tokens.toString()),
                clients,
                Map.of(),
                RUN_TIMEOUT);

        JsonObject result = run.result();
        assertNotNull(result, "the scenarios printed no RESULT line; their output:\n" + run.output());
        assertTrue(result.getJsonArray("failures").isEmpty(), "failed scenarios:\n" + run.output());
        assertEquals(10, result.getJsonArray("passed").size(), run.output());
        assertEquals(0, run.exitCode(), run.output());
    }
}
