package org.guildhall.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The unmodified y-webrtc {@code WebrtcProvider} from npm, in two pages of Debian's Chromium, finds its peer through
 * Guildhall's signaling socket and then carries a Y.Text edit over the WebRTC data channel. The whole run
 * ({@code src/test/browser/ywebrtc-in-netns.sh}: {@code run.sh}, a page server, Chromium) happens in a network
 * namespace with only loopback, so no packet of it can leave the machine.
 */
class YWebrtcBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(6);

    @Test
    void twoChromiumPagesSignalThroughGuildhallAndSyncAnEditOverWebrtc() throws Exception {
        requireChromium();
        Path browser = Path.of(System.getProperty("guildhall.browser.dir"));
        NodeProcess.npmCi(browser);
        Path data = Files.createDirectories(Path.of(
                System.getProperty("guildhall.build.dir"),
                "ywebrtc-data",
                UUID.randomUUID().toString()));

        // --pid makes the script the namespace's first process: if it dies or times out, the kernel ends the
        // server and Chromium with it instead of leaving them running.
        NodeProcess.Finished run = NodeProcess.run(
                List.of(
                        "unshare",
                        "--net",
                        "--pid",
                        "--fork",
                        "--kill-child",
                        "bash",
                        browser.resolve("ywebrtc-in-netns.sh").toString()),
                browser,
                Map.of(
                        "GUILDHALL_PROJECT_DIR", System.getProperty("guildhall.project.dir"),
                        "GUILDHALL_DATA_DIR", data.toString(),
                        "JAVA_OPTS", System.getProperty("guildhall.it.jvm.options", "")),
                RUN_TIMEOUT);

        assertEquals(
                0,
                run.exitCode(),
                "the browser run failed (exit " + run.exitCode() + "; unshare --net needs root); its output:\n"
                        + run.output());
        JsonObject result = run.result();
        assertNotNull(result, "the browser run printed no RESULT line; its output:\n" + run.output());
        String context = "\nits output:\n" + run.output();
        JsonObject alice = result.getJsonObject("pageA");
        JsonObject bob = result.getJsonObject("pageB");

        assertTrue(result.getJsonArray("failures").isEmpty(), "the browser script reported failures" + context);
        assertTrue(bob.getString("text").contains(result.getString("edit")), "bob's page has alice's edit" + context);
        assertEquals(
                alice.getString("peerId"),
                result.getString("editViaWebrtcFrom"),
                "bob's page applied the edit inside a WebRTC data-channel event from alice's peer" + context);
        for (JsonObject page : List.of(alice, bob)) {
            String user = page.getString("user");
            assertTrue(page.getJsonArray("bcPeers").isEmpty(), user + " paired with nobody over BroadcastChannel");
            JsonObject transport = page.getJsonArray("transport").getJsonObject(0);
            assertTrue(
                    transport.getString("local").startsWith("127.0.0.1:")
                            && transport.getString("remote").startsWith("127.0.0.1:"),
                    user + "'s data channel runs over loopback: " + transport + context);
            assertTrue(transport.getInt("bytesReceived") > 0, user + "'s data channel carried bytes" + context);
        }
        assertFalse(
                result.getBoolean("editInSignalingFrames"),
                "the edit's text crossed a signaling socket; only WebRTC should carry it" + context);
    }

    private static void requireChromium() {
        if (Files.isExecutable(CHROMIUM)) {
            return;
        }
        String missing = CHROMIUM + " is missing: install it with 'apt-get update && apt-get install -y chromium'";
        if ("true".equals(System.getenv("CI"))) {
            fail(missing + " (.ci/run does this before the Maven runs)");
        }
        Assumptions.assumeTrue(false, missing);
    }
}
