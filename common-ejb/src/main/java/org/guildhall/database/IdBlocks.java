package org.guildhall.database;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Hands out ids from a database sequence that advances by {@link #BLOCK} (the migrations create them so): one
 * round trip per block of ids, and every WAR and instance gets blocks of its own. A sequence value {@code v} is the
 * last id of its block, {@code v - BLOCK + 1 .. v}, as JPA providers read it too.
 */
public final class IdBlocks {

    public static final int BLOCK = 50;

    private final String sequence;
    private final SqlDialect dialect;
    private long next;
    private long last = -1;

    public IdBlocks(String sequence, SqlDialect dialect) {
        this.sequence = sequence;
        this.dialect = dialect;
    }

    public synchronized long next(Connection connection) throws SQLException {
        if (next > last) {
            try (Statement statement = connection.createStatement();
                    ResultSet value = statement.executeQuery(dialect.nextValue(sequence))) {
                value.next();
                last = value.getLong(1);
                next = last - BLOCK + 1;
            }
        }
        return next++;
    }
}
