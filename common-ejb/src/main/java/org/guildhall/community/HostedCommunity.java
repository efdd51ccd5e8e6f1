package org.guildhall.community;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.guildhall.sockets.JsonMessages;

/**
 * The community this deployment hosts, read from {@code guildhall.community.file} (or the built-in one) and
 * validated against {@link CommunitySchema}. An invalid file fails the deployment, naming every problem; a file
 * changed while running is picked up within {@code guildhall.community.reload-interval}, and a change that breaks
 * the schema is logged and ignored, so a typo never takes a running community down.
 */
@ApplicationScoped
public class HostedCommunity {

    static final String BUILT_IN = "default-community.json";

    private static final Logger LOG = Logger.getLogger(HostedCommunity.class.getName());

    /** Configuration keys the community file replaced → the community.json key that took their place. */
    private static final Map<String, String> RETIRED_SETTINGS = Map.of(
            "guildhall.signaling.max-room-size", "features.collaboration.maxSessionSize",
            "guildhall.signaling.invites-per-hour", "limits.rateLimit.invitesPerHour",
            "guildhall.notifications.retention", "features.notifications.persistDays");

    @Inject
    @ConfigProperty(name = "guildhall.community.file")
    Optional<String> file;

    @Inject
    @ConfigProperty(name = "guildhall.community.reload-interval", defaultValue = "PT5S")
    Duration reloadInterval;

    private final CommunitySchema schema = CommunitySchema.load();
    private final jakarta.json.JsonObject defaults = parse(CommunitySchema.resource(BUILT_IN));

    private volatile Community current;
    private volatile long nextCheck;
    private FileVersion loadedVersion;

    /** Reads the community as the application starts, so an invalid file stops the deployment at once. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        current();
        warnAboutRetiredSettings();
    }

    @PostConstruct
    void load() {
        try {
            if (file.isEmpty()) {
                current = read(BUILT_IN, CommunitySchema.resource(BUILT_IN));
                return;
            }
            Path path = Path.of(file.get());
            FileVersion version = FileVersion.of(path)
                    .orElseThrow(() -> new InvalidCommunityException(
                            path.toString(),
                            List.of("$: no such file (set guildhall.community.file / GUILDHALL_COMMUNITY_FILE to an"
                                    + " existing community.json)")));
            current = read(path.toString(), text(path));
            loadedVersion = version;
            nextCheck = System.nanoTime() + reloadInterval.toNanos();
            LOG.log(Level.INFO, "Community {0} read from {1}", new Object[] {current.id(), path});
        } catch (InvalidCommunityException e) {
            // The container reports only "unable to invoke load()", without the cause's message: the operator
            // learns what to fix from this line alone.
            LOG.log(Level.SEVERE, "Guildhall cannot start: {0}", e.getMessage());
            throw e;
        } finally {
            if (current != null) {
                announceRequireAuth(current);
            }
        }
    }

    /** The community as it is now: the file is looked at again at most once per reload interval. */
    public Community current() {
        if (file.isPresent() && System.nanoTime() - nextCheck >= 0) {
            reloadIfChanged(Path.of(file.get()), false);
        }
        return current;
    }

    /**
     * The community after looking at the file now, however recently it was looked at: {@link BanWatch} looks once
     * per reload interval on its own schedule, and its looks must not be skipped because a request has just looked.
     */
    Community lookNow() {
        if (file.isPresent()) {
            reloadIfChanged(Path.of(file.get()), true);
        }
        return current;
    }

    /** Whether there is a file that may change; the built-in community never does. */
    boolean readsFile() {
        return file.isPresent();
    }

    Duration reloadInterval() {
        return reloadInterval;
    }

    private synchronized void reloadIfChanged(Path path, boolean now) {
        if (!now && System.nanoTime() - nextCheck < 0) {
            return; // another caller has just looked
        }
        nextCheck = System.nanoTime() + reloadInterval.toNanos();
        Optional<FileVersion> version = FileVersion.of(path);
        if (version.isEmpty() || version.get().equals(loadedVersion)) {
            return;
        }
        loadedVersion = version.get();
        try {
            Community changed = read(path.toString(), text(path));
            current = changed;
            LOG.log(Level.INFO, "Community {0} re-read from {1}", new Object[] {changed.id(), path});
            announceRequireAuth(changed);
        } catch (InvalidCommunityException e) {
            LOG.log(Level.SEVERE, "Keeping the community as it was: {0}", e.getMessage());
        }
    }

    /**
     * Settings the community file replaced: an operator who still sets one is told where the value lives now,
     * instead of wondering why it has no effect.
     */
    private static void warnAboutRetiredSettings() {
        Config config = ConfigProvider.getConfig();
        RETIRED_SETTINGS.forEach((setting, key) -> {
            if (config.getOptionalValue(setting, String.class).isPresent()) {
                LOG.log(Level.WARNING, "{0} is no longer read: set {1} in community.json instead", new Object[] {
                    setting, key
                });
            }
        });
    }

    /**
     * Guildhall authenticates every socket and REST call whatever the file says (docs/community.md): an operator who
     * wrote {@code requireAuth: false} is told so rather than left believing the community is open.
     */
    private static void announceRequireAuth(Community community) {
        if (!community.requireAuth()) {
            LOG.log(
                    Level.WARNING,
                    "Community {0} sets features.collaboration.requireAuth to false: Guildhall still requires a token"
                            + " on every socket and REST call; only community.json itself is public",
                    community.id());
        }
    }

    private Community read(String source, String json) {
        List<String> problems = schema.problems(json);
        if (!problems.isEmpty()) {
            throw new InvalidCommunityException(source, problems);
        }
        return Community.from(json, defaults);
    }

    private static String text(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidCommunityException(path.toString(), List.of("$: cannot be read: " + e));
        }
    }

    private static jakarta.json.JsonObject parse(String json) {
        try (var reader = JsonMessages.PROVIDER.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    /** What tells one version of the file from the next without reading it. */
    private record FileVersion(FileTime modified, long size) {
        static Optional<FileVersion> of(Path path) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                return Optional.of(new FileVersion(attributes.lastModifiedTime(), attributes.size()));
            } catch (IOException e) {
                return Optional.empty();
            }
        }
    }
}
