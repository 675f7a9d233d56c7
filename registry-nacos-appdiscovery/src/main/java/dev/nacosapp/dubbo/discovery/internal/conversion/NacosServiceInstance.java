package dev.nacosapp.dubbo.discovery.internal.conversion;

import com.alibaba.nacos.api.naming.pojo.Instance;
import dev.nacosapp.dubbo.discovery.internal.config.NacosAppConfig;
import org.apache.dubbo.registry.client.DefaultServiceInstance;
import org.apache.dubbo.rpc.model.ApplicationModel;

/**
 * The Dubbo instance a consumer is given for a pushed Nacos instance, and what it was converted from, so a later push
 * can tell whether the same object may be handed to Dubbo again.
 *
 * <p>It has to be a {@link DefaultServiceInstance}: Dubbo 3.3's {@code ServiceInstancesChangedListener} and
 * {@code ServiceInstanceMetadataUtils} cast to it. Adds no field (one would take the object from 64 to 72 bytes): what
 * a later push is checked against besides Dubbo's own fields (the Nacos cluster, the metadata as pushed) lives in its
 * {@link PushedMetadata}. Like its superclass, not thread-safe for writes.
 */
public final class NacosServiceInstance extends DefaultServiceInstance {
    private static final long serialVersionUID = 1L;

    NacosServiceInstance(String application, String host, int port, ApplicationModel model) {
        super(application, host, port, model);
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
        if (getPort() != pushed.getPort()) {
            return false;
        }
        String host = getHost();
        String ip = pushed.getIp();
        // The usual case first: a non-loopback host is handed to Dubbo as registered.
        return host.equals(ip) || host.equals(LoopbackHosts.forDubboClient(ip));
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
                && sameWeight(metadata, pushed)
                && metadata.pushedSize() == PushedMetadata.sizeOf(pushed.getMetadata())
                && sameCluster(metadata.cluster(), pushed.getClusterName());
    }

    /**
     * Whether {@code pushed}, at this instance's address, is exactly what this instance was converted from, metadata
     * values included.
     */
    public boolean isConvertedFrom(Instance pushed) {
        return hasStateOf(pushed)
                && metadata().holds(pushed.getMetadata(), InstanceMapper.dubboWeightText(pushed.getWeight()));
    }

    /**
     * Takes over {@code pushed}, found to be the same as what this instance was converted from ({@link #hasStateOf}
     * with nacos-client's comparison, or {@link #isConvertedFrom}): reads its metadata from the newer push's map from
     * now on, so the older push can be collected.
     */
    public void takeOver(Instance pushed) {
        PushedMetadata metadata = metadata();
        if (metadata != null) {
            metadata.rebase(pushed.getMetadata());
        }
    }

    private static boolean sameWeight(PushedMetadata metadata, Instance pushed) {
        String weight = InstanceMapper.dubboWeightText(pushed.getWeight());
        // Shared texts for the usual weights: a reference comparison.
        return weight == metadata.weight() || weight.equals(metadata.weight());
    }

    /** {@link #clusterOf} compared without building anything: null and empty are the default cluster. */
    private static boolean sameCluster(String converted, String pushed) {
        if (pushed == null || pushed.isEmpty()) {
            return NacosAppConfig.DEFAULT_CLUSTER.equals(converted);
        }
        return converted.equals(pushed);
    }

    /** The pushed metadata, or null once Dubbo replaced the map. */
    PushedMetadata metadata() {
        return getMetadata() instanceof PushedMetadata ? (PushedMetadata) getMetadata() : null;
    }
}
