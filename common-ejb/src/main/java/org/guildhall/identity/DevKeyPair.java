package org.guildhall.identity;

import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.UUID;

/**
 * The development signing key: an RSA key pair created on first use and kept as one PKCS#8 PEM file, so tokens
 * stay valid across restarts. Every WAR (each with its own class loader) and every instance may ask at the same
 * moment; the file is published with an atomic hard link, so all of them end up reading the same key.
 */
public final class DevKeyPair {

    static final int KEY_BITS = 2048;

    private DevKeyPair() {}

    public static RSAKey loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            return read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the development signing key in " + file, e);
        }
    }

    private static void create(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path candidate = file.resolveSibling(file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.writeString(
                    candidate,
                    PemKeys.pem("PRIVATE KEY", generate().getPrivate().getEncoded()));
            restrictToOwner(candidate);
            Files.createLink(file, candidate);
        } catch (FileAlreadyExistsException anotherModuleWasFirst) {
            // its key is the one everybody reads
        } finally {
            Files.deleteIfExists(candidate);
        }
    }

    private static RSAKey read(Path file) throws IOException {
        RSAPrivateCrtKey privateKey =
                (RSAPrivateCrtKey) PemKeys.parseRsaPrivateKey(Files.readString(file, StandardCharsets.US_ASCII));
        try {
            RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
            return new RSAKey.Builder(publicKey)
                    .privateKey(privateKey)
                    .keyIDFromThumbprint()
                    .build();
        } catch (GeneralSecurityException | com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException("The development signing key in " + file + " is unusable", e);
        }
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(KEY_BITS);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JVM cannot generate RSA keys", e);
        }
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // the file system has no owner-only mode (Windows); the data directory's own access rules apply
        }
    }

    /** The public half as a PEM public key, the form {@code mp.jwt.verify.publickey} takes. */
    public static String publicKeyPem(RSAKey key) {
        try {
            return PemKeys.pem("PUBLIC KEY", key.toRSAPublicKey().getEncoded());
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
