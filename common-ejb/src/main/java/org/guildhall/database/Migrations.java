package org.guildhall.database;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies the versioned migrations of the {@code guildhall-sql} module. Several WARs or instances may call it at
 * the same moment: Flyway serialises them with its own lock (an advisory lock on PostgreSQL, a row lock on H2), so
 * each migration runs once and the others find it applied.
 */
public final class Migrations {

    static final String LOCATION = "classpath:db/migration";

    /**
     * How long an H2 starter waits for another to finish migrating. H2's default lock timeout is one second,
     * shorter than a migration.
     */
    static final int H2_LOCK_TIMEOUT_MILLIS = 120_000;

    private final DataSource dataSource;
    private final Flyway flyway;

    public Migrations(DataSource dataSource) {
        this.dataSource = dataSource;
        this.flyway = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations(LOCATION)
                .failOnMissingLocations(true)
                .load();
    }

    /** Applies what is pending and returns the schema version the database is at afterwards. */
    public Result apply() {
        if (!isH2()) {
            return migrate(); // PostgreSQL: Flyway serialises starters with an advisory lock
        }
        // Flyway's H2 lock is a SELECT ... FOR UPDATE on its history table, which locks nothing while that table
        // is new or empty: concurrent first starts then run the same migration twice. A row lock of our own,
        // held while Flyway runs, lets one starter migrate at a time.
        try (Connection lock = dataSource.getConnection();
                Statement statement = lock.createStatement()) {
            statement.execute("SET LOCK_TIMEOUT " + H2_LOCK_TIMEOUT_MILLIS);
            // In a schema of its own: Flyway refuses to start on a schema that holds tables it does not know.
            createUnlessRacing(statement, "CREATE SCHEMA IF NOT EXISTS guildhall_locks");
            createUnlessRacing(statement, "CREATE TABLE IF NOT EXISTS guildhall_locks.migration AS SELECT 1 AS id");
            lock.setAutoCommit(false);
            lockTheRow(lock, statement);
            try {
                return migrate();
            } finally {
                lock.commit();
                lock.setAutoCommit(true); // the connection goes back to the container's pool
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot take the migration lock: " + e.getMessage(), e);
        }
    }

    /**
     * Locks the lock table's row. H2 creates a table, and then fills it, in two steps another starter can see
     * between: a SELECT ... FOR UPDATE on the table still empty locks nothing, and both starters then ran the first
     * migration (a CI run saw "contains a failed migration to version 1"). So the row must be there, and locked,
     * before anyone migrates; until it is, the starter gives the other one the time to fill the table.
     */
    private static void lockTheRow(Connection lock, Statement statement) throws SQLException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(H2_LOCK_TIMEOUT_MILLIS);
        while (true) {
            try (ResultSet row = statement.executeQuery("SELECT id FROM guildhall_locks.migration FOR UPDATE")) {
                if (row.next()) {
                    return;
                }
            }
            lock.commit();
            if (System.nanoTime() > deadline) {
                throw new SQLException("the migration lock table stayed empty for " + H2_LOCK_TIMEOUT_MILLIS + " ms");
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    /**
     * H2 checks "IF NOT EXISTS" and creates in two steps, so two starters can both try to create: the one that
     * loses finds what it wanted, and the SELECT ... FOR UPDATE after it fails loudly if it is really missing.
     */
    private static void createUnlessRacing(Statement statement, String ddl) {
        try {
            statement.execute(ddl);
        } catch (SQLException alreadyCreatedByAnotherStarter) {
            // see above
        }
    }

    private Result migrate() {
        MigrateResult result = flyway.migrate();
        return new Result(currentVersion(), result.migrationsExecuted);
    }

    private boolean isH2() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getURL().startsWith("jdbc:h2:");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot connect to the database: " + e.getMessage(), e);
        }
    }

    public int pendingCount() {
        return flyway.info().pending().length;
    }

    /** The newest version among the migrations on the class path, applied or not. */
    public String latestVersion() {
        MigrationInfo[] all = flyway.info().all();
        return all.length == 0 ? "none" : all[all.length - 1].getVersion().getVersion();
    }

    public String currentVersion() {
        MigrationInfo current = flyway.info().current();
        return current == null ? "none" : current.getVersion().getVersion();
    }

    /** The schema version after migrating, and how many migrations this call applied itself. */
    public record Result(String version, int appliedNow) {}
}
