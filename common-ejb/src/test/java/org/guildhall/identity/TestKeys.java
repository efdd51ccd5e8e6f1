package org.guildhall.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/** Keys and tokens made at test time. */
final class TestKeys {

    static final String ISSUER = "https://sso.example.test/realms/guildhall";

    private TestKeys() {}

    static RSAKey rsa() {
        try {
            return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static ECKey ec() {
        try {
            return new ECKeyGenerator(Curve.P_256)
                    .keyID(UUID.randomUUID().toString())
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String publicPem(RSAKey key) throws JOSEException {
        return PemKeys.pem("PUBLIC KEY", key.toRSAPublicKey().getEncoded());
    }

    static String publicPem(ECKey key) throws JOSEException {
        return PemKeys.pem("PUBLIC KEY", key.toECPublicKey().getEncoded());
    }

    static JWTClaimsSet.Builder claims(String user) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(user)
                .claim("upn", user)
                .claim("groups", List.of("moderator"))
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
    }

    static String sign(JWK key, JWTClaimsSet claims) throws JOSEException {
        return sign(key, claims, JOSEObjectType.JWT);
    }

    static String sign(JWK key, JWTClaimsSet claims, JOSEObjectType type) throws JOSEException {
        JWSAlgorithm algorithm = key instanceof ECKey ? JWSAlgorithm.ES256 : JWSAlgorithm.RS256;
        JWSSigner signer = key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key);
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(algorithm)
                        .type(type)
                        .keyID(key.getKeyID())
                        .build(),
                claims);
        jwt.sign(signer);
        return jwt.serialize();
    }
}
