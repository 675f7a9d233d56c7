package dev.nacosapp.samples.plain;

import java.util.HashMap;
import java.util.Map;

/**
 * Command-line options of the plain samples, written {@code --key value} or {@code --key=value}. A key not given on
 * the command line falls back to the system property {@code sample.key}, then to the default. Immutable once parsed,
 * thread-safe.
 */
final class SampleOptions {
    private final Map<String, String> values;

    private SampleOptions(Map<String, String> values) {
        this.values = values;
    }

    static SampleOptions parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new IllegalArgumentException("expected --key value or --key=value, got '" + arg + "'");
            }
            int equals = arg.indexOf('=');
            if (equals > 0) {
                values.put(arg.substring(2, equals), arg.substring(equals + 1));
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                values.put(arg.substring(2), args[++i]);
            } else {
                // A bare flag such as --interactive.
                values.put(arg.substring(2), "true");
            }
        }
        return new SampleOptions(values);
    }

    String get(String key, String defaultValue) {
        String value = values.get(key);
        if (value == null) {
            value = System.getProperty("sample." + key);
        }
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }

    int getInt(String key, int defaultValue) {
        String value = get(key, null);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be a whole number, got '" + value + "'", e);
        }
    }

    boolean flag(String key) {
        return Boolean.parseBoolean(get(key, "false"));
    }

    /** The Nacos server: {@code --nacos host:port}, else the environment variable NACOS_ADDR, else 127.0.0.1:8848. */
    String nacosAddress() {
        String env = System.getenv("NACOS_ADDR");
        return get("nacos", env == null || env.isBlank() ? "127.0.0.1:8848" : env.trim());
    }
}
