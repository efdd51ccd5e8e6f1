package org.guildhall.notifications;

import static org.guildhall.database.SqlStatements.count;
import static org.guildhall.database.SqlStatements.prepare;
import static org.guildhall.database.SqlStatements.update;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.guildhall.database.DatabaseSettings;
import org.guildhall.database.IdBlocks;
import org.guildhall.database.SchemaMigrator;
import org.guildhall.database.SqlDialect;

/**
 * The notification tables in SQL that H2 and PostgreSQL both accept. Connections come from the container's JTA data
 * source, so every call joins the caller's transaction. Plain JDBC rather than JPA: Payara deploys a persistence
 * unit by connecting to the database, which would turn "database down" into "application not deployed".
 */
@ApplicationScoped
public class NotificationStore {

    static final String COLUMNS = "id, recipient, sender, notification_type, title, message, data, actions,"
            + " created_at, read_at, expires_at";

    /** Groups are stored between separators so that a group's members are found with LIKE. */
    static final String GROUP_SEPARATOR = ",";

    @Resource(lookup = SchemaMigrator.DATA_SOURCE)
    DataSource dataSource;

    private volatile IdBlocks ids;

    Notification insert(
            String recipient,
            String sender,
            NotificationType type,
            NotificationTemplates.Rendered rendered,
            String data,
            OffsetDateTime createdAt,
            OffsetDateTime expiresAt)
            throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            Notification notification = Notification.create(
                    ids().next(connection), recipient, sender, type, rendered, data, createdAt, expiresAt);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO notification (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setLong(1, notification.id());
                insert.setString(2, notification.recipient());
                insert.setString(3, notification.sender().orElse(null));
                insert.setString(4, notification.type());
                insert.setString(5, notification.title());
                insert.setString(6, notification.message());
                insert.setString(7, notification.data());
                insert.setString(8, notification.actions());
                insert.setObject(9, notification.createdAt());
                insert.setNull(10, Types.TIMESTAMP_WITH_TIMEZONE);
                insert.setObject(11, notification.expiresAt());
                insert.executeUpdate();
            }
            return notification;
        }
    }

    Optional<Notification> find(long id) throws SQLException {
        List<Notification> found = query("SELECT " + COLUMNS + " FROM notification WHERE id = ?", 1, id);
        return found.stream().findFirst();
    }

    /** Newest first: the recipient's live notifications with {@code after < id < before}. */
    List<Notification> page(
            String recipient,
            long before,
            long after,
            OffsetDateTime now,
            Optional<NotificationType> type,
            boolean unreadOnly,
            int limit)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM notification"
                + " WHERE recipient = ? AND id < ? AND id > ? AND expires_at > ?");
        List<Object> parameters = new ArrayList<>(List.of(recipient, before, after, now));
        if (type.isPresent()) {
            sql.append(" AND notification_type = ?");
            parameters.add(type.get().wireName());
        }
        if (unreadOnly) {
            sql.append(" AND read_at IS NULL");
        }
        // The limit in the SQL itself, so PostgreSQL plans for a page and not for the whole inbox.
        sql.append(" ORDER BY id DESC FETCH FIRST ? ROWS ONLY");
        parameters.add(limit);
        return query(sql.toString(), limit, parameters.toArray());
    }

    long unreadCount(String recipient, OffsetDateTime now) throws SQLException {
        return count(
                dataSource,
                "SELECT COUNT(*) FROM notification WHERE recipient = ? AND read_at IS NULL AND expires_at > ?",
                recipient,
                now);
    }

    long sentSince(String sender, OffsetDateTime since) throws SQLException {
        return count(
                dataSource, "SELECT COUNT(*) FROM notification WHERE sender = ? AND created_at > ?", sender, since);
    }

    /** Marks it read unless it already is; true when this call changed it. */
    boolean markRead(long id, OffsetDateTime at) throws SQLException {
        return update(dataSource, "UPDATE notification SET read_at = ? WHERE id = ? AND read_at IS NULL", at, id) > 0;
    }

    int markAllRead(String recipient, OffsetDateTime at) throws SQLException {
        return update(
                dataSource,
                "UPDATE notification SET read_at = ? WHERE recipient = ? AND read_at IS NULL",
                at,
                recipient);
    }

    boolean delete(long id) throws SQLException {
        return update(dataSource, "DELETE FROM notification WHERE id = ?", id) > 0;
    }

    /** The oldest expired notifications, at most {@code limit}. */
    List<Notification> expired(OffsetDateTime now, int limit) throws SQLException {
        return query("SELECT " + COLUMNS + " FROM notification WHERE expires_at <= ? ORDER BY expires_at", limit, now);
    }

    /**
     * Records a member: a new row, or their current groups and last-seen time, rewritten only when the groups
     * changed or the last visit is older than {@code refresh} (a member lists notifications often).
     */
    void rememberMember(String user, Set<String> groups, OffsetDateTime now, java.time.Duration refresh)
            throws SQLException {
        String encoded = GROUP_SEPARATOR + String.join(GROUP_SEPARATOR, new TreeSet<>(groups)) + GROUP_SEPARATOR;
        int updated = update(
                dataSource,
                "UPDATE community_member SET user_groups = ?, last_seen = ?"
                        + " WHERE user_id = ? AND (user_groups <> ? OR last_seen < ?)",
                encoded,
                now,
                user,
                encoded,
                now.minus(refresh));
        if (updated == 0 && count(dataSource, "SELECT COUNT(*) FROM community_member WHERE user_id = ?", user) == 0) {
            update(
                    dataSource,
                    "INSERT INTO community_member (user_id, user_groups, first_seen, last_seen) VALUES (?, ?, ?, ?)",
                    user,
                    encoded,
                    now,
                    now);
        }
    }

    /** Every known member, or those whose last token put them in {@code group}. */
    List<String> members(Optional<String> group) throws SQLException {
        String sql = "SELECT user_id, user_groups FROM community_member ORDER BY user_id";
        List<String> members = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql);
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                List<String> groups = Arrays.asList(rows.getString(2).split(GROUP_SEPARATOR));
                if (group.isEmpty() || groups.contains(group.get())) {
                    members.add(rows.getString(1));
                }
            }
        }
        return members;
    }

    private IdBlocks ids() {
        IdBlocks current = ids;
        if (current == null) {
            current = new IdBlocks(
                    "notification_seq",
                    SqlDialect.of(
                            DatabaseSettings.from(ConfigProvider.getConfig(NotificationStore.class.getClassLoader()))));
            ids = current;
        }
        return current;
    }

    private List<Notification> query(String sql, int limit, Object... parameters) throws SQLException {
        List<Notification> found = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = prepare(connection, sql, parameters)) {
            select.setMaxRows(limit);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    found.add(new Notification(
                            rows.getLong(1),
                            rows.getString(2),
                            rows.getString(3),
                            rows.getString(4),
                            rows.getString(5),
                            rows.getString(6),
                            rows.getString(7),
                            rows.getString(8),
                            rows.getObject(9, OffsetDateTime.class),
                            rows.getObject(10, OffsetDateTime.class),
                            rows.getObject(11, OffsetDateTime.class)));
                }
            }
        }
        return found;
    }
}
