package org.guildhall.database;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;

/**
 * The databases the migration tests run on: always a fresh H2 file database; PostgreSQL too when the environment
 * variable {@code GUILDHALL_TEST_POSTGRES_URL} is set (as .ci/run does), each test in a schema of its own.
 */
final class TestDatabases {

    private TestDatabases() {}

    static DatabaseSettings freshH2(Path dir) {
        return new DatabaseSettings("jdbc:h2:file:" + dir.resolve("db").resolve("guildhall"), "sa", "");
    }

    static Optional<String> postgresUrl() {
        return environment("GUILDHALL_TEST_POSTGRES_URL");
    }

    private static Optional<String> environment(String name) {
        return Optional.ofNullable(System.getenv(name)).filter(value -> !value.isBlank());
    }

    /** A new, empty PostgreSQL schema, dropped on close; its settings make it the connection's current schema. */
    static PostgresSchema freshPostgresSchema(String url) throws SQLException {
        DatabaseSettings admin = new DatabaseSettings(
                url,
                environment("GUILDHALL_TEST_POSTGRES_USER").orElse("postgres"),
                environment("GUILDHALL_TEST_POSTGRES_PASSWORD").orElse(""));
        String schema = "gh_test_" + UUID.randomUUID().toString().replace("-", "");
        execute(admin, "CREATE SCHEMA " + schema);
        String separator = url.contains("?") ? "&" : "?";
        return new PostgresSchema(
                admin,
                new DatabaseSettings(url + separator + "currentSchema=" + schema, admin.user(), admin.password()),
                schema);
    }

    private static void execute(DatabaseSettings settings, String sql) throws SQLException {
        try (Connection connection = new GuildhallDataSource(settings).getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** A schema of one test's own; {@link #close()} drops it with everything in it. */
    record PostgresSchema(DatabaseSettings admin, DatabaseSettings settings, String name) implements AutoCloseable {
        @Override
        public void close() throws SQLException {
            execute(admin, "DROP SCHEMA " + name + " CASCADE");
        }
    }
}
