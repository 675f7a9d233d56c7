package dev.nacosapp.testkit.embedded.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * The config service's state of one server run: configs by namespace, group and data id, and which connections
 * listen to which config, with the tenant each sent. The configs themselves outlive the run (a Nacos server keeps
 * them in its database, so a restart loses none); the listeners belong to the run's connections and go with them.
 *
 * <p>Writes follow a Nacos 2.5 server on embedded storage: a publish without a CAS MD5 (null or blank) stores
 * unconditionally; one with a CAS MD5 replaces the stored config only when its MD5 matches, and inserts a config
 * that does not exist yet whatever the MD5. Listeners are told about a change only when the MD5 changed, or the
 * config was removed. Thread-safe: every write to one config is atomic.
 */
public final class ConfigStore {

    private final ConcurrentMap<ConfigKey, StoredConfig> configs;

    /** Listening connection ids and the tenant each listened with, by config. */
    private final Map<ConfigKey, Map<String, String>> listeners = new ConcurrentHashMap<>();

    private final LongSupplier clock;

    private volatile ConfigChangeListener changes = key -> {};

    /**
     * Creates a store for one run, over the configs that outlive runs.
     *
     * @param configs the configs, kept by the server across restarts; this store reads and writes them
     * @param clock epoch milliseconds, for {@link StoredConfig#lastModified()}
     */
    public ConfigStore(ConcurrentMap<ConfigKey, StoredConfig> configs, LongSupplier clock) {
        this.configs = configs;
        this.clock = clock;
    }

    /**
     * Sets who is told about changes; set once, before clients connect.
     *
     * @param listener the listener
     */
    public void bind(ConfigChangeListener listener) {
        this.changes = listener;
    }

    public Optional<StoredConfig> get(ConfigKey key) {
        return Optional.ofNullable(configs.get(key));
    }

    /**
     * Publishes a config.
     *
     * @param key the config
     * @param content the new content
     * @param type the content type, blank for {@code text}
     * @param casMd5 the MD5 the writer read, or null/blank for an unconditional write
     * @return whether it was stored; false only for a CAS write whose MD5 no longer matches
     */
    public boolean publish(ConfigKey key, String content, String type, String casMd5) {
        StoredConfig next = StoredConfig.of(content, clock.getAsLong(), type);
        boolean cas = casMd5 != null && !casMd5.isBlank();
        AtomicReference<StoredConfig> previous = new AtomicReference<>();
        boolean[] stored = {false};
        configs.compute(key, (k, current) -> {
            previous.set(current);
            if (cas && current != null && !current.md5().equals(casMd5.trim())) {
                return current;
            }
            stored[0] = true;
            return next;
        });
        if (stored[0] && (previous.get() == null || !previous.get().md5().equals(next.md5()))) {
            changes.configChanged(key);
        }
        return stored[0];
    }

    /**
     * Removes a config; removing a missing one is no error, as in Nacos.
     *
     * @param key the config
     */
    public void remove(ConfigKey key) {
        if (configs.remove(key) != null) {
            changes.configChanged(key);
        }
    }

    /**
     * Records that a connection listens to a config.
     *
     * @param key the config
     * @param connectionId the listening connection
     * @param tenant the tenant as the client sent it, which its notifications must carry back (nacos-client 2.x
     *     sends an empty one for the default namespace, 3.x sends {@code public}); null is kept as empty
     */
    public void listen(ConfigKey key, String connectionId, String tenant) {
        listeners.computeIfAbsent(key, k -> new ConcurrentHashMap<>()).put(connectionId, tenant == null ? "" : tenant);
    }

    /**
     * Forgets that a connection listens to a config.
     *
     * @param key the config
     * @param connectionId the connection
     */
    public void unlisten(ConfigKey key, String connectionId) {
        listeners.computeIfPresent(key, (k, byConnection) -> {
            byConnection.remove(connectionId);
            return byConnection.isEmpty() ? null : byConnection;
        });
    }

    /**
     * Returns the connections listening to a config.
     *
     * @param key the config
     * @return a snapshot of their ids
     */
    public List<String> listeners(ConfigKey key) {
        Map<String, String> byConnection = listeners.get(key);
        return byConnection == null ? List.of() : List.copyOf(byConnection.keySet());
    }

    /**
     * Returns the tenant a connection listens to a config with.
     *
     * @param key the config
     * @param connectionId the connection
     * @return the tenant as the client sent it, or empty when the connection does not listen to the config
     */
    public Optional<String> listenedTenant(ConfigKey key, String connectionId) {
        Map<String, String> byConnection = listeners.get(key);
        return byConnection == null ? Optional.empty() : Optional.ofNullable(byConnection.get(connectionId));
    }

    /**
     * Forgets every listener of a connection that went away.
     *
     * @param connectionId the closed connection
     */
    public void removeConnection(String connectionId) {
        for (ConfigKey key : List.copyOf(listeners.keySet())) {
            unlisten(key, connectionId);
        }
    }

    public int configCount() {
        return configs.size();
    }
}
