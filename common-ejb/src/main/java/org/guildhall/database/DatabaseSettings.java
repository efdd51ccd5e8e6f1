package org.guildhall.database;

import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * Where the database is, read from MicroProfile Config. With no {@code guildhall.db.url} the server keeps an
 * embedded H2 file database inside its data directory, so a first run needs no set-up and survives a restart.
 */
public record DatabaseSettings(String url, String user, String password) {

    public static final String URL = "guildhall.db.url";
    public static final String USER = "guildhall.db.user";
    public static final String PASSWORD = "guildhall.db.password";
    public static final String DATA_DIR = "guildhall.data-dir";
    static final String DEFAULT_DATA_DIR = "data";
    static final String DEFAULT_H2_USER = "sa";

    /**
     * H2 writes committed transactions to its file up to half a second later by default, so a killed process
     * loses them. Guildhall relays an update once it is committed, so every commit must reach the file first.
     */
    static final String H2_DURABLE_COMMITS = ";WRITE_DELAY=0";

    public static DatabaseSettings from(Config config) {
        Optional<String> url = config.getOptionalValue(URL, String.class).filter(value -> !value.isBlank());
        if (url.isPresent()) {
            return new DatabaseSettings(
                    url.get().trim(),
                    config.getOptionalValue(USER, String.class).orElse(""),
                    config.getOptionalValue(PASSWORD, String.class).orElse(""));
        }
        Path dataDir = Path.of(config.getOptionalValue(DATA_DIR, String.class).orElse(DEFAULT_DATA_DIR));
        String file =
                dataDir.resolve("db").resolve("guildhall").toAbsolutePath().toString();
        return new DatabaseSettings(
                "jdbc:h2:file:" + file + H2_DURABLE_COMMITS,
                config.getOptionalValue(USER, String.class).orElse(DEFAULT_H2_USER),
                config.getOptionalValue(PASSWORD, String.class).orElse(""));
    }

    /** The URL with anything after the first {@code ?} or {@code ;} that could carry credentials left out. */
    public String redactedUrl() {
        int cut = url.length();
        for (char separator : new char[] {'?', ';'}) {
            int at = url.indexOf(separator);
            if (at >= 0 && at < cut) {
                cut = at;
            }
        }
        return cut < url.length() ? url.substring(0, cut) + "..." : url;
    }

    @Override
    public String toString() {
        return "DatabaseSettings[url=" + redactedUrl() + ", user=" + user + "]";
    }
}
