package dev.nacosapp.testkit.embedded.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The namespaces created through the HTTP API. Like a real Nacos, which keeps them in its database, they survive
 * restarts. {@code public} always exists. The embedded server does not require a namespace to exist before clients
 * use it; this registry only answers the namespace APIs. Thread-safe.
 */
public final class Namespaces {

    /** The default namespace's id. */
    public static final String PUBLIC = "public";

    // Nacos 3.0's NamespaceControllerV3 rules.
    private static final Pattern ID = Pattern.compile("^[\\w-]+");

    private static final int ID_MAX_LENGTH = 128;

    private final Map<String, String> names = new LinkedHashMap<>();

    /** The outcome of a creation. */
    public enum Created {
        /** Created. */
        CREATED,
        /** The id exists already ({@code public} included). */
        EXISTS,
        /** The id breaks Nacos' rules ({@code [\w-]+}, at most 128 characters). */
        ILLEGAL
    }

    /**
     * Creates a namespace.
     *
     * @param id the id
     * @param name the display name
     * @return what happened
     */
    public synchronized Created create(String id, String name) {
        if (!ID.matcher(id).matches() || id.length() > ID_MAX_LENGTH) {
            return Created.ILLEGAL;
        }
        if (PUBLIC.equals(id) || names.containsKey(id)) {
            return Created.EXISTS;
        }
        names.put(id, name);
        return Created.CREATED;
    }

    /**
     * Lists the namespaces, {@code public} first, then in creation order.
     *
     * @return id to display name
     */
    public synchronized List<Map.Entry<String, String>> list() {
        List<Map.Entry<String, String>> result = new ArrayList<>();
        result.add(Map.entry(PUBLIC, PUBLIC));
        names.forEach((id, name) -> result.add(Map.entry(id, name)));
        return result;
    }
}
