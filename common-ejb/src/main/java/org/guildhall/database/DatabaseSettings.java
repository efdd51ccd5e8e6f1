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

    /** How long the built-in H2 keeps a chunk of its file that nothing refers to any more, in milliseconds. */
    public static final String H2_RETENTION_MS = "guildhall.db.h2-retention-ms";

    /**
     * With every commit written at once, each commit is a chunk of the file (about 27 KB for one update), and H2
     * keeps a superseded chunk for its retention time, 45 s by default, so its metadata grows with the commits of
     * the last 45 s and every commit rewrites part of it. Measured in benchmarks/sync: the file reached 1.3 GB for
     * a few megabytes of documents, and a commit at 25 updates/s took 0.69 ms (p50) after a busy minute, 0.23 ms
     * with 1 s; 5 s gave 0.47 GB. Keeping chunks longer protects against a power loss that drops recent writes
     * (H2 does not flush to the disk on commit, so such a loss may cost recent commits whatever this is); a killed
     * process loses nothing either way, the operating system has every chunk written.
     */
    static final int DEFAULT_H2_RETENTION_MS = 5000;

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
        int retention = config.getOptionalValue(H2_RETENTION_MS, Integer.class).orElse(DEFAULT_H2_RETENTION_MS);
        if (retention < 0) {
            throw new IllegalArgumentException(H2_RETENTION_MS + " must be 0 or more milliseconds, not " + retention);
        }
        return new DatabaseSettings(
                "jdbc:h2:file:" + file + H2_DURABLE_COMMITS + ";RETENTION_TIME=" + retention,
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
