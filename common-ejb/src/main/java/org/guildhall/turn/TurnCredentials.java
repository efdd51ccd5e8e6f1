package org.guildhall.turn;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Issues TURN credentials with the shared secret the TURN server knows: the username is {@code expiry:userId} and
 * the credential is base64(HMAC-SHA1(secret, username)), so the TURN server can check them without asking us and
 * they stop working at the expiry.
 */
@ApplicationScoped
public class TurnCredentials {

    static final String HMAC = "HmacSHA1";

    // Comma-separated strings: Payara's MP Config cannot inject Optional<List<String>>.
    @Inject
    @ConfigProperty(name = "guildhall.turn.secret")
    Optional<String> secret;

    @Inject
    @ConfigProperty(name = "guildhall.turn.urls")
    Optional<String> turnUrls;

    @Inject
    @ConfigProperty(name = "guildhall.turn.stun-urls")
    Optional<String> stunUrls;

    @Inject
    @ConfigProperty(name = "guildhall.turn.ttl", defaultValue = "PT24H")
    Duration ttl;

    private Clock clock = Clock.systemUTC();

    public TurnCredentials() {}

    TurnCredentials(String secret, String turnUrls, String stunUrls, Duration ttl, Clock clock) {
        this.secret = Optional.ofNullable(secret);
        this.turnUrls = Optional.ofNullable(turnUrls);
        this.stunUrls = Optional.ofNullable(stunUrls);
        this.ttl = ttl;
        this.clock = clock;
    }

    public IceServers forUser(String user) {
        List<String> stun = list(stunUrls);
        Optional<String> key = secret.filter(value -> !value.isBlank());
        if (key.isEmpty()) {
            return new IceServers(
                    stun,
                    Optional.empty(),
                    Optional.empty(),
                    ttl.toSeconds(),
                    Optional.of("no TURN server is configured (guildhall.turn.secret): STUN only"));
        }
        String username = username(clock.instant().plus(ttl), user);
        List<String> urls = new ArrayList<>(list(turnUrls));
        urls.addAll(stun);
        return new IceServers(
                urls,
                Optional.of(username),
                Optional.of(credential(key.get(), username)),
                ttl.toSeconds(),
                Optional.empty());
    }

    /**
     * The TURN and STUN URLs every client may know (published in community.json); the credentials for the TURN
     * URLs are per user, from {@link #forUser}.
     */
    public List<String> publicUrls() {
        List<String> urls = new ArrayList<>();
        if (secret.filter(value -> !value.isBlank()).isPresent()) {
            urls.addAll(list(turnUrls));
        }
        urls.addAll(list(stunUrls));
        return urls;
    }

    static String username(Instant expiry, String user) {
        return expiry.getEpochSecond() + ":" + user;
    }

    static String credential(String secret, String username) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC));
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no " + HMAC, e);
        }
    }

    private static List<String> list(Optional<String> commaSeparated) {
        return Stream.of(commaSeparated.orElse("").split(","))
                .map(String::strip)
                .filter(url -> !url.isEmpty())
                .toList();
    }
}
