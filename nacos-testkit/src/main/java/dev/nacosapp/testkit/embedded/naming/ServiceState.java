package dev.nacosapp.testkit.embedded.naming;

import com.alibaba.nacos.api.naming.pojo.Instance;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything known about one service: the instances each connection publishes, the persistent instances, the console
 * edits laid over them, the subscribers, and since when the service has been empty. Knows how readers see its
 * instances; {@link NamingStore} decides when to change it and whom to tell.
 *
 * <p>Not thread-safe: guarded by the lock of the store that owns it.
 */
final class ServiceState {

    // By connection id in a concurrent map's order, as Nacos walks the client ids that publish a service.
    final Map<String, List<Instance>> ephemeral = new ConcurrentHashMap<>();

    final Map<String, Instance> persistent = new LinkedHashMap<>();

    final Map<String, InstanceEdit> edits = new HashMap<>();

    final Map<String, String> subscribers = new LinkedHashMap<>();

    boolean exists;

    long emptySince;

    /**
     * Returns every instance as readers see it (edits applied), disabled and unhealthy ones included.
     *
     * @return copies, in the order a Nacos server lists them (see {@link ServedInstances})
     */
    List<Instance> served() {
        // Nacos collects instances in a hash set: identical registrations from two connections show once, and the
        // set's order is the order every reader gets.
        ServedInstances result = new ServedInstances();
        for (List<Instance> published : ephemeral.values()) {
            for (Instance each : published) {
                result.add(each, edits.get(editKey(each)));
            }
        }
        for (Instance each : persistent.values()) {
            result.add(each, edits.get(editKey(each)));
        }
        return result.list();
    }

    /**
     * Notes a change of the instances: starts the empty-service clock when the last one went, stops it otherwise.
     *
     * @param now the store's clock, in milliseconds
     */
    void instancesChanged(long now) {
        if (instanceCount() == 0) {
            if (emptySince == 0) {
                emptySince = now;
            }
        } else {
            emptySince = 0;
        }
    }

    /**
     * Ends the service when it has been empty for the retention time, as Nacos' empty-service cleaner does; its
     * console edits go with it.
     *
     * @param now the store's clock, in milliseconds
     * @param retentionMillis how long an empty service stays listed
     */
    void expireIfEmpty(long now, long retentionMillis) {
        if (exists && instanceCount() == 0 && now - emptySince >= retentionMillis) {
            exists = false;
            edits.clear();
        }
    }

    int instanceCount() {
        int count = persistent.size();
        for (List<Instance> each : ephemeral.values()) {
            count += each.size();
        }
        return count;
    }

    boolean isUnused() {
        return !exists && subscribers.isEmpty() && ephemeral.isEmpty() && persistent.isEmpty();
    }

    static String editKey(Instance instance) {
        return Instances.editKey(instance.getIp(), instance.getPort(), Instances.clusterOf(instance));
    }

    static List<Instance> copies(List<Instance> instances) {
        List<Instance> result = new ArrayList<>(instances.size());
        for (Instance each : instances) {
            result.add(Instances.copy(each));
        }
        return result;
    }
}
