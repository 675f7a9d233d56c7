package dev.nacosapp.dubbo.discovery.internal.mapping;

import com.alibaba.nacos.api.naming.pojo.Instance;
import dev.nacosapp.dubbo.discovery.internal.config.NacosAppConfig;
import org.apache.dubbo.registry.client.DefaultServiceInstance;
import org.apache.dubbo.rpc.model.ApplicationModel;

/**
 * The Dubbo instance a consumer is given for a pushed Nacos instance, and what it was converted from, so a later push
 * can tell whether the same object may be handed to Dubbo again.
 *
 * <p>It has to be a {@link DefaultServiceInstance}: Dubbo 3.3's {@code ServiceInstancesChangedListener} and
 * {@code ServiceInstanceMetadataUtils} cast to it. The Nacos cluster is the one field added (it fits the object's
 * padding); the metadata is a {@link PushedMetadata}. Like its superclass, not thread-safe for writes.
 */
public final class NacosServiceInstance extends DefaultServiceInstance {
    private static final long serialVersionUID = 1L;

    private final String cluster;

    NacosServiceInstance(String application, String host, int port, ApplicationModel model, String cluster) {
        super(application, host, port, model);
        this.cluster = cluster;
    }

    static String clusterOf(Instance instance) {
        String cluster = instance.getClusterName();
        if (cluster == null || cluster.isEmpty() || NacosAppConfig.DEFAULT_CLUSTER.equals(cluster)) {
            // One shared string rather than the one parsed from every push.
            return NacosAppConfig.DEFAULT_CLUSTER;
        }
        return cluster;
    }

    /** Whether this instance stands for the same address as {@code pushed}. */
    public boolean isAt(Instance pushed) {
        return getPort() == pushed.getPort() && getHost().equals(LoopbackHosts.forDubboClient(pushed.getIp()));
    }

    /**
     * Whether {@code pushed}, at this instance's address ({@link #isAt}), has the state this instance was converted
     * from in everything but the metadata values: cluster, weight as Dubbo sees it, health, enabled, number of
     * metadata entries. Cheap: what is checked when nacos-client's own comparison reported the instance unchanged.
     */
    public boolean hasStateOf(Instance pushed) {
        PushedMetadata metadata = metadata();
        return metadata != null
                && isHealthy() == pushed.isHealthy()
                && isEnabled() == pushed.isEnabled()
                && metadata.weight().equals(InstanceMapper.dubboWeightText(pushed.getWeight()))
                && metadata.pushedSize() == PushedMetadata.sizeOf(pushed.getMetadata())
                && cluster.equals(clusterOf(pushed));
    }

    /**
     * Whether {@code pushed}, at this instance's address, is exactly what this instance was converted from, metadata
     * values included.
     */
    public boolean isConvertedFrom(Instance pushed) {
        return hasStateOf(pushed)
                && metadata().holds(pushed.getMetadata(), InstanceMapper.dubboWeightText(pushed.getWeight()));
    }

    /** The pushed metadata, or null once Dubbo replaced the map. */
    PushedMetadata metadata() {
        return getMetadata() instanceof PushedMetadata ? (PushedMetadata) getMetadata() : null;
    }
}
