package org.guildhall.documents;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import org.guildhall.database.DatabaseSettings;
import org.guildhall.database.GuildhallDataSource;
import org.guildhall.database.IdBlocks;
import org.guildhall.database.Migrations;
import org.guildhall.database.SqlDialect;
import org.guildhall.documents.yjs.Update;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log's own-transaction appends on a real H2 file database with the migrated schema. */
class UpdateLogTest {

    @TempDir
    Path dir;

    private UpdateLog log;
    private Connection held;

    @BeforeEach
    void migrated() throws SQLException {
        DatabaseSettings settings = new DatabaseSettings("jdbc:h2:file:" + dir.resolve("guildhall"), "sa", "");
        GuildhallDataSource dataSource = new GuildhallDataSource(settings);
        // Keeps the database open between the log's connections, as the server's pool does: without a pool, H2
        // closes the file with its last connection and every commit here would reopen it.
        held = dataSource.getConnection();
        new Migrations(dataSource).apply();
        log = new UpdateLog(dataSource, SqlDialect.of(settings));
    }

    @AfterEach
    void close() throws SQLException {
        held.close();
    }

    @Test
    void appendedUpdatesAreStoredInOrder() throws SQLException {
        OffsetDateTime now = OffsetDateTime.now();
        log.create("notes", now);

        appendAlone(List.of(updated("notes", 1), updated("notes", 2)), now);
        appendAlone(List.of(updated("notes", 3)), now);

        List<UpdateLog.Entry> stored = log.read("notes");
        assertEquals(3, stored.size());
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(payload(i + 1), stored.get(i).payload());
        }
    }

    @Test
    void aBatchWithOneRowTheDatabaseRefusesStoresNothing() throws SQLException {
        OffsetDateTime now = OffsetDateTime.now();
        log.create("notes", now);

        // The second document was never created: its row breaks the foreign key after the first row was inserted.
        List<DocumentUpdated> batch = List.of(updated("notes", 1), updated("never-created", 2));
        assertThrows(SQLException.class, () -> appendAlone(batch, now));

        assertEquals(List.of(), log.read("notes"));
        appendAlone(List.of(updated("notes", 3)), now);
        assertEquals(1, log.read("notes").size(), "the log still takes updates after a refused batch");
    }

    @Test
    void anAppenderKeepsTakingUpdatesAfterABatchTheDatabaseRefused() throws SQLException {
        OffsetDateTime now = OffsetDateTime.now();
        log.create("notes", now);

        try (UpdateLog.Appender appender = log.appender()) {
            appender.append(List.of(updated("notes", 1)), now);
            List<DocumentUpdated> refused = List.of(updated("notes", 2), updated("never-created", 3));
            assertThrows(SQLException.class, () -> appender.append(refused, now));
            appender.append(List.of(updated("notes", 4), updated("notes", 5)), now);
        }

        List<UpdateLog.Entry> stored = log.read("notes");
        assertEquals(3, stored.size(), "the refused batch left nothing, the batches around it everything");
        assertArrayEquals(payload(1), stored.get(0).payload());
        assertArrayEquals(payload(4), stored.get(1).payload());
        assertArrayEquals(payload(5), stored.get(2).payload());
    }

    @Test
    void anAppenderCommitsEachAppendBeforeItReturns() throws SQLException {
        OffsetDateTime now = OffsetDateTime.now();
        log.create("notes", now);

        try (UpdateLog.Appender appender = log.appender()) {
            appender.append(List.of(updated("notes", 1)), now);
            // Read through another connection while the appender still holds its own.
            assertEquals(1, log.read("notes").size());
            appender.append(List.of(updated("notes", 2)), now);
            assertEquals(2, log.read("notes").size());
        }
    }

    @Test
    void documentsWrittenTogetherKeepTheirRowsTogetherAndInOrder() throws SQLException {
        OffsetDateTime now = OffsetDateTime.now();
        log.create("first", now);
        log.create("second", now);
        int rows = 3 * IdBlocks.BLOCK;

        // Interleaved as two busy documents' updates reach the writers.
        for (int i = 0; i < rows; i++) {
            appendAlone(List.of(updated("first", i), updated("second", i)), now);
        }

        for (String document : List.of("first", "second")) {
            List<UpdateLog.Entry> stored = log.read(document);
            assertEquals(rows, stored.size());
            int breaks = 0;
            for (int i = 0; i < rows; i++) {
                assertArrayEquals(payload(i), stored.get(i).payload(), document + " keeps its order");
                if (i > 0 && stored.get(i).id() != stored.get(i - 1).id() + 1) {
                    breaks++;
                }
            }
            // One run of consecutive ids per block drawn, not one per row.
            assertEquals(rows / IdBlocks.BLOCK - 1, breaks, document + "'s rows lie in runs of a block each");
        }
    }

    /** One append on an appender of its own, given back at once. */
    private void appendAlone(List<DocumentUpdated> updates, OffsetDateTime now) throws SQLException {
        try (UpdateLog.Appender appender = log.appender()) {
            appender.append(updates, now);
        }
    }

    private static DocumentUpdated updated(String document, int marker) {
        return new DocumentUpdated(document, payload(marker), Update.EMPTY);
    }

    /** The log stores payloads as given: distinct bytes are enough to tell rows apart. */
    private static byte[] payload(int marker) {
        return new byte[] {0, 0, (byte) marker};
    }
}
