package org.guildhall.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Runs the Node side of an interop test (npm-installed real clients) and reads its {@code RESULT} line. */
final class NodeProcess {

    static final Duration NPM_TIMEOUT = Duration.ofMinutes(5);
    private static final String RESULT = "RESULT ";

    private NodeProcess() {}

    /** The outcome of a finished command: exit code and every line it printed. */
    record Finished(int exitCode, String output, List<String> lines) {

        /** The last {@code RESULT {json}} line, or null. */
        JsonObject result() {
            return lines.stream()
                    .filter(line -> line.startsWith(RESULT))
                    .reduce((first, second) -> second)
                    .map(line -> Client.json(line.substring(RESULT.length())))
                    .orElse(null);
        }
    }

    /** Installs the pinned packages of {@code directory} (its package-lock.json) unless they are there. */
    static void npmCi(Path directory) throws IOException, InterruptedException {
        if (!Files.isDirectory(directory.resolve("node_modules"))) {
            Finished npm = run(List.of("npm", "ci", "--no-audit", "--no-fund"), directory, Map.of(), NPM_TIMEOUT);
            assertEquals(0, npm.exitCode(), "npm ci failed:\n" + npm.output());
        }
    }

    static Finished run(List<String> command, Path directory, Map<String, String> environment, Duration timeout)
            throws IOException, InterruptedException {
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        // The server under test is configured here alone, whatever the calling shell exported (.ci/run sets a
        // PostgreSQL URL for another pass).
        builder.environment().keySet().removeIf(name -> name.startsWith("GUILDHALL_") || name.startsWith("MP_JWT"));
        builder.environment().put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        builder.environment().putAll(environment);
        Process process = builder.start();
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> readLines(process, lines), String.join(" ", command.subList(0, 2)));
        reader.setDaemon(true);
        reader.start();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            reader.join(Duration.ofSeconds(10).toMillis());
            fail(String.join(" ", command) + " did not finish within " + timeout + "; its output:\n"
                    + String.join("\n", lines));
        }
        reader.join(Duration.ofSeconds(10).toMillis());
        return new Finished(process.exitValue(), String.join("\n", lines), List.copyOf(lines));
    }

    private static void readLines(Process process, List<String> lines) {
        try (BufferedReader output =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
