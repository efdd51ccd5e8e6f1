package org.guildhall.database;

import java.time.Instant;

/** Where start-up left the schema: migrated to a version, or not, with the reason an operator can act on. */
public record SchemaStatus(boolean migrated, String version, String error, Instant checkedAt) {

    static SchemaStatus notYetChecked() {
        return new SchemaStatus(false, "none", "schema migration has not run yet", Instant.EPOCH);
    }

    static SchemaStatus migrated(String version, Instant at) {
        return new SchemaStatus(true, version, null, at);
    }

    static SchemaStatus failed(String error, Instant at) {
        return new SchemaStatus(false, "none", error, at);
    }
}
