package org.guildhall.identity;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** Reads and writes keys in the PEM forms identity providers publish (public key, certificate, PKCS#8). */
public final class PemKeys {

    private static final String CERTIFICATE = "CERTIFICATE";

    private PemKeys() {}

    /** A public key from a PEM public key, a PEM certificate, or bare base64 DER (as MP-JWT allows). */
    public static PublicKey parsePublicKey(String text) {
        try {
            if (text.contains("-----BEGIN " + CERTIFICATE + "-----")) {
                return CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(der(text)))
                        .getPublicKey();
            }
            X509EncodedKeySpec spec = new X509EncodedKeySpec(der(text));
            for (String algorithm : new String[] {"RSA", "EC"}) {
                try {
                    return KeyFactory.getInstance(algorithm).generatePublic(spec);
                } catch (InvalidKeySpecException notThisAlgorithm) {
                    // try the next key type
                }
            }
            throw new IllegalArgumentException("not an RSA or EC public key");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a public key or certificate", e);
        }
    }

    public static PrivateKey parseRsaPrivateKey(String pem) {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der(pem)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a PKCS#8 RSA private key", e);
        }
    }

    public static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static byte[] der(String text) {
        String base64 = text.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(base64);
    }
}
