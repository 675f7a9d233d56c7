package dev.nacosapp.testkit.embedded.naming;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A console-style edit of one instance (what {@code PUT /nacos/v1/ns/instance} stores).
 *
 * <p>Like Nacos, the edit is kept apart from what the owning client registered and laid over it whenever the
 * instance is read: {@code enabled} and {@code weight} replace the registered values, {@code metadata} entries are
 * added to or replace the registered entries (see {@link ServedInstances}). Immutable and thread-safe.
 *
 * @param enabled whether the instance may receive traffic
 * @param weight the weight
 * @param metadata metadata entries to lay over the registered ones
 */
public record InstanceEdit(boolean enabled, double weight, Map<String, String> metadata) {

    public InstanceEdit {
        // Insertion order kept: Nacos adds an edit's entries in its map's order, which can decide the order of two
        // colliding keys in the served metadata map, and so the instance's hash and its place in every list.
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }
}
