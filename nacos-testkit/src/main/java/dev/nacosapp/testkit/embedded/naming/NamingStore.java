package dev.nacosapp.testkit.embedded.naming;

import com.alibaba.nacos.api.naming.pojo.Instance;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The naming state of one server run: which connection published which instances, who subscribes to what, and the
 * console edits laid over instances.
 *
 * <p>Mirrors the Nacos 2.x model: an ephemeral publication belongs to a connection and holds one instance, or a
 * list when batch-registered, per service; a new registration from the same connection replaces the old one;
 * deregistration removes the connection's publication whatever ip and port it names; a service exists from its first
 * registration until it has been empty for the retention time. Every change that subscribers must hear about goes to
 * the {@link NamingChangeListener}.
 *
 * <p>Thread-safe: all methods synchronise on the store. The volumes a test produces (thousands of instances) make
 * one lock cheaper to reason about than finer ones. Nothing returned shares state with the store.
 */
public final class NamingStore {

    private final Map<ServiceKey, ServiceState> services = new HashMap<>();

    private final NamingChangeListener listener;

    private final LongSupplier clock;

    /**
     * Creates an empty store.
     *
     * @param listener told about changes, under the store's lock
     * @param clock milliseconds, for empty-service retention
     */
    public NamingStore(NamingChangeListener listener, LongSupplier clock) {
        this.listener = listener;
        this.clock = clock;
    }

    /**
     * Sets the instances a connection publishes for a service, replacing what it published before.
     *
     * @param connectionId the owning connection
     * @param key the service
     * @param instances the normalised instances (one for a plain registration, any number for a batch)
     */
    public synchronized void publish(String connectionId, ServiceKey key, List<Instance> instances) {
        ServiceState entry = entry(key);
        entry.exists = true;
        entry.ephemeral.put(connectionId, ServiceState.copies(instances));
        changed(key, entry);
    }

    /**
     * Removes what a connection publishes for a service.
     *
     * @param connectionId the owning connection
     * @param key the service
     */
    public synchronized void unpublish(String connectionId, ServiceKey key) {
        ServiceState entry = services.get(key);
        if (entry != null && entry.ephemeral.remove(connectionId) != null) {
            changed(key, entry);
        }
    }

    /**
     * Adds or replaces a persistent instance, which belongs to no connection.
     *
     * @param key the service
     * @param instance the normalised instance
     */
    public synchronized void putPersistent(ServiceKey key, Instance instance) {
        ServiceState entry = entry(key);
        entry.exists = true;
        entry.persistent.put(ServiceState.editKey(instance), Instances.copy(instance));
        changed(key, entry);
    }

    /**
     * Removes a persistent instance.
     *
     * @param key the service
     * @param instance names the instance by ip, port and cluster
     */
    public synchronized void removePersistent(ServiceKey key, Instance instance) {
        ServiceState entry = services.get(key);
        if (entry != null && entry.persistent.remove(ServiceState.editKey(instance)) != null) {
            changed(key, entry);
        }
    }

    /**
     * Records a subscription and asks for the current list to be pushed to it.
     *
     * @param connectionId the subscribing connection
     * @param key the service
     * @param clusters the clusters the subscriber asked for, blank for all
     */
    public synchronized void subscribe(String connectionId, ServiceKey key, String clusters) {
        entry(key).subscribers.put(connectionId, clusters == null ? "" : clusters);
        listener.subscribed(key, connectionId);
    }

    /**
     * Removes a subscription.
     *
     * @param connectionId the subscribing connection
     * @param key the service
     */
    public synchronized void unsubscribe(String connectionId, ServiceKey key) {
        ServiceState entry = services.get(key);
        if (entry != null) {
            entry.subscribers.remove(connectionId);
            dropIfUnused(key, entry);
        }
    }

    /**
     * Forgets everything a connection published or subscribed to, as Nacos does when a connection closes.
     *
     * @param connectionId the closed connection
     */
    public synchronized void removeConnection(String connectionId) {
        for (Iterator<Map.Entry<ServiceKey, ServiceState>> it =
                        services.entrySet().iterator();
                it.hasNext(); ) {
            Map.Entry<ServiceKey, ServiceState> each = it.next();
            ServiceState entry = each.getValue();
            entry.subscribers.remove(connectionId);
            if (entry.ephemeral.remove(connectionId) != null) {
                changed(each.getKey(), entry);
            }
            if (entry.isUnused()) {
                it.remove();
            }
        }
    }

