package org.guildhall.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {

    /** As many starters as three WARs on each of two instances. */
    private static final int STARTERS = 6;

    @Test
    void concurrentStartersOnH2ApplyEachMigrationOnce(@TempDir Path dir) throws Exception {
        assertConcurrentStartersApplyOnce(TestDatabases.freshH2(dir));
    }

    @Test
    void concurrentStartersOnPostgresApplyEachMigrationOnce() throws Exception {
        assumeTrue(TestDatabases.postgresUrl().isPresent(), "GUILDHALL_TEST_POSTGRES_URL is not set");
        try (TestDatabases.PostgresSchema schema =
                TestDatabases.freshPostgresSchema(TestDatabases.postgresUrl().get())) {
            assertConcurrentStartersApplyOnce(schema.settings());
        }
    }

    @Test
    void aSecondStartAppliesNothing(@TempDir Path dir) {
        GuildhallDataSource dataSource = new GuildhallDataSource(TestDatabases.freshH2(dir));
        new Migrations(dataSource).apply();

        Migrations.Result again = new Migrations(dataSource).apply();

        assertEquals(0, again.appliedNow());
        assertEquals(0, new Migrations(dataSource).pendingCount());
    }

    @Test
    void anUnreachableDatabaseIsReportedWithTheSettingToFix() {
        GuildhallDataSource dataSource =
                new GuildhallDataSource(new DatabaseSettings("jdbc:postgresql://127.0.0.1:1/nowhere", "x", ""));

        SQLException refused = assertThrows(SQLException.class, dataSource::getConnection);

        assertTrue(
                refused.getMessage().contains("guildhall.db.url=jdbc:postgresql://127.0.0.1:1/nowhere"),
                refused.getMessage());
    }

    private static void assertConcurrentStartersApplyOnce(DatabaseSettings settings) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(STARTERS);
        int applied = 0;
        try {
            List<Future<Migrations.Result>> results = new ArrayList<>();
            for (int i = 0; i < STARTERS; i++) {
                Callable<Migrations.Result> starter = () -> {
                    GuildhallDataSource dataSource = new GuildhallDataSource(settings);
                    start.await();
                    return new Migrations(dataSource).apply();
                };
                results.add(pool.submit(starter));
            }
            start.countDown();
            for (Future<Migrations.Result> result : results) {
                Migrations.Result outcome = result.get(120, TimeUnit.SECONDS);
                assertEquals(new Migrations(new GuildhallDataSource(settings)).latestVersion(), outcome.version());
                applied += outcome.appliedNow();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(migrationCount(settings), applied, "each migration is applied by exactly one starter");
        assertTrue(tableExists(settings, "notification"));
        assertTrue(tableExists(settings, "document_update"));
    }

    private static int migrationCount(DatabaseSettings settings) {
        return Integer.parseInt(new Migrations(new GuildhallDataSource(settings)).latestVersion());
    }

    private static boolean tableExists(DatabaseSettings settings, String table) throws SQLException {
        try (Connection connection = new GuildhallDataSource(settings).getConnection()) {
            DatabaseMetaData metadata = connection.getMetaData();
            for (String name : List.of(table, table.toUpperCase(Locale.ROOT))) {
                try (ResultSet tables = metadata.getTables(null, connection.getSchema(), name, null)) {
                    if (tables.next()) {
                        return true;
                    }
                }
            }
            return false;
        }
    }
}
