package org.guildhall.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Real y-websocket clients edit two documents at once, dropping and restoring their connections at random; they
 * converge and a fresh client receives the same. Then the server is killed hard (kill -9) and started again: a
 * fresh client still receives everything the editors had, since an update is stored before anyone hears of it.
 */
class SyncDurabilityIT {

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(4);

    @Test
    void concurrentEditorsConvergeAndNothingTheySawIsLostByAKill() throws Exception {
        Path clients = Path.of(System.getProperty("guildhall.yjs-clients.dir"));
        NodeProcess.npmCi(clients);
        Path data = RunScript.freshDataDir("chaos-data");
        long seed = Long.getLong("sync.chaos.seed", ThreadLocalRandom.current().nextLong(1, 1L << 31));
        String context = " (repeat with -Dsync.chaos.seed=" + seed + ")";

        JsonObject before;
        try (RunScript server = RunScript.start(data, Map.of())) {
            server.awaitLine(line -> line.startsWith("Guildhall is ready on"), RunScript.START_TIMEOUT);
            before = scenario(clients, server, "edit", seed, context);
            assertTrue(before.getInt("disconnects") > 0, "the run dropped connections" + context);
            server.killHard();
        }
        try (RunScript again = RunScript.start(data, Map.of())) {
            again.awaitLine(line -> line.startsWith("Guildhall is ready on"), RunScript.START_TIMEOUT);
            JsonObject after = scenario(clients, again, "fresh", seed, context);

            assertEquals(
                    before.getJsonObject("documents"),
                    after.getJsonObject("documents"),
                    "after kill -9 a fresh client receives everything the editors had" + context);
            again.interrupt();
        }
    }

    private static JsonObject scenario(Path clients, RunScript server, String mode, long seed, String context)
            throws Exception {
        JsonObjectBuilder tokens = Json.createObjectBuilder();
        for (String user : List.of("ada", "grace", "linus")) {
            tokens.add(user, server.devToken(user));
        }
        NodeProcess.Finished run = NodeProcess.run(
                List.of(
                        "node",
                        "sync-chaos.mjs",
                        mode,
                        "http://localhost:" + server.port(),
                        tokens.build().toString(),
                        Long.toString(seed)),
                clients,
                Map.of(),
                RUN_TIMEOUT);
        JsonObject result = run.result();
        assertNotNull(result, "no RESULT line" + context + "; output:\n" + run.output());
        assertEquals(0, run.exitCode(), "the " + mode + " run failed" + context + ":\n" + run.output());
        return result;
    }
}
