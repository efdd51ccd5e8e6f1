package org.guildhall.documents;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import org.guildhall.database.DatabaseSettings;
import org.guildhall.database.GuildhallDataSource;
import org.guildhall.database.IdBlocks;
import org.guildhall.database.Migrations;
import org.guildhall.database.SqlDialect;
import org.guildhall.documents.yjs.Update;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log's own-transaction append on a real H2 file database with the migrated schema. */
class UpdateLogTest {

    @TempDir
    Path dir;

    private UpdateLog log;

    @BeforeEach
    void migrated() {
        DatabaseSettings settings = new DatabaseSettings("jdbc:h2:file:" + dir.resolve("guildhall"), "sa", "");
        GuildhallDataSource dataSource = new GuildhallDataSource(settings);
        new Migrations(dataSource).apply();
        log = new UpdateLog(dataSource, new IdBlocks("document_update_seq", SqlDialect.of(settings)));
    }

    @Test
    void appendedUpdatesAreStoredInOrder() throws SQLException {
        OffsetDateTime now = OffsetDateTime.now();
        log.create("notes", now);

        log.appendCommitted(List.of(updated("notes", 1), updated("notes", 2)), now);
        log.appendCommitted(List.of(updated("notes", 3)), now);

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
        assertThrows(SQLException.class, () -> log.appendCommitted(batch, now));

        assertEquals(List.of(), log.read("notes"));
        log.appendCommitted(List.of(updated("notes", 3)), now);
        assertEquals(1, log.read("notes").size(), "the log still takes updates after a refused batch");
    }

    private static DocumentUpdated updated(String document, int marker) {
        return new DocumentUpdated(document, payload(marker), Update.EMPTY);
    }

    /** The log stores payloads as given: distinct bytes are enough to tell rows apart. */
    private static byte[] payload(int marker) {
        return new byte[] {0, 0, (byte) marker};
    }
}
