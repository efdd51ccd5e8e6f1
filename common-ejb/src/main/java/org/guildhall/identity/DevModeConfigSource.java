package org.guildhall.identity;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * In development mode, supplies the MP-JWT settings for the server's own key pair, so that both the REST layer
 * (MP-JWT) and the WebSocket handshake accept the tokens {@code POST /notifications/api/dev/token} mints. Its
 * ordinal is below every standard source: an operator's own {@code mp.jwt.*} settings always win.
 */
public class DevModeConfigSource implements ConfigSource {

    static final int ORDINAL = 50;

    private volatile Map<String, String> properties;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> current = properties;
        if (current == null) {
            current = load();
            properties = current;
        }
        return current;
    }

    private static Map<String, String> load() {
        if (!DevMode.enabled()
                || DevMode.setting(JwtSettings.PUBLIC_KEY_LOCATION).isPresent()) {
            return Map.of();
        }
        String publicKey = DevKeyPair.publicKeyPem(DevKeyPair.loadOrCreate(DevMode.keyFile()));
        return Map.of(JwtSettings.PUBLIC_KEY, publicKey, JwtSettings.ISSUER, DevMode.ISSUER);
    }

    @Override
    public Set<String> getPropertyNames() {
        return getProperties().keySet();
    }

    @Override
    public String getValue(String propertyName) {
        if (!JwtSettings.PUBLIC_KEY.equals(propertyName) && !JwtSettings.ISSUER.equals(propertyName)) {
            return null; // answer every other lookup without touching the key file
        }
        return getProperties().get(propertyName);
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }

    @Override
    public String getName() {
        return "guildhall-dev-mode";
    }
}
