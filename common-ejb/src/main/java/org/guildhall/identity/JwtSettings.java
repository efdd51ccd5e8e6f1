package org.guildhall.identity;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * The standard MicroProfile JWT settings, read once so that WebSocket handshakes verify tokens with exactly the
 * rules the REST layer (MP-JWT) uses.
 */
public record JwtSettings(
        Optional<String> publicKey,
        Optional<String> publicKeyLocation,
        String issuer,
        List<String> audiences,
        String algorithm,
        Duration clockSkew) {

    public static final String PUBLIC_KEY = "mp.jwt.verify.publickey";
    public static final String PUBLIC_KEY_LOCATION = "mp.jwt.verify.publickey.location";
    public static final String ISSUER = "mp.jwt.verify.issuer";
    public static final String AUDIENCES = "mp.jwt.verify.audiences";
    public static final String ALGORITHM = "mp.jwt.verify.publickey.algorithm";
    public static final String CLOCK_SKEW = "mp.jwt.verify.clock.skew";
    static final String DEFAULT_ALGORITHM = "RS256";
    static final long DEFAULT_CLOCK_SKEW_SECONDS = 60;

    public static JwtSettings from(Config config) {
        Optional<String> key = config.getOptionalValue(PUBLIC_KEY, String.class).filter(v -> !v.isBlank());
        Optional<String> location =
                config.getOptionalValue(PUBLIC_KEY_LOCATION, String.class).filter(v -> !v.isBlank());
        if (key.isPresent() && location.isPresent()) {
            throw new IllegalStateException(
                    "Set only one of " + PUBLIC_KEY + " and " + PUBLIC_KEY_LOCATION + ", not both");
        }
        String issuer = config.getOptionalValue(ISSUER, String.class)
                .filter(v -> !v.isBlank())
                .orElseThrow(() -> new IllegalStateException(
                        "No token issuer configured: set " + ISSUER + " (environment variable MP_JWT_VERIFY_ISSUER)"));
        List<String> audiences =
                config.getOptionalValues(AUDIENCES, String.class).orElse(List.of());
        String algorithm = config.getOptionalValue(ALGORITHM, String.class).orElse(DEFAULT_ALGORITHM);
        long skew = config.getOptionalValue(CLOCK_SKEW, Long.class).orElse(DEFAULT_CLOCK_SKEW_SECONDS);
        return new JwtSettings(key, location, issuer, audiences, algorithm, Duration.ofSeconds(skew));
    }
}
