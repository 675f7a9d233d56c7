package dev.nacosapp.dubbo.discovery.internal.config;

import dev.nacosapp.dubbo.discovery.config.ConfigKey;
import dev.nacosapp.dubbo.discovery.config.InvalidConfigException;
import java.util.Locale;
import java.util.Map;

/**
 * What goes to nacos-client: its properties passed through as they are, and the cache keys nacos-app folds them
 * into. Stateless.
 */
final class ClientKeys {
    private ClientKeys() {}

    /**
     * Collects what goes to nacos-client as it is: {@code nacos-client.<property>}, its TLS switches, and, as Dubbo's
     * built-in Nacos registry accepts them, bare nacos-client property names. The two cache switches that have a
     * nacos-app key are folded into that key, so there is one value whichever way it was written.
     */
    static void clientProperties(Map<String, String> parameters, NacosAppConfig.Builder b) {
        for (Map.Entry<String, String> entry : parameters.entrySet()) {
            String key = entry.getKey();
            String property = null;
            if (key.startsWith(ConfigKey.CLIENT_PROPERTY_PREFIX)) {
                property = key.substring(ConfigKey.CLIENT_PROPERTY_PREFIX.length());
                if (property.isEmpty()) {
                    throw new InvalidConfigException(
                            "nacos-app: registry parameter '" + key + "' names no nacos-client property");
                }
            } else if (key.startsWith(ConfigKey.TLS_PROPERTY_PREFIX) || ParameterNames.isBareClientProperty(key)) {
                property = key;
            }
            if (property == null) {
                continue;
            }
            if (NacosAppConfig.NAMING_LOAD_CACHE_AT_START.equals(property)) {
                b.loadCacheAtStart = folded(ConfigKey.LOAD_CACHE_AT_START, parameters, key, entry.getValue());
            } else if (NacosAppConfig.SNAPSHOT_PATH.equals(property)) {
                b.cacheDir = foldedDir(parameters, key, entry.getValue());
            } else {
                b.clientProperties.put(property, entry.getValue());
            }
        }
    }

    private static boolean folded(ConfigKey key, Map<String, String> parameters, String alias, String value) {
        String normalized = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (!"true".equals(normalized) && !"false".equals(normalized)) {
            throw new InvalidConfigException("nacos-app: invalid registry parameter " + alias + "='" + value
                    + "': not a boolean; allowed: " + key.type());
        }
        String own = parameters.get(key.key());
        if (own != null && !own.trim().equalsIgnoreCase(normalized)) {
            throw new InvalidConfigException("nacos-app: registry parameters " + key.key() + "='" + own + "' and "
                    + alias + "='" + value + "' set the same nacos-client switch differently; keep only " + key.key());
        }
        return Boolean.parseBoolean(normalized);
    }

    private static String foldedDir(Map<String, String> parameters, String alias, String value) {
        String own = parameters.get(ConfigKey.CACHE_DIR.key());
        if (own != null && !own.trim().equals(value == null ? null : value.trim())) {
            throw new InvalidConfigException("nacos-app: registry parameters " + ConfigKey.CACHE_DIR.key() + "='" + own
                    + "' and " + alias + "='" + value + "' set the cache directory differently; keep only "
                    + ConfigKey.CACHE_DIR.key());
        }
        return cacheDir(value);
    }

    static String cacheDir(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.isEmpty()) {
            throw InvalidConfigException.of(ConfigKey.CACHE_DIR, value, "empty");
        }
        return trimmed;
    }
}
