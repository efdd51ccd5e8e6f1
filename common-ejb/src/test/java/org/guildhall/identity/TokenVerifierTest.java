package org.guildhall.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenVerifierTest {

    private final RSAKey key = TestKeys.rsa();

    private TokenVerifier verifierFor(String pem, List<String> audiences) {
        return new TokenVerifier(new JwtSettings(
                Optional.of(pem), Optional.empty(), TestKeys.ISSUER, audiences, "RS256", Duration.ofSeconds(60)));
    }

    private TokenVerifier verifier() throws Exception {
        return verifierFor(TestKeys.publicPem(key), List.of());
    }

    @Test
    void acceptsATokenSignedByTheConfiguredKeyAndNamesItsUser() throws Exception {
        VerifiedUser user =
                verifier().verify(TestKeys.sign(key, TestKeys.claims("alice").build()));

        assertEquals("alice", user.getName());
        assertEquals(Set.of("moderator"), user.groups());
    }

    @Test
    void namesTheUserByUpnThenPreferredUsernameThenSubject() throws Exception {
        JWTClaimsSet preferred = TestKeys.claims("sub-1")
                .claim("upn", null)
                .claim("preferred_username", "bob")
                .build();
        JWTClaimsSet subjectOnly = TestKeys.claims("sub-2").claim("upn", null).build();

        assertEquals("bob", verifier().verify(TestKeys.sign(key, preferred)).getName());
        assertEquals("sub-2", verifier().verify(TestKeys.sign(key, subjectOnly)).getName());
    }

    @Test
    void refusesAnExpiredToken() throws Exception {
        Instant past = Instant.now().minus(Duration.ofHours(1));
        String token = TestKeys.sign(
                key, TestKeys.claims("alice").expirationTime(Date.from(past)).build());

        InvalidTokenException refused =
                assertThrows(InvalidTokenException.class, () -> verifier().verify(token));
        assertTrue(refused.getMessage().contains("xpired"), refused.getMessage());
    }

    @Test
    void refusesATokenWithoutExpiry() throws Exception {
        String token =
                TestKeys.sign(key, TestKeys.claims("alice").expirationTime(null).build());

        assertThrows(InvalidTokenException.class, () -> verifier().verify(token));
    }

    @Test
    void refusesATokenWithoutTheClaimsMpJwtRequires() throws Exception {
        for (String claim : List.of("sub", "iat", "jti", "groups")) {
            String token = TestKeys.sign(
                    key, TestKeys.claims("alice").claim(claim, null).build());

            assertThrows(InvalidTokenException.class, () -> verifier().verify(token), "without " + claim);
        }
    }

    @Test
    void refusesATokenSignedByAnotherKey() throws Exception {
        String token = TestKeys.sign(TestKeys.rsa(), TestKeys.claims("mallory").build());

        assertThrows(InvalidTokenException.class, () -> verifier().verify(token));
    }

    @Test
    void refusesAnUnsignedToken() throws Exception {
        String token = new PlainJWT(TestKeys.claims("mallory").build()).serialize();

        assertThrows(InvalidTokenException.class, () -> verifier().verify(token));
    }

    @Test
    void refusesAnHmacTokenKeyedWithThePublicKey() throws Exception {
        // The classic algorithm confusion: HS256 "signed" with the public key's bytes.
        SignedJWT jwt = new SignedJWT(
                new JWSHeader(JWSAlgorithm.HS256), TestKeys.claims("mallory").build());
        jwt.sign(new MACSigner(key.toRSAPublicKey().getEncoded()));

        assertThrows(InvalidTokenException.class, () -> verifier().verify(jwt.serialize()));
    }

    @Test
    void refusesATokenThatDoesNotSayItIsAJwt() throws Exception {
        String untyped = TestKeys.sign(key, TestKeys.claims("alice").build(), null);
        String accessTokenType = TestKeys.sign(key, TestKeys.claims("alice").build(), new JOSEObjectType("at+jwt"));

        assertThrows(InvalidTokenException.class, () -> verifier().verify(untyped));
        assertThrows(InvalidTokenException.class, () -> verifier().verify(accessTokenType));
    }

    @Test
    void refusesAnotherIssuer() throws Exception {
        String token = TestKeys.sign(
                key, TestKeys.claims("alice").issuer("https://evil.test").build());

        assertThrows(InvalidTokenException.class, () -> verifier().verify(token));
    }

    @Test
    void checksTheAudienceWhenOneIsConfigured() throws Exception {
        TokenVerifier verifier = verifierFor(TestKeys.publicPem(key), List.of("guildhall"));
        String forUs = TestKeys.sign(
                key, TestKeys.claims("alice").audience("guildhall").build());
        String forOthers =
                TestKeys.sign(key, TestKeys.claims("alice").audience("payroll").build());

        assertEquals("alice", verifier.verify(forUs).getName());
        assertThrows(InvalidTokenException.class, () -> verifier.verify(forOthers));
    }

    @Test
    void refusesGarbageAndNothing() throws Exception {
        TokenVerifier verifier = verifier();

        assertThrows(InvalidTokenException.class, () -> verifier.verify("not.a.token"));
        assertThrows(InvalidTokenException.class, () -> verifier.verify(""));
        assertThrows(InvalidTokenException.class, () -> verifier.verify(null));
    }

    @Test
    void verifiesEs256WithAnEcKey() throws Exception {
        ECKey ec = TestKeys.ec();
        TokenVerifier verifier = new TokenVerifier(new JwtSettings(
                Optional.of(TestKeys.publicPem(ec)),
                Optional.empty(),
                TestKeys.ISSUER,
                List.of(),
                "ES256",
                Duration.ofSeconds(60)));

        assertEquals(
                "carol",
                verifier.verify(TestKeys.sign(ec, TestKeys.claims("carol").build()))
                        .getName());
        assertThrows(
                InvalidTokenException.class,
                () -> verifier.verify(TestKeys.sign(key, TestKeys.claims("x").build())));
    }

    @Test
    void readsAJwksFileAndPicksTheKeyByKid(@TempDir Path dir) throws Exception {
        RSAKey other = TestKeys.rsa();
        Path jwks = dir.resolve("jwks.json");
        Files.writeString(jwks, new JWKSet(List.of(other.toPublicJWK(), key.toPublicJWK())).toString());
        TokenVerifier verifier = new TokenVerifier(new JwtSettings(
                Optional.empty(),
                Optional.of(jwks.toString()),
                TestKeys.ISSUER,
                List.of(),
                "RS256",
                Duration.ofSeconds(60)));

        assertEquals(
                "dave",
                verifier.verify(TestKeys.sign(key, TestKeys.claims("dave").build()))
                        .getName());
        assertEquals(
                "erin",
                verifier.verify(TestKeys.sign(other, TestKeys.claims("erin").build()))
                        .getName());
    }

    @Test
    void readsAPemFileLocation(@TempDir Path dir) throws Exception {
        Path pem = dir.resolve("key.pem");
        Files.writeString(pem, TestKeys.publicPem(key));
        TokenVerifier verifier = new TokenVerifier(new JwtSettings(
                Optional.empty(),
                Optional.of(pem.toUri().toString()),
                TestKeys.ISSUER,
                List.of(),
                "RS256",
                Duration.ofSeconds(60)));

        assertEquals(
                "frank",
                verifier.verify(TestKeys.sign(key, TestKeys.claims("frank").build()))
                        .getName());
    }
}
