package dev.nacosapp.dubbo.discovery.watch;

import com.alibaba.nacos.api.naming.pojo.Instance;
import dev.nacosapp.dubbo.discovery.config.MetadataSelector;
import dev.nacosapp.dubbo.discovery.config.NacosAppConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides which Nacos instances a consumer may call: healthy, enabled, weight above zero (Nacos' way to drain an
 * instance; Dubbo would still pick it when every weight is zero), in a subscribed cluster and matching the selector.
 * Applied to the first load and to every push alike. Immutable, thread-safe.
 */
public final class InstanceFilter {
    private final List<String> clusters;
    private final MetadataSelector selector;

    public InstanceFilter(List<String> clusters, MetadataSelector selector) {
        this.clusters = clusters;
        this.selector = selector;
    }

    public static InstanceFilter of(NacosAppConfig config) {
        return new InstanceFilter(config.subscribeClusters(), config.selector());
    }

    public boolean accepts(Instance instance) {
        return instance.isHealthy()
                && instance.isEnabled()
                && instance.getWeight() > 0
                && (clusters.isEmpty() || clusters.contains(clusterOf(instance)))
                && selector.matches(instance.getMetadata());
    }

    /** The usable instances, in the order given. */
    public List<Instance> usable(List<Instance> instances) {
        List<Instance> usable = new ArrayList<Instance>(instances.size());
        for (Instance instance : instances) {
            if (accepts(instance)) {
                usable.add(instance);
            }
        }
        return usable;
    }

    private static String clusterOf(Instance instance) {
        String cluster = instance.getClusterName();
        return cluster == null || cluster.isEmpty() ? NacosAppConfig.DEFAULT_CLUSTER : cluster;
    }
}
