package dev.nacosapp.dubbo.discovery.internal.config;

import dev.nacosapp.dubbo.discovery.config.ConfigKey;
import dev.nacosapp.dubbo.discovery.config.InvalidConfigException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code selector} parameter: metadata every used provider instance must carry. Written as {@code key:value}
 * pairs joined by commas ({@code env:prod,zone:hz}), which needs no escaping in a registry URL nor quoting in YAML.
 * Every pair must match exactly. Immutable, thread-safe.
 */
public final class MetadataSelector {
    private static final MetadataSelector ANY = new MetadataSelector(Collections.<String, String>emptyMap());

    private final Map<String, String> required;

    private MetadataSelector(Map<String, String> required) {
        this.required = required;
    }

    /** A selector that accepts every instance. */
    public static MetadataSelector any() {
        return ANY;
    }

    /** Parses {@code key:value[,key:value...]}; blank means {@link #any()}. */
    public static MetadataSelector parse(String text) {
        if (text == null || text.trim().isEmpty()) {
            return ANY;
        }
        Map<String, String> required = new LinkedHashMap<String, String>();
        for (String pair : text.split(",")) {
            String trimmed = pair.trim();
            int colon = trimmed.indexOf(':');
            if (colon <= 0 || colon == trimmed.length() - 1) {
                throw InvalidConfigException.of(
                        ConfigKey.SELECTOR,
                        text,
                        "'" + trimmed + "' is not a key:value pair with both parts non-empty");
            }
            String key = trimmed.substring(0, colon).trim();
            String value = trimmed.substring(colon + 1).trim();
            String previous = required.put(key, value);
            if (previous != null && !previous.equals(value)) {
                throw InvalidConfigException.of(
                        ConfigKey.SELECTOR,
                        text,
                        "key '" + key + "' is required to be both '" + previous + "' and '" + value + "'");
            }
        }
        return new MetadataSelector(Collections.unmodifiableMap(required));
    }

    /** Whether an instance with this metadata is selected. */
    public boolean matches(Map<String, String> metadata) {
        if (required.isEmpty()) {
            return true;
        }
        if (metadata == null) {
            return false;
        }
        for (Map.Entry<String, String> entry : required.entrySet()) {
            if (!entry.getValue().equals(metadata.get(entry.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** Whether this selector accepts every instance. */
    public boolean isAny() {
        return required.isEmpty();
    }

    /** The required pairs, in the order written. */
    public Map<String, String> required() {
        return required;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, String> entry : required.entrySet()) {
            if (text.length() > 0) {
                text.append(',');
            }
            text.append(entry.getKey()).append(':').append(entry.getValue());
        }
        return text.toString();
    }
}
