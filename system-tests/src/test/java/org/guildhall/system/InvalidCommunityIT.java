package org.guildhall.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An invalid community.json stops start-up naming the JSON path of every problem: {@code run.sh} checks the file
 * before it starts the server, and a server started with it anyway (here through {@code JAVA_OPTS}, past run.sh's
 * check) logs every problem and never reports ready, because Payara Micro keeps running with no service deployed.
 */
class InvalidCommunityIT {

    /** run.sh's check is one short JVM: far less than a server start. */
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(60);

    private static final String INVALID =
            "{\"version\": \"2\", \"community\": {\"id\": \"Not An Id\", \"name\": \"Acme\"},"
                    + " \"features\": {\"collaboration\": {\"maxSessionSize\": 1, \"maxSesionSize\": 5}},"
                    + " \"moderation\": {\"bannedUsers\": [\"\"]}}";

    private static final List<String> PROBLEMS = List.of(
            "$.version: ",
            "$.community.id: ",
            "$.features.collaboration.maxSessionSize: ",
            "$.features.collaboration.maxSesionSize: not a key of community.json",
            "$.moderation.bannedUsers[0]: ");

    private static Path invalidFile() throws Exception {
        Path file = RunScript.freshDataDir("invalid-community").resolve("community.json");
        return Files.writeString(file, INVALID);
    }

    @Test
    void runShRefusesToStartNamingEveryProblem() throws Exception {
        Path file = invalidFile();
        try (RunScript server = RunScript.start(
                RunScript.freshDataDir("run-data"), Map.of("GUILDHALL_COMMUNITY_FILE", file.toString()))) {
            int exit = server.awaitExit(CHECK_TIMEOUT);

            String output = server.output();
            assertNotEquals(0, exit, output);
            for (String problem : PROBLEMS) {
                assertTrue(output.contains(problem), "names " + problem + ":\n" + output);
            }
            assertTrue(output.contains("Guildhall did not start: fix " + file), output);
            assertFalse(output.contains("Payara Micro"), "the server was never started:\n" + output);
        }
    }

    @Test
    void aServerGivenAnInvalidFileLogsEveryProblemAndIsNeverReady() throws Exception {
        Path file = invalidFile();
        String javaOptions = System.getProperty("guildhall.it.jvm.options", "") + " -Dguildhall.community.file=" + file;
        try (RunScript server = RunScript.start(RunScript.freshDataDir("run-data"), Map.of("JAVA_OPTS", javaOptions))) {
            server.awaitLine(
                    line -> line.contains("Guildhall cannot start: the community file " + file),
                    RunScript.START_TIMEOUT);
            // Payara Micro reports itself started once it has tried every deployment.
            server.awaitLine(
                    line -> line.contains("Payara Micro") && line.contains(" ready in "), RunScript.START_TIMEOUT);
            String output = server.output();
            for (String problem : PROBLEMS) {
                assertTrue(output.lines().anyMatch(line -> line.strip().startsWith(problem)), "logs " + problem);
            }

            HttpResponse<String> ready = server.client().get("/health/ready");
            assertEquals(503, ready.statusCode(), ready.body());
            assertEquals(
                    404, server.client().get("/notifications/community.json").statusCode());
            assertFalse(server.output().contains("Guildhall is ready"), server.output());
        }
    }
}
