package org.guildhall.documents.yjs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Node project in {@code src/test/node} that runs the real yjs: installs its locked dependencies when they are
 * missing and runs its scripts with a time limit, their output kept in a log file for failure messages.
 */
final class NodeProject {

    private final Path dir;
    private final Path logs;

    NodeProject(Path dir, Path logs) {
        this.dir = dir.toAbsolutePath();
        this.logs = logs.toAbsolutePath();
    }

    /**
     * Checks that node is on the PATH and installs the locked packages when node_modules is missing or older than
     * the lock file.
     */
    void prepare() throws IOException, InterruptedException {
        Files.createDirectories(logs);
        requireTool("node");
        Path installed = dir.resolve("node_modules/.package-lock.json");
        Path lock = dir.resolve("package-lock.json");
        if (!Files.exists(installed)
                || Files.getLastModifiedTime(installed).compareTo(Files.getLastModifiedTime(lock)) < 0) {
            requireTool("npm");
            run("npm-ci", List.of("npm", "ci", "--no-audit", "--no-fund"), Duration.ofMinutes(5));
        }
    }

    private void requireTool(String tool) throws InterruptedException {
        try {
            run(tool + "-version", List.of(tool, "--version"), Duration.ofSeconds(60));
        } catch (IOException e) {
            throw new IllegalStateException(
                    "The Yjs interop tests run the real yjs and need Node.js 20+ with npm on the PATH; " + tool
                            + " failed: " + e.getMessage(),
                    e);
        }
    }

    /** Runs {@code node script args...} in the project directory; fails with the log's tail if it does not succeed. */
    String node(String script, List<String> args, Duration timeout) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("node");
        command.add(script);
        command.addAll(args);
        return run(script.replace(".js", ""), command, timeout);
    }

    private String run(String name, List<String> command, Duration timeout) throws IOException, InterruptedException {
        Path log = logs.resolve(name + ".log");
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            throw new IOException(String.join(" ", command) + " did not finish within " + timeout + "; " + tail(log));
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + process.exitValue() + ": " + tail(log));
        }
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    private static String tail(Path log) throws IOException {
        String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        return text.length() > 4000 ? "…" + text.substring(text.length() - 4000) : text;
    }
}
