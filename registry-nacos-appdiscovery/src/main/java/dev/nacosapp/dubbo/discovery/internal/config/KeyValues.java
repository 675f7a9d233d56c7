package dev.nacosapp.dubbo.discovery.internal.config;

import dev.nacosapp.dubbo.discovery.config.ConfigKey;
import dev.nacosapp.dubbo.discovery.config.InvalidConfigException;
import java.util.Locale;
import org.apache.dubbo.common.URL;

/**
 * Typed values shared by every key family: booleans, durations, TCP ports, optional strings. Stateless.
 */
final class KeyValues {
    private KeyValues() {}

    static boolean bool(ConfigKey key, URL url) {
        String value = url.getParameter(key.key());
        if (value == null || value.trim().isEmpty()) {
            return key.defaultBoolean();
        }
        String normalized = value.trim().toLowerCase(Locale.ROOT);
        if ("true".equals(normalized)) {
            return true;
        }
        if ("false".equals(normalized)) {
            return false;
        }
        throw InvalidConfigException.of(key, value, "not a boolean");
    }

    static long duration(ConfigKey key, URL url) {
        String value = url.getParameter(key.key());
        return value == null ? key.defaultMillis() : Durations.parseMillis(key, value);
    }

    /** A duration, or 0 for {@code off}. */
    static long durationOrOff(ConfigKey key, URL url) {
        String value = url.getParameter(key.key());
        return value == null ? key.defaultMillis() : Durations.parseMillisOrOff(key, value);
    }

    static Integer port(ConfigKey key, String value) {
        if (value == null) {
            return null;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below with the allowed range
        }
        throw InvalidConfigException.of(key, value, "not a TCP port");
    }

    static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    static boolean containsWhitespace(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isWhitespace(value.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