    /**
     * Stores a console edit for the instance at ip, port and cluster of an existing service.
     *
     * @param key the service
     * @param ip instance ip
     * @param port instance port
     * @param cluster cluster name
     * @param edit the edit
     * @return false when the service does not exist (Nacos refuses the edit then)
     */
    public synchronized boolean edit(ServiceKey key, String ip, int port, String cluster, InstanceEdit edit) {
        ServiceState entry = services.get(key);
        if (entry == null || !entry.exists) {
            return false;
        }
        entry.edits.put(Instances.editKey(ip, port, cluster), edit);
        changed(key, entry);
        return true;
    }

    /**
     * Returns every instance of a service as readers see it (edits applied), disabled and unhealthy ones included.
     *
     * @param key the service
     * @return copies, in the order a Nacos server lists them (see {@link ServedInstances}), not registration order
     */
    public synchronized List<Instance> instances(ServiceKey key) {
        ServiceState entry = services.get(key);
        return entry == null ? List.of() : entry.served();
    }

    /**
     * Tells whether a service exists (was registered and not yet cleaned up).
     *
     * @param key the service
     * @return true if it exists
     */
    public synchronized boolean exists(ServiceKey key) {
        ServiceState entry = services.get(key);
        return entry != null && entry.exists;
    }

    /**
     * Lists the names of the existing services of a group, sorted.
     *
     * @param namespace normalised namespace id
     * @param group the group
     * @return service names without group prefix
     */
    public synchronized List<String> serviceNames(String namespace, String group) {
        List<String> names = new ArrayList<>();
        for (Map.Entry<ServiceKey, ServiceState> each : services.entrySet()) {
            ServiceKey key = each.getKey();
            if (each.getValue().exists
                    && key.namespace().equals(namespace)
                    && key.group().equals(group)) {
                names.add(key.name());
            }
        }
        names.sort(null);
        return names;
    }

    /**
     * Lists the existing services of a namespace, every group, sorted by group and name.
     *
     * @param namespace normalised namespace id
     * @return the services
     */
    public synchronized List<ServiceKey> services(String namespace) {
        List<ServiceKey> keys = new ArrayList<>();
        for (Map.Entry<ServiceKey, ServiceState> each : services.entrySet()) {
            if (each.getValue().exists && each.getKey().namespace().equals(namespace)) {
                keys.add(each.getKey());
            }
        }
        keys.sort(java.util.Comparator.comparing(ServiceKey::group).thenComparing(ServiceKey::name));
        return keys;
    }

    /**
     * Returns the subscribers of a service.
     *
     * @param key the service
     * @return connection id to requested clusters
     */
    public synchronized Map<String, String> subscribers(ServiceKey key) {
        ServiceState entry = services.get(key);
        return entry == null ? Map.of() : new LinkedHashMap<>(entry.subscribers);
    }

    /**
     * Returns the clusters a connection subscribed to, if it subscribes to the service.
     *
     * @param key the service
     * @param connectionId the connection
     * @return its cluster filter, or empty when not subscribed
     */
    public synchronized Optional<String> subscription(ServiceKey key, String connectionId) {
        ServiceState entry = services.get(key);
        return entry == null ? Optional.empty() : Optional.ofNullable(entry.subscribers.get(connectionId));
    }

    /**
     * Counts the instances over all services.
     *
     * @return the number of stored instances
     */
    public synchronized int instanceCount() {
        int count = 0;
        for (ServiceState entry : services.values()) {
            count += entry.instanceCount();
        }
        return count;
    }

    /**
     * Removes services that have been empty for at least the retention time, as Nacos' empty-service cleaner does.
     *
     * @param retentionMillis how long an empty service stays listed
     */
    public synchronized void removeEmptyServices(long retentionMillis) {
        long now = clock.getAsLong();
        for (Iterator<ServiceState> it = services.values().iterator(); it.hasNext(); ) {
            ServiceState entry = it.next();
            entry.expireIfEmpty(now, retentionMillis);
            if (entry.isUnused()) {
                it.remove();
            }
        }
    }

    private ServiceState entry(ServiceKey key) {
        return services.computeIfAbsent(key, k -> new ServiceState());
    }

    private void changed(ServiceKey key, ServiceState entry) {
        entry.instancesChanged(clock.getAsLong());
        listener.serviceChanged(key);
    }

    private void dropIfUnused(ServiceKey key, ServiceState entry) {
        if (entry.isUnused()) {
            services.remove(key);
        }
    }
}
