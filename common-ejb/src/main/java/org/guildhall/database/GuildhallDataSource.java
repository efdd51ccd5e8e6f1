package org.guildhall.database;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Map;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The JDBC data source behind the container's connection pool. The container instantiates it by class name
 * ({@code @DataSourceDefinition} in {@link SchemaMigrator}); it reads {@link DatabaseSettings} itself so that
 * choosing H2 or PostgreSQL is a matter of configuration alone, with no vendor class name to set.
 */
public class GuildhallDataSource implements DataSource {

    /** Vendor data sources by URL prefix; each has the bean setters setURL, setUser and setPassword. */
    private static final Map<String, String> VENDOR_DATA_SOURCES = Map.of(
            "jdbc:h2:", "org.h2.jdbcx.JdbcDataSource",
            "jdbc:postgresql:", "org.postgresql.ds.PGSimpleDataSource");

    private final DatabaseSettings settings;
    private final DataSource vendor;
    private PrintWriter logWriter;
    private int loginTimeout;

    public GuildhallDataSource() {
        this(DatabaseSettings.from(ConfigProvider.getConfig(GuildhallDataSource.class.getClassLoader())));
    }

    public GuildhallDataSource(DatabaseSettings settings) {
        this.settings = settings;
        this.vendor = vendorDataSource(settings);
    }

    public DatabaseSettings settings() {
        return settings;
    }

    private static DataSource vendorDataSource(DatabaseSettings settings) {
        String className = VENDOR_DATA_SOURCES.entrySet().stream()
                .filter(entry -> settings.url().startsWith(entry.getKey()))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
        if (className == null) {
            return null; // any other driver on the class path, through DriverManager
        }
        try {
            Class<?> type = Class.forName(className, true, GuildhallDataSource.class.getClassLoader());
            Object dataSource = type.getConstructor().newInstance();
            type.getMethod("setURL", String.class).invoke(dataSource, settings.url());
            type.getMethod("setUser", String.class).invoke(dataSource, settings.user());
            type.getMethod("setPassword", String.class).invoke(dataSource, settings.password());
            return (DataSource) dataSource;
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(
                    "No JDBC driver for " + DatabaseSettings.URL + "=" + settings.redactedUrl() + ": " + className
                            + " is not on the class path",
                    e);
        } catch (ReflectiveOperationException e) {
            Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
            throw new IllegalStateException(
                    "Cannot configure " + className + " for " + DatabaseSettings.URL + "=" + settings.redactedUrl(),
                    cause);
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        return getConnection(settings.user(), settings.password());
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        try {
            return vendor != null
                    ? vendor.getConnection(user, password)
                    : DriverManager.getConnection(settings.url(), user, password);
        } catch (SQLException e) {
            throw new SQLException(
                    "Cannot connect to the database at " + DatabaseSettings.URL + "=" + settings.redactedUrl() + " as "
                            + DatabaseSettings.USER + "=" + settings.user() + ": " + e.getMessage(),
                    e.getSQLState(),
                    e.getErrorCode(),
                    e);
        }
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public void setLoginTimeout(int seconds) {
        this.loginTimeout = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeout;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("GuildhallDataSource logs through its vendor data source");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        if (vendor != null && iface.isInstance(vendor)) {
            return iface.cast(vendor);
        }
        throw new SQLException("Not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this) || (vendor != null && iface.isInstance(vendor));
    }
}
