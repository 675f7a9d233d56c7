package dev.nacosapp.testkit.embedded.naming;

import com.alibaba.nacos.api.naming.pojo.Instance;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a service's instance list in the order a Nacos 2.x or 3.x server serves it.
 *
 * <p>Nacos builds every push, query and HTTP list of a service from one list that {@code ServiceStorage} collects:
 * it walks the clients that publish the service (a {@code ConcurrentHashSet} of client ids), turns each published
 * instance back into an {@link Instance} ({@code InstanceUtil.parseToApiInstance}, console edits laid over it), adds
 * them to a {@link HashSet} and copies that set into the list it serves; later filters keep that order. {@link
 * Instance#hashCode()} is the hash of its {@code toString()}, which includes every field and the metadata map, so the
 * order is the set's bucket order: not registration order, and an instance whose weight, metadata or state changes
 * can move. This class repeats those steps with the same classes, so the buckets, and hence the order, are the same
 * as long as the instances are equal (same fields, same metadata map order); only instances that fall into the same
 * bucket keep the order in which they were added, which depends on the clients' (connection ids') order.
 *
 * <p>Stateless and thread-safe.
 */
final class ServedInstances {

    // Keys under which Nacos' InstancePublishInfo carries what is not metadata (naming's constants.Constants).
    private static final String CUSTOM_INSTANCE_ID = "customInstanceId";

    private static final String PUBLISH_INSTANCE_WEIGHT = "publishInstanceWeight";

    private static final String PUBLISH_INSTANCE_ENABLE = "publishInstanceEnable";

    private static final double DEFAULT_WEIGHT = 1.0D;

    private final Set<Instance> collected = new HashSet<>();

    /**
     * Adds a stored instance as Nacos would read it back from its publisher.
     *
     * @param stored the normalised instance as registered (not modified)
     * @param edit the console edit of that instance, or null
     */
    void add(Instance stored, InstanceEdit edit) {
        collected.add(served(stored, edit));
    }

    /**
     * Returns the collected instances in the order Nacos' set yields them.
     *
     * @return a new list; the instances belong to the caller
     */
    List<Instance> list() {
        return new ArrayList<>(collected);
    }

    /**
     * Rebuilds an instance as Nacos does: first what a registration keeps ({@code ClientOperationService
     * #getPublishInfo}: metadata, then the instance id, a non-default weight and a disabled flag in one map), then
     * the instance made from it ({@code InstanceUtil.parseToApiInstance}), then the console edit ({@code
     * InstanceUtil.updateInstanceMetadata}). The maps are built with the same capacities and insertion order, so
     * their {@code toString()}, part of the instance's hash, is the same too.
     */
    private static Instance served(Instance stored, InstanceEdit edit) {
        Map<String, Object> extendDatum = new HashMap<>(1);
        if (stored.getMetadata() != null && !stored.getMetadata().isEmpty()) {
            extendDatum.putAll(stored.getMetadata());
        }
        if (stored.getInstanceId() != null && !stored.getInstanceId().isEmpty()) {
            extendDatum.put(CUSTOM_INSTANCE_ID, stored.getInstanceId());
        }
        if (Math.abs(DEFAULT_WEIGHT - stored.getWeight()) >= 1e-10) {
            extendDatum.put(PUBLISH_INSTANCE_WEIGHT, stored.getWeight());
        }
        if (!stored.isEnabled()) {
            extendDatum.put(PUBLISH_INSTANCE_ENABLE, false);
        }
        Instance result = new Instance();
        result.setIp(stored.getIp());
        result.setPort(stored.getPort());
        result.setServiceName(stored.getServiceName());
        result.setClusterName(Instances.clusterOf(stored));
        Map<String, String> metadata = new HashMap<>(extendDatum.size());
        for (Map.Entry<String, Object> entry : extendDatum.entrySet()) {
            switch (entry.getKey()) {
                case CUSTOM_INSTANCE_ID -> result.setInstanceId(entry.getValue().toString());
                case PUBLISH_INSTANCE_ENABLE -> result.setEnabled((Boolean) entry.getValue());
                case PUBLISH_INSTANCE_WEIGHT -> result.setWeight((Double) entry.getValue());
                default ->
                    metadata.put(
                            entry.getKey(),
                            entry.getValue() == null ? null : entry.getValue().toString());
            }
        }
        result.setMetadata(metadata);
        result.setEphemeral(stored.isEphemeral());
        result.setHealthy(stored.isHealthy());
        if (edit != null) {
            result.setEnabled(edit.enabled());
            result.setWeight(edit.weight());
            metadata.putAll(edit.metadata());
        }
        return result;
    }
}
