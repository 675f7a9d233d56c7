package dev.nacosapp.testkit.http;

import com.alibaba.nacos.api.common.Constants;
import java.util.Map;
import java.util.Objects;

/**
 * A console-style edit of one instance, sent with {@code PUT /nacos/v1/ns/instance}.
 *
 * <p>Nacos resets whatever the request leaves out (weight 1, enabled, no extra metadata), so an update always
 * carries all three. Start from {@link #of(String, int)} and adjust with the {@code with...} methods. Immutable and
 * thread-safe.
 *
 * @param ip the instance's ip
 * @param port the instance's port
 * @param clusterName the instance's cluster
 * @param weight the new weight
 * @param enabled whether the instance may receive traffic
 * @param metadata metadata entries laid over those the client registered
 */
public record InstanceUpdate(
        String ip, int port, String clusterName, double weight, boolean enabled, Map<String, String> metadata) {

    public InstanceUpdate {
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(clusterName, "clusterName");
        metadata = Map.copyOf(metadata);
    }

    /**
     * Starts an update of the instance at ip and port in cluster {@code DEFAULT}: weight 1, enabled, no metadata.
     *
     * @param ip the ip
     * @param port the port
     * @return the update
     */
    public static InstanceUpdate of(String ip, int port) {
        return new InstanceUpdate(ip, port, Constants.DEFAULT_CLUSTER_NAME, 1.0, true, Map.of());
    }

    public InstanceUpdate withCluster(String cluster) {
        return new InstanceUpdate(ip, port, cluster, weight, enabled, metadata);
    }

    public InstanceUpdate withWeight(double newWeight) {
        return new InstanceUpdate(ip, port, clusterName, newWeight, enabled, metadata);
    }

    public InstanceUpdate withEnabled(boolean newEnabled) {
        return new InstanceUpdate(ip, port, clusterName, weight, newEnabled, metadata);
    }

    public InstanceUpdate withMetadata(Map<String, String> newMetadata) {
        return new InstanceUpdate(ip, port, clusterName, weight, enabled, newMetadata);
    }
}
