package org.guildhall.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseSettingsTest {

    @Test
    void withoutAUrlTheDatabaseIsAnH2FileInTheDataDirectory() {
        DatabaseSettings settings =
                DatabaseSettings.from(new MapConfig(Map.of(DatabaseSettings.DATA_DIR, "/var/lib/guildhall")));

        assertEquals(
                "jdbc:h2:file:" + Path.of("/var/lib/guildhall/db/guildhall") + ";WRITE_DELAY=0;RETENTION_TIME=5000",
                settings.url());
        assertEquals("sa", settings.user());
    }

    @Test
    void theDataDirectoryDefaultsToDataInTheWorkingDirectory() {
        DatabaseSettings settings = DatabaseSettings.from(new MapConfig(Map.of()));

        assertEquals(
                "jdbc:h2:file:" + Path.of("data/db/guildhall").toAbsolutePath() + ";WRITE_DELAY=0;RETENTION_TIME=5000",
                settings.url());
    }

    @Test
    void theBuiltInH2KeepsSupersededChunksForTheConfiguredTime(@TempDir Path dir) throws SQLException {
        DatabaseSettings settings = DatabaseSettings.from(new MapConfig(
                Map.of(DatabaseSettings.DATA_DIR, dir.toString(), DatabaseSettings.H2_RETENTION_MS, "1500")));

        try (Connection connection = new GuildhallDataSource(settings).getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = ?")) {
            assertEquals("1500", setting(select, "RETENTION_TIME"));
            assertEquals("0", setting(select, "WRITE_DELAY"));
        }
    }

    @Test
    void aNegativeRetentionIsRefusedWithTheSettingsName() {
        IllegalArgumentException refused = assertThrows(
                IllegalArgumentException.class,
                () -> DatabaseSettings.from(new MapConfig(Map.of(DatabaseSettings.H2_RETENTION_MS, "-1"))));

        assertEquals(
                DatabaseSettings.H2_RETENTION_MS + " must be 0 or more milliseconds, not -1", refused.getMessage());
    }

    private static String setting(PreparedStatement select, String name) throws SQLException {
        select.setString(1, name);
        try (ResultSet rows = select.executeQuery()) {
            return rows.next() ? rows.getString(1) : null;
        }
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
