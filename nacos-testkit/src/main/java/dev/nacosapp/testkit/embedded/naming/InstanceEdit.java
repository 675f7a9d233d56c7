package dev.nacosapp.testkit.embedded.naming;

import com.alibaba.nacos.api.naming.pojo.Instance;
import java.util.Map;

/**
 * A console-style edit of one instance (what {@code PUT /nacos/v1/ns/instance} stores).
 *
 * <p>Like Nacos, the edit is kept apart from what the owning client registered and laid over it whenever the
 * instance is read: {@code enabled} and {@code weight} replace the registered values, {@code metadata} entries are
 * added to or replace the registered entries. Immutable and thread-safe.
 *
 * @param enabled whether the instance may receive traffic
 * @param weight the weight
 * @param metadata metadata entries to lay over the registered ones
 */
public record InstanceEdit(boolean enabled, double weight, Map<String, String> metadata) {

    public InstanceEdit {
        metadata = Map.copyOf(metadata);
    }

    /**
     * Applies this edit to a copy of the instance.
     *
     * @param instance a stored instance (not modified)
     * @return the instance as readers see it
     */
    public Instance applyTo(Instance instance) {
        Instance edited = Instances.copy(instance);
        edited.setEnabled(enabled);
        edited.setWeight(weight);
        edited.getMetadata().putAll(metadata);
        return edited;
    }
}
