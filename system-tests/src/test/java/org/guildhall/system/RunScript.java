package org.guildhall.system;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** The README's run command ({@code ./run.sh}) started as a user would, with its output read line by line. */
final class RunScript implements AutoCloseable {

    static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final String END_OF_OUTPUT = "\u0000end";

    private final Process process;
    private final int port;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private final Thread reader;

    private RunScript(Process process, int port) {
        this.process = process;
        this.port = port;
        reader = new Thread(this::readOutput, "run.sh output");
        reader.setDaemon(true);
        reader.start();
    }

    /** A new, empty data directory under the build directory, named for what it is used for. */
    static Path freshDataDir(String purpose) throws IOException {
        return java.nio.file.Files.createDirectories(Path.of(
                System.getProperty("guildhall.build.dir"),
                purpose,
                java.util.UUID.randomUUID().toString()));
    }

    /** Starts {@code run.sh} on a free port with the data directory and extra environment given. */
    static RunScript start(Path dataDir, Map<String, String> environment) throws IOException {
        int port = freePort();
        Path project = Path.of(System.getProperty("guildhall.project.dir"));
        ProcessBuilder builder = new ProcessBuilder(
                        "bash", project.resolve("run.sh").toString())
                .directory(project.toFile())
                .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("GUILDHALL_") || name.startsWith("MP_JWT"));
        env.put("GUILDHALL_PORT", Integer.toString(port));
        env.put("GUILDHALL_DATA_DIR", dataDir.toAbsolutePath().toString());
        env.put("GUILDHALL_SKIP_BUILD", "true");
        env.put("JAVA_OPTS", System.getProperty("guildhall.it.jvm.options", ""));
        env.putAll(environment);
        return new RunScript(builder.start(), port);
    }

    int port() {
        return port;
    }

    Client client() {
        return Client.localhost(port);
    }

    /** Waits for a line of output that matches, failing with the output so far if none comes in time. */
    String awaitLine(Predicate<String> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
            if (line == null || END_OF_OUTPUT.equals(line)) {
                throw new AssertionError("run.sh printed no expected line within " + timeout + " (exited: "
                        + !process.isAlive() + "); " + diagnosis());
            }
            if (wanted.test(line)) {
                return line;
            }
        }
    }

    /**
     * What a failed wait needs to be understood from a CI log that shows only the end of a message: the full output
     * and a thread dump of the server go to files, the message carries the lines that matter.
     */
    private String diagnosis() {
        Path saved = Path.of(System.getProperty("guildhall.build.dir", "target"), "run-script-" + process.pid());
        StringBuilder message = new StringBuilder();
        try {
            java.nio.file.Files.createDirectories(saved);
            java.nio.file.Files.write(saved.resolve("output.log"), output);
            if (process.isAlive()) {
                new ProcessBuilder("jcmd", Long.toString(process.pid()), "Thread.print")
                        .redirectErrorStream(true)
                        .redirectOutput(saved.resolve("threads.txt").toFile())
                        .start()
                        .waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
            message.append("output and thread dump in ").append(saved).append('\n');
        } catch (IOException e) {
            message.append("(could not save the output: ").append(e).append(")\n");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Payara's start-up repeats long certificate dumps; the log records and errors are what explain a hang.
        List<String> notable = output.stream()
                .filter(line -> line.startsWith("[20") || line.contains("Exception") || line.contains("Guildhall"))
                .map(line -> line.length() > 400 ? line.substring(0, 400) + "..." : line)
                .toList();
        message.append("its last log lines:\n")
                .append(String.join("\n", notable.subList(Math.max(0, notable.size() - 40), notable.size())));
        return message.toString();
    }

    String output() {
        return String.join("\n", output);
    }

    /** Ctrl-C, as a user stops it; returns the exit code. */
    int interrupt() throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
                .inheritIO()
                .start()
                .waitFor();
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("run.sh did not stop within " + STOP_TIMEOUT + " of Ctrl-C");
        }
        return process.exitValue();
    }

    /**
     * Waits for run.sh to end by itself, and for its output to be read to the end (the process can be gone while its
     * last lines are still in the pipe: a CI run missed run.sh's last line); its exit code, or an assertion error
     * with its output if it goes on.
     */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("run.sh still runs after " + timeout + "; its output:\n" + output());
        }
        reader.join(timeout.toMillis());
        return process.exitValue();
    }

    /** kill -9: no shutdown hook, no clean close of the database, as a crash or a pulled plug. */
    void killHard() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("the server did not die within " + STOP_TIMEOUT + " of kill -9");
        }
    }

    /** A token for a local user from the development endpoint. */
    String devToken(String user) throws IOException, InterruptedException {
        return Client.json(client().postJson("/notifications/api/dev/token", "{\"user\":\"" + user + "\"}")
                        .body())
                .getString("token");
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private void readOutput() {
        try (BufferedReader text =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = text.readLine(); line != null; line = text.readLine()) {
                output.add(line);
                lines.add(line);
            }
        } catch (IOException e) {
            output.add("(reading the output failed: " + e + ")");
        } finally {
            lines.add(END_OF_OUTPUT);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
