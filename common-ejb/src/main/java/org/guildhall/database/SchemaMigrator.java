package org.guildhall.database;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Brings the schema up to date when the application starts. A database that cannot be reached does not stop the
 * deployment: readiness reports DOWN with a message that names the setting to fix, and asks again later, so a
 * server started before its database becomes ready on its own.
 */
@DataSourceDefinition(
        name = SchemaMigrator.DATA_SOURCE,
        className = "org.guildhall.database.GuildhallDataSource",
        minPoolSize = 0,
        maxPoolSize = 32)
@Singleton
@Startup
// Flyway commits its own transactions on the connection, so no JTA transaction may be active around it.
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SchemaMigrator {

    /** The JTA data source every service uses. */
    public static final String DATA_SOURCE = "java:app/jdbc/guildhall";

    private static final Logger LOG = Logger.getLogger(SchemaMigrator.class.getName());

    @Resource(lookup = DATA_SOURCE)
    DataSource dataSource;

    @Inject
    @ConfigProperty(name = "guildhall.db.migration-retry", defaultValue = "PT10S")
    Duration retryAfter;

    private final Clock clock = Clock.systemUTC();
    private volatile SchemaStatus status = SchemaStatus.notYetChecked();

    @PostConstruct
    void migrateAtStartup() {
        migrate();
    }

    /** Migrates now; the outcome is kept for {@link #status()}. */
    @Lock(LockType.WRITE)
    public SchemaStatus migrate() {
        DatabaseSettings settings = settings();
        try {
            Migrations.Result result = new Migrations(dataSource).apply();
            status = SchemaStatus.migrated(result.version(), clock.instant());
            LOG.log(
                    Level.INFO,
                    "Database {0}: schema at version {1} ({2} migrations applied by this module)",
                    new Object[] {settings.redactedUrl(), result.version(), result.appliedNow()});
        } catch (RuntimeException e) {
            String reason = "Schema migration failed for " + DatabaseSettings.URL + "=" + settings.redactedUrl()
                    + " (environment variable GUILDHALL_DB_URL): " + rootMessage(e);
            status = SchemaStatus.failed(reason, clock.instant());
            LOG.log(Level.SEVERE, reason);
        }
        return status;
    }

    /** The last outcome. */
    @Lock(LockType.READ)
    public SchemaStatus status() {
        return status;
    }

    /** True when the last attempt failed and the retry interval has passed since. */
    @Lock(LockType.READ)
    public boolean retryDue() {
        SchemaStatus current = status;
        return !current.migrated() && current.checkedAt().plus(retryAfter).isBefore(clock.instant());
    }

    @Lock(LockType.READ)
    public DatabaseSettings settings() {
        return DatabaseSettings.from(ConfigProvider.getConfig(SchemaMigrator.class.getClassLoader()));
    }

    static String rootMessage(Throwable e) {
        StringBuilder message = new StringBuilder();
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            String text = cause.getMessage();
            if (text != null && !message.toString().contains(text)) {
                if (message.length() > 0) {
                    message.append(" <- ");
                }
                message.append(text.strip());
            }
        }
        return message.length() > 0 ? message.toString() : e.getClass().getSimpleName();
    }
}
