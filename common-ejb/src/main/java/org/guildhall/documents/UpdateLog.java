package org.guildhall.documents;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.guildhall.database.DatabaseSettings;
import org.guildhall.database.IdBlocks;
import org.guildhall.database.SchemaMigrator;
import org.guildhall.database.SqlDialect;

/**
 * Each document's Yjs updates as rows, in commit order: the first may be a snapshot (the merge of everything
 * before it), the rest the updates since. Connections join the caller's JTA transaction, except in
 * an {@link Appender}, which commits by itself.
 */
@ApplicationScoped
public class UpdateLog {

    private static final Logger LOG = Logger.getLogger(UpdateLog.class.getName());

    /** One stored update. */
    public record Entry(long id, byte[] payload) {}

    @Resource(lookup = SchemaMigrator.DATA_SOURCE)
    DataSource dataSource;

    /** SQLSTATE of a unique key violation, the same on H2 and PostgreSQL. */
    static final String UNIQUE_VIOLATION = "23505";

    private volatile DocumentRowIds ids;

    public UpdateLog() {}

    /** A log on a data source of its own, outside a container. */
    UpdateLog(DataSource dataSource, SqlDialect dialect) {
        this.dataSource = dataSource;
        this.ids = rowIds(dialect);
    }

    /** The document's log in order; empty for a document nobody has written. */
    public List<Entry> read(String document) throws SQLException {
        List<Entry> entries = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT id, payload FROM document_update WHERE document_name = ? ORDER BY id")) {
            select.setString(1, document);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    entries.add(new Entry(rows.getLong(1), rows.getBytes(2)));
                }
            }
        }
        return entries;
    }

    /** A stored update's id and size, for deciding what to read. */
    public record RowSize(long id, long bytes) {}

    /** The ids and sizes of the document's log in order, without reading the updates themselves. */
    public List<RowSize> sizes(String document) throws SQLException {
        List<RowSize> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT id, OCTET_LENGTH(payload)"
                        + " FROM document_update WHERE document_name = ? ORDER BY id")) {
            select.setString(1, document);
            try (ResultSet found = select.executeQuery()) {
                while (found.next()) {
                    rows.add(new RowSize(found.getLong(1), found.getLong(2)));
                }
            }
        }
        return rows;
    }

    /**
     * The rows {@code ids} of the document's log, in log order; ids no longer there are left out. Reads only the
     * range from the smallest to the largest of them, so neither the rows before it (a large snapshot, typically)
     * nor the rest of a long log are read.
     */
    public List<Entry> read(String document, Set<Long> ids) throws SQLException {
        List<Entry> entries = new ArrayList<>();
        if (ids.isEmpty()) {
            return entries;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT id, payload FROM document_update"
                        + " WHERE document_name = ? AND id BETWEEN ? AND ? ORDER BY id")) {
            select.setString(1, document);
            select.setLong(2, Collections.min(ids));
            select.setLong(3, Collections.max(ids));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    if (ids.contains(rows.getLong(1))) {
                        entries.add(new Entry(rows.getLong(1), rows.getBytes(2)));
                    }
                }
            }
        }
        return entries;
    }

    /** A connection of its own for one thread's appends; see {@link Appender}. */
    public Appender appender() {
        return new Appender();
    }

    /**
     * One thread's way to append: a connection from the pool, taken at the first append and kept, with its insert
     * statement, for every later one, until {@link #close} or a failure (which gives it back, so a broken connection
     * is not used twice). Each append is one local transaction of its own, committed on return: either all its
     * updates are stored or none is. Not for a caller inside a JTA transaction; not for two threads at once.
     *
     * <p>Why keep it: a sync writer commits once per update at low rates. Profiled in benchmarks/sync (400
     * updates/s), taking and returning a pooled connection for each commit was 9 % of what the server allocated and
     * about 5 % of the writers' CPU, and the pool's code was among what the JIT was still compiling in the phase.
     */
    public final class Appender implements AutoCloseable {

        private Connection connection;
        private PreparedStatement insert;

        private Appender() {}

        /** Appends the updates, in order, and commits. The documents must exist. */
        public void append(List<DocumentUpdated> updates, OffsetDateTime now) throws SQLException {
            try {
                if (connection == null) {
                    connection = dataSource.getConnection();
                    connection.setAutoCommit(false);
                    insert = connection.prepareStatement(INSERT);
                }
                // The log's foreign key refuses an update to a document that create() has not created.
                for (DocumentUpdated update : updates) {
                    bind(
                            insert,
                            ids().next(update.document(), connection),
                            update.document(),
                            update.encoded(),
                            false,
                            now);
                    if (updates.size() > 1) {
                        insert.addBatch();
                    }
                }
                // One row goes without a batch: H2's executeBatch builds an SQLException, stack trace and all, on
                // every call.
                if (updates.size() > 1) {
                    insert.executeBatch();
                } else {
                    insert.executeUpdate();
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                giveBack(e);
                throw e;
            }
        }

        /** Gives the connection back to the pool; the next append takes another. */
        @Override
        public void close() {
            giveBack(null);
        }

        /** Rolls back what is uncommitted and gives the connection back; a failure doing so joins {@code cause}. */
        private void giveBack(Exception cause) {
            if (connection == null) {
                return;
            }
            try (Connection given = connection) {
                connection = null;
                insert = null; // closed with its connection
                given.rollback();
                // The pool hands this connection out again, to JTA transactions too.
                given.setAutoCommit(true);
            } catch (SQLException e) {
                if (cause != null) {
                    cause.addSuppressed(e);
                } else {
                    LOG.log(Level.FINE, "Giving back the log's connection failed: {0}", e.toString());
                }
            }
        }
    }

    /**
     * Replaces exactly the rows {@code replaced} (ids as read) with one snapshot row holding their merge. It takes
     * the smallest of their ids so it still comes first; rows another instance added meanwhile are untouched,
     * whatever their ids (each instance draws ids in blocks of its own, so ids are not in commit order).
     */
    public void replaceWithSnapshot(String document, List<Long> replaced, byte[] snapshot, OffsetDateTime now)
            throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement delete =
                    connection.prepareStatement("DELETE FROM document_update WHERE document_name = ? AND id = ?")) {
                for (long id : replaced) {
                    delete.setString(1, document);
                    delete.setLong(2, id);
                    delete.addBatch();
                }
                delete.executeBatch();
            }
            insert(
                    connection,
                    replaced.stream().mapToLong(Long::longValue).min().orElseThrow(),
                    document,
                    snapshot,
                    true,
                    now);
        }
    }

    /** How many rows and bytes a document's log holds. */
    public record Size(long updates, long bytes) {}

    public Size size(String document) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT COUNT(*),"
                        + " COALESCE(SUM(OCTET_LENGTH(payload)), 0) FROM document_update WHERE document_name = ?")) {
            select.setString(1, document);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return new Size(rows.getLong(1), rows.getLong(2));
            }
        }
    }

    /** A stored document in a listing: its rows, their bytes and its last change (null before the first update). */
    public record Listed(String document, long updates, long bytes, OffsetDateTime lastChange) {}

    /** Documents in name order after {@code after} (all from the start when null), at most {@code limit}. */
    public List<Listed> list(String after, int limit) throws SQLException {
        List<Listed> documents = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT d.name, COUNT(u.id),"
                        + " COALESCE(SUM(OCTET_LENGTH(u.payload)), 0), MAX(u.created_at) FROM document d"
                        + " LEFT JOIN document_update u ON u.document_name = d.name WHERE d.name > ?"
                        + " GROUP BY d.name ORDER BY d.name LIMIT ?")) {
            select.setString(1, after == null ? "" : after);
            select.setInt(2, limit);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    documents.add(new Listed(
                            rows.getString(1),
                            rows.getLong(2),
                            rows.getLong(3),
                            rows.getObject(4, OffsetDateTime.class)));
                }
            }
        }
        return documents;
    }

    /** Whether the document has been created. */
    public boolean exists(String document) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT 1 FROM document WHERE name = ?")) {
            select.setString(1, document);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        }
    }

    /** Replaces the document's whole log with one snapshot row. */
    public void replaceAll(String document, byte[] snapshot, OffsetDateTime now) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement delete =
                    connection.prepareStatement("DELETE FROM document_update WHERE document_name = ?")) {
                delete.setString(1, document);
                delete.executeUpdate();
            }
            insert(connection, ids().next(document, connection), document, snapshot, true, now);
        }
    }

    /** Deletes the document and its log; false when there was no such document. */
    public boolean delete(String document) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("DELETE FROM document WHERE name = ?")) {
            delete.setString(1, document);
            return delete.executeUpdate() > 0;
        }
    }

    /** Bytes of every document's stored updates. */
    public long totalBytes() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT COALESCE(SUM(OCTET_LENGTH(payload)), 0) FROM document_update");
                ResultSet rows = select.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Documents whose log has grown past {@code threshold} rows. */
    public List<String> longerThan(int threshold) throws SQLException {
        List<String> documents = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT document_name FROM document_update" + " GROUP BY document_name HAVING COUNT(*) > ?")) {
            select.setInt(1, threshold);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    documents.add(rows.getString(1));
                }
            }
        }
        return documents;
    }

    /**
     * Creates the document's row unless it exists. Two instances (or clients) opening a new document at once may
     * both try: the loser's duplicate key is the outcome it wanted, so it reports success.
     */
    public void create(String document, OffsetDateTime now) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO document (name, created_at)"
                        + " SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM document WHERE name = ?)")) {
            insert.setString(1, document);
            insert.setObject(2, now);
            insert.setString(3, document);
            insert.executeUpdate();
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
        }
    }

    private static final String INSERT = "INSERT INTO document_update"
            + " (id, document_name, payload, snapshot, created_at) VALUES (?, ?, ?, ?, ?)";

    private static void insert(
            Connection connection, long id, String document, byte[] payload, boolean snapshot, OffsetDateTime now)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            bind(insert, id, document, payload, snapshot, now);
            insert.executeUpdate();
        }
    }

    private static void bind(
            PreparedStatement insert, long id, String document, byte[] payload, boolean snapshot, OffsetDateTime now)
            throws SQLException {
        insert.setLong(1, id);
        insert.setString(2, document);
        insert.setBytes(3, payload);
        insert.setBoolean(4, snapshot);
        insert.setObject(5, now);
    }

    private DocumentRowIds ids() {
        DocumentRowIds current = ids;
        if (current == null) {
            current = rowIds(
                    SqlDialect.of(DatabaseSettings.from(ConfigProvider.getConfig(UpdateLog.class.getClassLoader()))));
            ids = current;
        }
        return current;
    }

    private static DocumentRowIds rowIds(SqlDialect dialect) {
        return new DocumentRowIds(() -> new IdBlocks("document_update_seq", dialect));
    }
}
