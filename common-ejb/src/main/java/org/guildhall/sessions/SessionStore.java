package org.guildhall.sessions;

import static org.guildhall.database.SqlStatements.count;
import static org.guildhall.database.SqlStatements.prepare;
import static org.guildhall.database.SqlStatements.update;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.guildhall.database.SchemaMigrator;

/**
 * The session tables in SQL that H2 and PostgreSQL both accept. Connections come from the container's JTA data
 * source, so every call joins the caller's transaction. Plain JDBC, as the notification store and for its reason.
 */
@ApplicationScoped
public class SessionStore {

    static final String COLUMNS = "id, room_id, document_name, host, title, description, visibility,"
            + " max_participants, audio_enabled, video_enabled, screen_share_enabled, invitees_read_only,"
            + " created_at, ended_at, ended_by";

    static final String MEMBER_COLUMNS = "session_id, user_id, access, invited_by, invited_at";

    /** Rows of {@code session_host_lock} (V5): 0 to this, exclusive. */
    static final int HOST_LOCK_STRIPES = 64;

    /** Newest first, the id breaking ties, so that a page's last session is an exact cursor. */
    private static final String NEWEST_FIRST = " ORDER BY created_at DESC, id DESC FETCH FIRST ? ROWS ONLY";

    /** Sessions older than the cursor's in {@link #NEWEST_FIRST} order. */
    private static final String OLDER_THAN = " AND (created_at < ? OR (created_at = ? AND id < ?))";

    @Resource(lookup = SchemaMigrator.DATA_SOURCE)
    DataSource dataSource;

