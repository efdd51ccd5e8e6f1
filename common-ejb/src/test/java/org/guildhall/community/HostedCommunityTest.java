package org.guildhall.community;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostedCommunityTest {

    @TempDir
    Path folder;

    private static String community(int maxSessionSize) {
        return "{\"version\": \"1.0.0\", \"community\": {\"id\": \"acme\", \"name\": \"Acme\"},"
                + " \"features\": {\"collaboration\": {\"maxSessionSize\": " + maxSessionSize + "}}}";
    }

    private HostedCommunity hosting(Path file) {
        HostedCommunity hosted = new HostedCommunity();
        hosted.file = Optional.of(file.toString());
        // Every call looks at the file: the test decides when it changes.
        hosted.reloadInterval = Duration.ZERO;
        hosted.load();
        return hosted;
    }

    @Test
    void withoutAFileTheBuiltInCommunityIsHosted() {
        HostedCommunity hosted = new HostedCommunity();
        hosted.file = Optional.empty();
        hosted.reloadInterval = Duration.ZERO;
        hosted.load();

        assertEquals("guildhall-local", hosted.current().id());
    }

    @Test
    void aChangedFileIsPickedUpAndABrokenChangeKeepsTheCommunityAsItWas() throws IOException {
        Path file = Files.writeString(folder.resolve("community.json"), community(4));
        HostedCommunity hosted = hosting(file);
        assertEquals(4, hosted.current().maxSessionSize());

        Files.writeString(file, community(12));
        assertEquals(12, hosted.current().maxSessionSize());

        Files.writeString(file, community(1));
        assertEquals(12, hosted.current().maxSessionSize(), "1 is below the schema's minimum: ignored");
        Files.writeString(file, "{ not json");
        assertEquals(12, hosted.current().maxSessionSize());

        Files.writeString(file, community(7));
        assertEquals(7, hosted.current().maxSessionSize(), "a repaired file is read again");
    }

    @Test
    void lookingNowReadsAChangeThatTheReloadIntervalStillHidesFromCurrent() throws IOException {
        Path file = Files.writeString(folder.resolve("community.json"), community(4));
        HostedCommunity hosted = hosting(file);
        hosted.reloadInterval = Duration.ofHours(1);
        hosted.lookNow();

        Files.writeString(file, community(12));
        assertEquals(4, hosted.current().maxSessionSize(), "looked at less than an interval ago");
        assertEquals(12, hosted.lookNow().maxSessionSize());
        assertEquals(12, hosted.current().maxSessionSize());
    }

    @Test
    void anInvalidFileAtStartUpFailsNamingEveryProblem() throws IOException {
        Path file = Files.writeString(
                folder.resolve("community.json"),
                "{\"version\": \"1.0.0\", \"community\": {\"id\": \"acme\"}, \"limits\": {\"typo\": 1}}");

        InvalidCommunityException failure = assertThrows(InvalidCommunityException.class, () -> hosting(file));
        assertEquals(2, failure.problems().size(), failure.getMessage());
        assertTrue(failure.getMessage().contains("$.community: "), failure.getMessage());
        assertTrue(failure.getMessage().contains("$.limits.typo: not a key of community.json"), failure.getMessage());
    }
}
