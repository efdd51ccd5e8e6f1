package org.guildhall.community;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommunityCheckTest {

    @TempDir
    Path folder;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int check(String... args) {
        return CommunityCheck.check(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void aValidFilePasses() throws IOException {
        Path file =
                Files.writeString(folder.resolve("community.json"), CommunitySchema.resource(HostedCommunity.BUILT_IN));

        assertEquals(CommunityCheck.VALID, check(file.toString()));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("is valid"));
    }

    @Test
    void anInvalidFileFailsNamingThePathOfEveryProblem() throws IOException {
        Path file = Files.writeString(
                folder.resolve("community.json"),
                "{\"version\": \"2\", \"community\": {\"id\": \"Not An Id\", \"name\": \"Acme\"},"
                        + " \"features\": {\"collaboration\": {\"maxSessionSize\": 1}}}");

        assertEquals(CommunityCheck.INVALID, check(file.toString()));
        String report = err.toString(StandardCharsets.UTF_8);
        assertTrue(report.contains("$.version: "), report);
        assertTrue(report.contains("$.community.id: "), report);
        assertTrue(report.contains("$.features.collaboration.maxSessionSize: "), report);
    }

    @Test
    void aMissingFileFailsAndWrongUsageSaysHow() {
        assertEquals(CommunityCheck.INVALID, check(folder.resolve("absent.json").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("$: no such file"));

        assertEquals(CommunityCheck.USAGE, check());
    }
}
