package org.guildhall.system;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Plays the company's SSO for the system tests: before any test runs it makes a key pair, publishes the public key
 * as a PEM file, and points the Payara Micro that Arquillian starts at it with the standard {@code mp.jwt.verify.*}
 * settings, exactly as an operator would. Tests then sign their tokens with {@link #token}.
 */
public class TestIdentityProvider implements LauncherSessionListener {

    static final String ISSUER = "https://sso.guildhall.test/realms/community";

    /** The test community's maxSessionSize and rateLimit.invitesPerHour ({@link #TEST_COMMUNITY}). */
    static final int MAX_ROOM_SIZE = 3;

    static final int INVITES_PER_HOUR = 3;
    static final String HEARTBEAT = "PT1S";
    static final int MESSAGES_PER_SECOND = 20;
    static final int SENDS_PER_HOUR = 5;
    static final String READ_ONLY_GROUP = "guest";
    static final int SYNC_MAX_MESSAGE_BYTES = 262_144;
    /** A few of the largest messages: a test reaches it with a handful of updates. */
    static final int SYNC_MAX_DOCUMENT_BYTES = 4 * SYNC_MAX_MESSAGE_BYTES;

    static final int SYNC_COMPACTION_THRESHOLD = 8;
    static final String TURN_SECRET = "test-secret-" + UUID.randomUUID();

    /** The community the server runs with (resource, copied to a file that tests may rewrite and restore). */
    static final String TEST_COMMUNITY = "/community/test-community.json";

    static final String COMMUNITY_RELOAD_INTERVAL = "PT0.2S";

    private static RSAKey key;
    private static Path community;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        Path build = Path.of(System.getProperty("guildhall.build.dir", "target"));
        Path runtime = Path.of(System.getProperty("guildhall.runtime.dir", "../runtime/target/guildhall"));
        if (System.getProperty("payara.microJar") == null) {
            return; // not the system-test run (e.g. an IDE running a unit test)
        }
        try {
            key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
            Path pem = build.resolve("test-idp").resolve("public-key.pem");
            Files.createDirectories(pem.getParent());
            Files.writeString(pem, publicKeyPem(key));
            Path tmp = Files.createDirectories(build.resolve("payara-tmp"));
            Path data = Files.createDirectories(
                    build.resolve("it-data").resolve(UUID.randomUUID().toString()));
            community = build.resolve("it-community").resolve("community.json");
            Files.createDirectories(community.getParent());
            try (var in = TestIdentityProvider.class.getResourceAsStream(TEST_COMMUNITY)) {
                Files.write(community, in.readAllBytes());
            }
            System.setProperty(
                    "payara.cmdOptions",
                    String.join(
                            " ",
                            System.getProperty("guildhall.it.jvm.options", ""),
                            "-Djava.io.tmpdir=" + tmp.toAbsolutePath(),
                            "-Dguildhall.data-dir=" + data.toAbsolutePath(),
                            "-Dmp.jwt.verify.publickey.location="
                                    + pem.toAbsolutePath().toUri(),
                            "-Dmp.jwt.verify.issuer=" + ISSUER,
                            // Small limits, so that the tests reach each of them quickly (room size and invites
                            // per hour are the test community's).
                            "-Dguildhall.community.file=" + community.toAbsolutePath(),
                            "-Dguildhall.community.reload-interval=" + COMMUNITY_RELOAD_INTERVAL,
                            "-Dguildhall.signaling.heartbeat=" + HEARTBEAT,
                            "-Dguildhall.signaling.messages-per-second=" + MESSAGES_PER_SECOND,
                            "-Dguildhall.signaling.message-burst=" + MESSAGES_PER_SECOND,
                            "-Dguildhall.turn.secret=" + TURN_SECRET,
                            "-Dguildhall.turn.urls=turn:127.0.0.1:3478",
                            "-Dguildhall.notifications.expiry-interval=PT1S",
                            "-Dguildhall.sync.read-only-groups=" + READ_ONLY_GROUP,
                            "-Dguildhall.sync.max-message-bytes=" + SYNC_MAX_MESSAGE_BYTES,
                            "-Dguildhall.sync.max-document-bytes=" + SYNC_MAX_DOCUMENT_BYTES,
                            "-Dguildhall.sync.unload-after=PT1S",
                            "-Dguildhall.sync.compaction-threshold=" + SYNC_COMPACTION_THRESHOLD,
                            "-Dguildhall.sync.compaction-interval=PT1S",
                            // Batches of 3 rows: the compaction scenario's log is merged in several transactions and
                            // plans.
                            "-Dguildhall.sync.compaction-batch=3",
                            "-Dguildhall.sync.stored-bytes-refresh=PT1S",
                            "-Dguildhall.notifications.sends-per-hour=" + SENDS_PER_HOUR));
            // The Arquillian deployment is the signaling WAR; the other two are deployed beside it.
            System.setProperty(
                    "payara.extraMicroOptions",
                    "--deploy " + runtime.resolve("sync.war").toAbsolutePath() + ":/sync"
                            + " --deploy "
                            + runtime.resolve("notifications.war").toAbsolutePath()
                            + ":/notifications");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The community.json the server reads; a test that changes it must put {@link #TEST_COMMUNITY} back. */
    static Path communityFile() {
        return community;
    }

    static JWTClaimsSet.Builder claims(String user, String... groups) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(user)
                .claim("upn", user)
                .claim("groups", List.of(groups))
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(10))));
    }

    static String token(String user, String... groups) {
        return sign(claims(user, groups).build());
    }

    static String sign(JWTClaimsSet claims) {
        return sign(key, claims);
    }

    static String sign(RSAKey signingKey, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .type(JOSEObjectType.JWT)
                            .keyID(signingKey.getKeyID())
                            .build(),
                    claims);
            jwt.sign(new RSASSASigner(signingKey));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String publicKeyPem(RSAKey rsa) throws JOSEException {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(rsa.toRSAPublicKey().getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
    }
}
