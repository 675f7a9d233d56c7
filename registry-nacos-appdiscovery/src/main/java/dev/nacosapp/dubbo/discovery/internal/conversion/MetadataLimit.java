package dev.nacosapp.dubbo.discovery.internal.conversion;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Checks instance metadata against the Nacos server's size limit, counted as the server counts it (Nacos 2.5.1 and
 * 3.0.3, {@code DefaultParamChecker.checkMetadataFormat}, per instance of a batch too): the sum of the lengths, in
 * UTF-16 units, of every key and value that is not blank; a null, empty or whitespace-only one counts nothing.
 * Immutable, thread-safe.
 */
public final class MetadataLimit {
    private static final int KEYS_NAMED = 3;

    private final int limit;

    public MetadataLimit(int limit) {
        this.limit = limit;
    }

    /** Total size as the server counts it. */
    public static int sizeOf(Map<String, String> metadata) {
        int size = 0;
        for (Map.Entry<String, String> entry : metadata.entrySet()) {
            size += length(entry.getKey()) + length(entry.getValue());
        }
        return size;
    }

    /** Throws {@link MetadataOverLimitException} naming the largest keys when over the limit. */
    public void check(String application, Map<String, String> metadata) {
        int size = sizeOf(metadata);
        if (size <= limit) {
            return;
        }
        List<Map.Entry<String, String>> entries = new ArrayList<Map.Entry<String, String>>(metadata.entrySet());
        Collections.sort(entries, new Comparator<Map.Entry<String, String>>() {
            @Override
            public int compare(Map.Entry<String, String> a, Map.Entry<String, String> b) {
                return Integer.compare(entrySize(b), entrySize(a));
            }
        });
        StringBuilder largest = new StringBuilder();
        for (int i = 0; i < Math.min(KEYS_NAMED, entries.size()); i++) {
            if (i > 0) {
                largest.append(", ");
            }
            largest.append(entries.get(i).getKey())
                    .append(" (")
                    .append(entrySize(entries.get(i)))
                    .append(')');
        }
        throw new MetadataOverLimitException("nacos-app: metadata of application '" + application + "' is " + size
                + " characters, over the Nacos server limit of " + limit + "; largest keys: " + largest
                + ". Shrink those values (for example fewer dubbo.metadata-service.url-params or application"
                + " parameters), or raise the server setting nacos.naming.service.metadata.length (Nacos 2.4.1+)"
                + " and the registry parameter metadata-limit to match.");
    }

    private static int entrySize(Map.Entry<String, String> entry) {
        return length(entry.getKey()) + length(entry.getValue());
    }

    private static int length(String text) {
        return text == null || isBlank(text) ? 0 : text.length();
    }

    private static boolean isBlank(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!Character.isWhitespace(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