    void insert(CollaborationSession session) throws SQLException {
        update(
                dataSource,
                "INSERT INTO collaboration_session (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                        + " NULL, NULL)",
                session.id(),
                session.roomId(),
                session.documentName(),
                session.host(),
                session.title(),
                session.description().orElse(null),
                session.visibility(),
                session.maxParticipants(),
                session.audioEnabled(),
                session.videoEnabled(),
                session.screenShareEnabled(),
                session.inviteesReadOnly(),
                session.createdAt());
    }

    Optional<CollaborationSession> find(String id) throws SQLException {
        return first("SELECT " + COLUMNS + " FROM collaboration_session WHERE id = ?", id);
    }

    /** The session, its row locked until the transaction ends: invites and ending it are counted one at a time. */
    Optional<CollaborationSession> lock(String id) throws SQLException {
        return first("SELECT " + COLUMNS + " FROM collaboration_session WHERE id = ? FOR UPDATE", id);
    }

    Optional<CollaborationSession> findByRoom(String room) throws SQLException {
        return first("SELECT " + COLUMNS + " FROM collaboration_session WHERE room_id = ?", room);
    }

    Optional<CollaborationSession> findByDocument(String document) throws SQLException {
        return first("SELECT " + COLUMNS + " FROM collaboration_session WHERE document_name = ?", document);
    }

    /**
     * Locks the host's row of {@code session_host_lock} until the transaction ends, so that one host's creates are
     * counted one at a time. The rows are stripes, made by the migration (a host is never inserted, so there is no
     * insert race to lose): hosts sharing a stripe wait for each other's create, which takes milliseconds.
     */
    void lockHost(String host) throws SQLException {
        int stripe = hostStripe(host);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = prepare(
                        connection, "SELECT stripe FROM session_host_lock WHERE stripe = ? FOR UPDATE", stripe);
                ResultSet rows = select.executeQuery()) {
            if (!rows.next()) {
                throw new SQLException("session_host_lock has no row " + stripe + ": is the schema at version 5?");
            }
        }
    }

    /** The stripe of a host: {@link String#hashCode} is specified, so every instance picks the same one. */
    static int hostStripe(String host) {
        return Math.floorMod(host.hashCode(), HOST_LOCK_STRIPES);
    }

    long liveCount(String host) throws SQLException {
        return count(
                dataSource, "SELECT COUNT(*) FROM collaboration_session WHERE host = ? AND ended_at IS NULL", host);
    }

    long startedSince(String host, OffsetDateTime since) throws SQLException {
        return count(
                dataSource,
                "SELECT COUNT(*) FROM collaboration_session WHERE host = ? AND created_at > ?",
                host,
                since);
    }

    /** Live public sessions, newest first, older than {@code cursor} when there is one. */
    List<CollaborationSession> livePublic(Optional<CollaborationSession> cursor, int limit) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM collaboration_session WHERE visibility = ? AND ended_at IS NULL";
        List<Object> parameters = new ArrayList<>(List.of(CollaborationSession.PUBLIC));
        return page(sql, parameters, cursor, limit);
    }

    /** Sessions {@code user} hosted or was invited to, newest first, older than {@code cursor}. */
    List<CollaborationSession> history(String user, Optional<CollaborationSession> cursor, int limit)
            throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM collaboration_session WHERE (host = ?"
                + " OR id IN (SELECT session_id FROM session_member WHERE user_id = ?))";
        List<Object> parameters = new ArrayList<>(List.of(user, user));
        return page(sql, parameters, cursor, limit);
    }

    /** Ends a live session; false when it had already ended. */
    boolean end(String id, OffsetDateTime at, String by) throws SQLException {
        return update(
                        dataSource,
                        "UPDATE collaboration_session SET ended_at = ?, ended_by = ? WHERE id = ? AND ended_at IS NULL",
                        at,
                        by,
                        id)
                > 0;
    }

    Optional<SessionMember> member(String sessionId, String user) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = prepare(
                        connection,
                        "SELECT " + MEMBER_COLUMNS + " FROM session_member WHERE session_id = ? AND user_id = ?",
                        sessionId,
                        user);
                ResultSet rows = select.executeQuery()) {
            if (!rows.next()) {
                return Optional.empty();
            }
            return Optional.of(new SessionMember(
                    rows.getString(1),
                    rows.getString(2),
                    SessionMember.READ_ONLY.equals(rows.getString(3)),
                    rows.getString(4),
                    rows.getObject(5, OffsetDateTime.class)));
        }
    }

    long memberCount(String sessionId) throws SQLException {
        return count(dataSource, "SELECT COUNT(*) FROM session_member WHERE session_id = ?", sessionId);
    }

    void addMember(SessionMember member) throws SQLException {
        update(
                dataSource,
                "INSERT INTO session_member (" + MEMBER_COLUMNS + ") VALUES (?, ?, ?, ?, ?)",
                member.sessionId(),
                member.user(),
                member.access(),
                member.invitedBy(),
                member.invitedAt());
    }

    void changeAccess(SessionMember member) throws SQLException {
        update(
                dataSource,
                "UPDATE session_member SET access = ? WHERE session_id = ? AND user_id = ?",
                member.access(),
                member.sessionId(),
                member.user());
    }

    private List<CollaborationSession> page(
            String sql, List<Object> parameters, Optional<CollaborationSession> cursor, int limit) throws SQLException {
        StringBuilder query = new StringBuilder(sql);
        if (cursor.isPresent()) {
            query.append(OLDER_THAN);
            parameters.add(cursor.get().createdAt());
            parameters.add(cursor.get().createdAt());
            parameters.add(cursor.get().id());
        }
        query.append(NEWEST_FIRST);
        parameters.add(limit);
        return query(query.toString(), parameters.toArray());
    }

    private Optional<CollaborationSession> first(String sql, Object... parameters) throws SQLException {
        return query(sql, parameters).stream().findFirst();
    }

    private List<CollaborationSession> query(String sql, Object... parameters) throws SQLException {
        List<CollaborationSession> found = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = prepare(connection, sql, parameters);
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                found.add(new CollaborationSession(
                        rows.getString(1),
                        rows.getString(2),
                        rows.getString(3),
                        rows.getString(4),
                        rows.getString(5),
                        Optional.ofNullable(rows.getString(6)),
                        CollaborationSession.PUBLIC.equals(rows.getString(7)),
                        rows.getInt(8),
                        rows.getBoolean(9),
                        rows.getBoolean(10),
                        rows.getBoolean(11),
                        rows.getBoolean(12),
                        rows.getObject(13, OffsetDateTime.class),
                        Optional.ofNullable(rows.getObject(14, OffsetDateTime.class)),
                        Optional.ofNullable(rows.getString(15))));
            }
        }
        return found;
    }
}
