package org.guildhall.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.proc.SingleKeyJWSKeySelector;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.text.ParseException;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Verifies a bearer token with the same rules as MicroProfile JWT: a signature by the configured key (PEM, JWK,
 * JWKS file or JWKS URL) with the configured algorithm, a valid {@code exp}, the configured {@code iss}, and the
 * configured {@code aud} when there is one, the claims MP-JWT requires ({@link #REQUIRED_CLAIMS}) and the header
 * {@code typ: JWT}. Payara's MP-JWT insists on the last two, so a token without them would open sockets but fail
 * every REST call. Unsigned tokens ({@code alg: none}) never pass.
 */
@ApplicationScoped
public class TokenVerifier {

    /** The claims Payara's MP-JWT requires of every token; the sockets require the same. */
    static final Set<String> REQUIRED_CLAIMS = Set.of("iss", "sub", "exp", "iat", "jti", "groups");

    private volatile ConfigurableJWTProcessor<SecurityContext> processor;

    /** For CDI: the settings are read from MicroProfile Config on first use. */
    public TokenVerifier() {}

    public TokenVerifier(JwtSettings settings) {
        this.processor = processorFor(settings);
    }

    /** The user the token names, or the reason it is refused. */
    public VerifiedUser verify(String token) throws InvalidTokenException {
        if (token == null || token.isBlank()) {
            throw new InvalidTokenException("no access token");
        }
        JWTClaimsSet claims;
        try {
            claims = processor().process(token, null);
        } catch (ParseException e) {
            throw new InvalidTokenException("malformed token", e);
        } catch (BadJWTException e) {
            throw new InvalidTokenException("token rejected: " + e.getMessage(), e);
        } catch (KeySourceException e) {
            throw new InvalidTokenException("the token signing keys are unavailable", e);
        } catch (BadJOSEException | JOSEException e) {
            throw new InvalidTokenException("token signature rejected", e);
        }
        return new VerifiedUser(userName(claims), groups(claims));
    }

    private ConfigurableJWTProcessor<SecurityContext> processor() {
        ConfigurableJWTProcessor<SecurityContext> current = processor;
        if (current == null) {
            current = processorFor(JwtSettings.from(ConfigProvider.getConfig(TokenVerifier.class.getClassLoader())));
            processor = current;
        }
        return current;
    }

    static String userName(JWTClaimsSet claims) throws InvalidTokenException {
        for (String claim : List.of("upn", "preferred_username", "sub")) {
            Object value = claims.getClaim(claim);
            if (value instanceof String name && !name.isBlank()) {
                return name;
            }
        }
        throw new InvalidTokenException("token names no user (upn, preferred_username or sub)");
    }

    static Set<String> groups(JWTClaimsSet claims) throws InvalidTokenException {
        try {
            List<String> groups = claims.getStringListClaim("groups");
            return groups == null ? Set.of() : new LinkedHashSet<>(groups);
        } catch (ParseException e) {
            throw new InvalidTokenException("the groups claim is not a list of strings", e);
        }
    }

    static ConfigurableJWTProcessor<SecurityContext> processorFor(JwtSettings settings) {
        JWSAlgorithm algorithm = JWSAlgorithm.parse(settings.algorithm());
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT));
        processor.setJWSKeySelector(keySelector(settings, algorithm));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                settings.audiences().isEmpty() ? null : new HashSet<>(settings.audiences()),
                new JWTClaimsSet.Builder().issuer(settings.issuer()).build(),
                REQUIRED_CLAIMS,
                null);
        claims.setMaxClockSkew((int) settings.clockSkew().toSeconds());
        processor.setJWTClaimsSetVerifier(claims);
        return processor;
    }

    private static JWSKeySelector<SecurityContext> keySelector(JwtSettings settings, JWSAlgorithm algorithm) {
        if (settings.publicKey().isPresent()) {
            return selectorFor(settings.publicKey().get(), algorithm, JwtSettings.PUBLIC_KEY);
        }
        String location = settings.publicKeyLocation()
                .orElseThrow(() -> new IllegalStateException("No token verification key configured: set "
                        + JwtSettings.PUBLIC_KEY + " or " + JwtSettings.PUBLIC_KEY_LOCATION));
        if (location.startsWith("https://") || location.startsWith("http://")) {
            try {
                // A JWKS endpoint: keys are fetched, cached and refreshed when a token names an unknown kid.
                URL url = URI.create(location).toURL();
                return new JWSVerificationKeySelector<>(
                        algorithm, JWKSourceBuilder.create(url).build());
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalStateException("Bad " + JwtSettings.PUBLIC_KEY_LOCATION + ": " + location, e);
            }
        }
        return selectorFor(readLocation(location), algorithm, JwtSettings.PUBLIC_KEY_LOCATION + "=" + location);
    }

    private static String readLocation(String location) {
        try {
            if (location.startsWith("classpath:")) {
                String resource = location.substring("classpath:".length()).replaceFirst("^/", "");
                try (InputStream in = TokenVerifier.class.getClassLoader().getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new IllegalStateException(
                                "No class path resource " + resource + " for " + JwtSettings.PUBLIC_KEY_LOCATION);
                    }
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            Path path = location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + JwtSettings.PUBLIC_KEY_LOCATION + "=" + location, e);
        }
    }

    private static JWSKeySelector<SecurityContext> selectorFor(String text, JWSAlgorithm algorithm, String source) {
        String content = text.strip();
        try {
            if (content.startsWith("{")) {
                if (content.contains("\"keys\"")) {
                    return new JWSVerificationKeySelector<>(algorithm, new ImmutableJWKSet<>(JWKSet.parse(content)));
                }
                return new SingleKeyJWSKeySelector<>(algorithm, publicKeyOf(JWK.parse(content)));
            }
            // A single configured key verifies every token, whatever kid the issuer puts in its header.
            return new SingleKeyJWSKeySelector<>(algorithm, PemKeys.parsePublicKey(content));
        } catch (ParseException | JOSEException | RuntimeException e) {
            throw new IllegalStateException("Cannot read the token verification key from " + source, e);
        }
    }

    private static PublicKey publicKeyOf(JWK jwk) throws JOSEException {
        if (jwk instanceof RSAKey rsa) {
            return rsa.toRSAPublicKey();
        }
        if (jwk instanceof ECKey ec) {
            return ec.toECPublicKey();
        }
        throw new JOSEException("unsupported key type " + jwk.getKeyType());
    }
}
