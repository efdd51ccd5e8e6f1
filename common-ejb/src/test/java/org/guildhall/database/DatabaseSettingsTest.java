package org.guildhall.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseSettingsTest {

    @Test
    void withoutAUrlTheDatabaseIsAnH2FileInTheDataDirectory() {
        DatabaseSettings settings =
                DatabaseSettings.from(new MapConfig(Map.of(DatabaseSettings.DATA_DIR, "/var/lib/guildhall")));

        assertEquals("jdbc:h2:file:" + Path.of("/var/lib/guildhall/db/guildhall") + ";WRITE_DELAY=0", settings.url());
        assertEquals("sa", settings.user());
    }

    @Test
    void theDataDirectoryDefaultsToDataInTheWorkingDirectory() {
        DatabaseSettings settings = DatabaseSettings.from(new MapConfig(Map.of()));

        assertEquals(
                "jdbc:h2:file:" + Path.of("data/db/guildhall").toAbsolutePath() + ";WRITE_DELAY=0", settings.url());
    }

    @Test
    void aConfiguredUrlUserAndPasswordAreUsedAsGiven() {
        DatabaseSettings settings = DatabaseSettings.from(new MapConfig(Map.of(
                DatabaseSettings.URL, "jdbc:postgresql://db:5432/guildhall",
                DatabaseSettings.USER, "guildhall",
                DatabaseSettings.PASSWORD, "s3cret")));

        assertEquals("jdbc:postgresql://db:5432/guildhall", settings.url());
        assertEquals("guildhall", settings.user());
        assertEquals("s3cret", settings.password());
    }

    @Test
    void descriptionsNeverShowThePasswordOrUrlParameters() {
        DatabaseSettings settings =
                new DatabaseSettings("jdbc:postgresql://db/guildhall?password=s3cret&ssl=true", "guildhall", "s3cret");

        assertEquals("jdbc:postgresql://db/guildhall...", settings.redactedUrl());
        assertFalse(settings.toString().contains("s3cret"));
    }
}
