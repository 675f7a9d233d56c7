package dev.nacosapp.dubbo.discovery.internal.watch;

import com.alibaba.nacos.api.naming.pojo.Instance;
import dev.nacosapp.dubbo.discovery.internal.config.MetadataSelector;
import dev.nacosapp.dubbo.discovery.internal.config.NacosAppConfig;
import java.util.List;

/**
 * Decides which Nacos instances a consumer may call: healthy, enabled, weight above zero (Nacos' way to drain an
 * instance; Dubbo would still pick it when every weight is zero), in a subscribed cluster and matching the selector.
 * Applied to the first load and to every push alike. Immutable, thread-safe.
 */
public final class InstanceFilter {
    private final List<String> clusters;
    /** Whether every cluster is subscribed: asked for every instance of every push, so answered without a call. */
    private final boolean anyCluster;

    private final MetadataSelector selector;

    public InstanceFilter(List<String> clusters, MetadataSelector selector) {
        this.clusters = clusters;
        this.anyCluster = clusters.isEmpty();
        this.selector = selector;
    }

    public static InstanceFilter of(NacosAppConfig config) {
        return new InstanceFilter(config.subscribeClusters(), config.selector());
    }

    public boolean accepts(Instance instance) {
        return instance.isHealthy()
                && instance.isEnabled()
                && instance.getWeight() > 0
                && inScope(instance)
                && selector.matches(instance.getMetadata());
    }

    /** Whether the instance is in a subscribed cluster: the part of the application this consumer uses at all. */
    boolean inScope(Instance instance) {
        return anyCluster || clusters.contains(clusterOf(instance));
    }

    /**
     * Whether a list says nothing reliable about the application: no instance in scope, or none of them healthy. That
     * is what a restarting server or a lost connection produces. Instances that are there and healthy but drained
     * (weight 0), disabled or outside the selector are an operator's explicit choice instead.
     */
    boolean isAmbiguous(List<Instance> instances) {
        for (Instance instance : instances) {
            if (instance.isHealthy() && inScope(instance)) {
                return false;
            }
        }
        return true;
    }

    private static String clusterOf(Instance instance) {
        String cluster = instance.getClusterName();
        return cluster == null || cluster.isEmpty() ? NacosAppConfig.DEFAULT_CLUSTER : cluster;
    }
}
