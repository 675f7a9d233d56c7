package dev.nacosapp.dubbo.discovery.internal.client;

import com.alibaba.nacos.api.exception.NacosException;
import com.alibaba.nacos.api.naming.listener.EventListener;
import com.alibaba.nacos.api.naming.pojo.Instance;
import com.alibaba.nacos.api.naming.pojo.ListView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One nacos-client shared by every discovery with the same servers, namespace and credentials, and the set of
 * instances this process registered through it. Thread-safe.
 *
 * <p>Nacos 2.x keeps ONE instance per (connection, service): a second {@code registerInstance} of the same service
 * from the same client replaces the first. So this class keeps, per service, every instance the process wants
 * registered, and always publishes the whole set: one instance with {@code registerInstance}, several with
 * {@code batchRegisterInstance}. Publishing the new set also replaces an instance in place, with no moment where it
 * is missing. Persistent instances are keyed by address on the server and are registered one by one.
 */
public final class SharedNamingClient {
    private final NamingOperations operations;
    /** Per "group@@service": instance key to instance, in registration order. Guarded by {@code this}. */
    private final Map<String, LinkedHashMap<String, Instance>> registrations =
            new HashMap<String, LinkedHashMap<String, Instance>>();

    public SharedNamingClient(NamingOperations operations) {
        this.operations = operations;
    }

    /** Adds the instance to this process's set for the service and publishes the set. */
    public synchronized void register(String group, String service, Instance instance) throws NacosException {
        set(group, service).put(keyOf(instance), instance);
        publish(group, service, instance);
    }

    /** Replaces {@code previous} by {@code next} in one publication. */
    public synchronized void replace(String group, String service, Instance previous, Instance next)
            throws NacosException {
        LinkedHashMap<String, Instance> set = set(group, service);
        if (previous != null && !keyOf(previous).equals(keyOf(next))) {
            set.remove(keyOf(previous));
            if (!previous.isEphemeral()) {
                operations.deregisterInstance(service, group, previous);
            }
        }
        set.put(keyOf(next), next);
        publish(group, service, next);
    }

    /** Removes the instance from the set and publishes what is left (deregistering when nothing is). */
    public synchronized void deregister(String group, String service, Instance instance) throws NacosException {
        String serviceKey = serviceKey(group, service);
        LinkedHashMap<String, Instance> set = registrations.get(serviceKey);
        if (set == null || set.remove(keyOf(instance)) == null) {
            return;
        }
        if (set.isEmpty() || !instance.isEphemeral()) {
            if (set.isEmpty()) {
                registrations.remove(serviceKey);
            }
            operations.deregisterInstance(service, group, instance);
            return;
        }
        publishSet(group, service, set);
    }

    /** Publishes the current set again, for a retry after a failure; {@code false} when nothing is wanted. */
    public synchronized boolean republish(String group, String service, Instance instance) throws NacosException {
        LinkedHashMap<String, Instance> set = registrations.get(serviceKey(group, service));
        if (set == null || !set.containsKey(keyOf(instance))) {
            return false;
        }
        publish(group, service, set.get(keyOf(instance)));
        return true;
    }

    /** Whether this process wants the instance registered. */
    public synchronized boolean isWanted(String group, String service, Instance instance) {
        LinkedHashMap<String, Instance> set = registrations.get(serviceKey(group, service));
        return set != null && set.containsKey(keyOf(instance));
    }

    /** One cheap read, to learn whether the server accepts this client's credentials. */
    public void probe(String group) throws NacosException {
        operations.getServicesOfServer(1, 1, group);
    }

    public List<Instance> getAllInstances(String service, String group) throws NacosException {
        return operations.getAllInstances(service, group);
    }

    /** nacos-client's cached list of the service (see {@link NamingOperations#cachedInstances}). */
    public List<Instance> cachedInstances(String service, String group) throws NacosException {
        return operations.cachedInstances(service, group);
    }

    /** Every service name of the group, reading the server page by page. */
    public List<String> getServices(String group) throws NacosException {
        List<String> names = new ArrayList<String>();
        int pageSize = 500;
        for (int page = 1; ; page++) {
            ListView<String> view = operations.getServicesOfServer(page, pageSize, group);
            List<String> data = view.getData();
            if (data == null || data.isEmpty()) {
                break;
            }
            names.addAll(data);
            if (data.size() < pageSize || names.size() >= view.getCount()) {
                break;
            }
        }
        return names;
    }

    public void subscribe(String service, String group, EventListener listener) throws NacosException {
        operations.subscribe(service, group, listener);
    }

    public void unsubscribe(String service, String group, EventListener listener) throws NacosException {
        operations.unsubscribe(service, group, listener);
    }

    public boolean isServerUp() {
        return operations.isServerUp();
    }

    public void shutdown() throws NacosException {
        operations.shutdown();
    }

    private void publish(String group, String service, Instance changed) throws NacosException {
        if (!changed.isEphemeral()) {
            operations.registerInstance(service, group, changed);
            return;
        }
        publishSet(group, service, set(group, service));
    }

    private void publishSet(String group, String service, LinkedHashMap<String, Instance> set) throws NacosException {
        List<Instance> ephemeral = new ArrayList<Instance>();
        for (Instance instance : set.values()) {
            if (instance.isEphemeral()) {
                ephemeral.add(instance);
            }
        }
        if (ephemeral.size() == 1) {
            operations.registerInstance(service, group, ephemeral.get(0));
        } else if (ephemeral.size() > 1) {
            operations.batchRegisterInstance(service, group, ephemeral);
        }
    }

    private LinkedHashMap<String, Instance> set(String group, String service) {
        String key = serviceKey(group, service);
        LinkedHashMap<String, Instance> set = registrations.get(key);
        if (set == null) {
            set = new LinkedHashMap<String, Instance>();
            registrations.put(key, set);
        }
        return set;
    }

    private static String serviceKey(String group, String service) {
        return group + "@@" + service;
    }

    /** Nacos identifies an instance of a service by address and cluster. */
    static String keyOf(Instance instance) {
        return instance.getIp() + "#" + instance.getPort() + "#" + instance.getClusterName();
    }
}
