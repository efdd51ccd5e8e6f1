package org.guildhall.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A server pointed at a database it cannot reach says so, naming the setting to fix, and is not ready. */
class BadDatabaseIT {

    private static final String UNREACHABLE = "jdbc:postgresql://127.0.0.1:1/guildhall";

    @Test
    void anUnreachableDatabaseKeepsReadinessDownAndNamesTheSetting() throws Exception {
        Path data = RunScript.freshDataDir("bad-db-data");
        try (RunScript server = RunScript.start(data, Map.of("GUILDHALL_DB_URL", UNREACHABLE))) {
            String complaint =
                    server.awaitLine(line -> line.startsWith("Guildhall is up but not ready"), RunScript.START_TIMEOUT);
            assertTrue(complaint.contains("guildhall.db.url=" + UNREACHABLE), complaint);

            HttpResponse<String> ready = server.client().get("/health/ready");
            assertEquals(503, ready.statusCode());
            JsonObject health = Client.json(ready.body());
            assertEquals("DOWN", health.getString("status"));
            for (JsonValue check : health.getJsonArray("checks")) {
                String error = check.asJsonObject().getJsonObject("data").getString("error");
                assertTrue(error.contains("guildhall.db.url=" + UNREACHABLE), error);
                assertTrue(error.contains("GUILDHALL_DB_URL"), error);
            }
            assertTrue(
                    server.output()
                            .lines()
                            .anyMatch(line -> line.contains("SEVERE")
                                    || line.contains("Schema migration failed for guildhall.db.url")),
                    "the log says why");
            server.interrupt();
        }
    }
}
