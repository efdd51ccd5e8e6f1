package org.guildhall.identity;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The development mode switch. It is read from system properties and the environment only (never from a file
 * inside the application), because it decides what the configuration itself contains: with it on, the server
 * signs its own tokens with a key pair it keeps in the data directory.
 */
public final class DevMode {

    public static final String PROPERTY = "guildhall.dev-mode";
    public static final String ISSUER = "urn:guildhall:dev";
    static final String DATA_DIR_PROPERTY = "guildhall.data-dir";
    static final String DEFAULT_DATA_DIR = "data";

    private DevMode() {}

    public static boolean enabled() {
        return Boolean.parseBoolean(setting(PROPERTY).orElse("false"));
    }

    /** Where the dev key pair lives: {@code <guildhall.data-dir>/dev-jwt-key.pem}. */
    public static Path keyFile() {
        return Path.of(setting(DATA_DIR_PROPERTY).orElse(DEFAULT_DATA_DIR)).resolve("dev-jwt-key.pem");
    }

    /** A setting from a system property or, with MicroProfile Config's naming, an environment variable. */
    static Optional<String> setting(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            value = System.getenv(name.toUpperCase().replaceAll("[^A-Z0-9]", "_"));
        }
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }
}
