package dev.nacosapp.dubbo.discovery.internal.config;

import dev.nacosapp.dubbo.discovery.config.ConfigKey;
import dev.nacosapp.dubbo.discovery.config.InvalidConfigException;
import java.util.concurrent.TimeUnit;

/**
 * Parses durations written as {@code 500ms}, {@code 5s}, {@code 1m} or a bare number of milliseconds, and for keys
 * that can be switched off, {@code off}. Stateless.
 */
final class Durations {
    private static final String OFF = "off";

    private Durations() {}

    /** Like {@link #parseMillis}, and {@code off} (any case) for 0: the feature switched off. */
    static long parseMillisOrOff(ConfigKey key, String text) {
        return OFF.equalsIgnoreCase(text.trim()) ? 0 : parseMillis(key, text);
    }

    static long parseMillis(ConfigKey key, String text) {
        String value = text.trim().toLowerCase();
        long multiplier = 1;
        String number = value;
        if (value.endsWith("ms")) {
            number = value.substring(0, value.length() - 2);
        } else if (value.endsWith("s")) {
            multiplier = TimeUnit.SECONDS.toMillis(1);
            number = value.substring(0, value.length() - 1);
        } else if (value.endsWith("m")) {
            multiplier = TimeUnit.MINUTES.toMillis(1);
            number = value.substring(0, value.length() - 1);
        }
        long amount;
        try {
            amount = Long.parseLong(number.trim());
        } catch (NumberFormatException e) {
            throw InvalidConfigException.of(key, text, "not a duration");
        }
        if (amount <= 0) {
            throw InvalidConfigException.of(key, text, "must be positive");
        }
        if (amount > Long.MAX_VALUE / multiplier) {
            throw InvalidConfigException.of(key, text, "too large");
        }
        return amount * multiplier;
    }
}
