package org.guildhall.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The schema version the server should reach: the newest migration in the sql module's sources. */
final class Schema {

    private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__.*\\.sql");

    private Schema() {}

    static String latestVersion() {
        Path migrations = Path.of(System.getProperty("guildhall.project.dir"), "sql/src/main/resources/db/migration");
        try (Stream<Path> files = Files.list(migrations)) {
            return Integer.toString(
                    files.map(file -> VERSIONED.matcher(file.getFileName().toString()))
                            .filter(Matcher::matches)
                            .mapToInt(match -> Integer.parseInt(match.group(1)))
                            .max()
                            .orElseThrow());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
