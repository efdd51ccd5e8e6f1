package org.guildhall.database;

/**
 * The little SQL that differs between the databases Guildhall runs on; everything else is written once in the
 * syntax both accept.
 */
public enum SqlDialect {
    H2("SELECT NEXT VALUE FOR %s"),
    POSTGRESQL("SELECT nextval('%s')");

    private final String nextValue;

    SqlDialect(String nextValue) {
        this.nextValue = nextValue;
    }

    public static SqlDialect of(DatabaseSettings settings) {
        return settings.url().startsWith("jdbc:postgresql:") ? POSTGRESQL : H2;
    }

    /** A query returning the sequence's next value (a plain identifier, never user input). */
    public String nextValue(String sequence) {
        return String.format(nextValue, sequence);
    }
}
