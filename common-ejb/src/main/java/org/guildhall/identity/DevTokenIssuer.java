package org.guildhall.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Mints tokens for local users in development mode, signed with {@link DevKeyPair}. */
@ApplicationScoped
public class DevTokenIssuer {

    @Inject
    @ConfigProperty(name = "guildhall.dev.token-ttl", defaultValue = "PT8H")
    Duration tokenTtl;

    private final Clock clock = Clock.systemUTC();

    public boolean enabled() {
        return DevMode.enabled();
    }

    public String issue(String user, List<String> groups) {
        if (!enabled()) {
            throw new IllegalStateException("development mode is off");
        }
        RSAKey key = DevKeyPair.loadOrCreate(DevMode.keyFile());
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(DevMode.ISSUER)
                .subject(user)
                .claim("upn", user)
                .claim("groups", List.copyOf(groups))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(tokenTtl)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .type(JOSEObjectType.JWT)
                        .keyID(key.getKeyID())
                        .build(),
                claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign a development token", e);
        }
        return jwt.serialize();
    }
}
