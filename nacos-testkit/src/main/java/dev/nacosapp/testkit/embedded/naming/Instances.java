package dev.nacosapp.testkit.embedded.naming;

import com.alibaba.nacos.api.common.Constants;
import com.alibaba.nacos.api.naming.pojo.Instance;
import java.util.HashMap;
import java.util.Map;

/**
 * Stateless conversions of {@link Instance} values as the server stores and serves them.
 *
 * <p>The store never hands out its own objects: everything leaving it is a copy, because nacos-client and tests
 * mutate the instances they receive. Thread-safe (no state).
 */
public final class Instances {

    private Instances() {}

    /**
     * Copies an instance, metadata included.
     *
     * @param source the instance to copy
     * @return an independent copy
     */
    public static Instance copy(Instance source) {
        Instance copy = new Instance();
        copy.setInstanceId(source.getInstanceId());
        copy.setIp(source.getIp());
        copy.setPort(source.getPort());
        copy.setWeight(source.getWeight());
        copy.setHealthy(source.isHealthy());
        copy.setEnabled(source.isEnabled());
        copy.setEphemeral(source.isEphemeral());
        copy.setClusterName(source.getClusterName());
        copy.setServiceName(source.getServiceName());
        copy.setMetadata(source.getMetadata() == null ? new HashMap<>() : new HashMap<>(source.getMetadata()));
        return copy;
    }

    /**
     * Turns an instance sent by a client into the stored form, as a Nacos 2.x server does on registration: cluster
     * {@code DEFAULT} when unset, the grouped service name, and an instance id {@code ip#port#cluster#group@@service}
     * unless the client chose one.
     *
     * @param key the service the instance is registered in
     * @param sent the instance as received
     * @param ephemeral whether the instance belongs to a connection
     * @return the stored instance
     */
    public static Instance normalise(ServiceKey key, Instance sent, boolean ephemeral) {
        Instance stored = copy(sent);
        if (stored.getInstanceId() == null || stored.getInstanceId().isEmpty()) {
            // As a real Nacos generates it: from the instance as sent, before its cluster defaults to DEFAULT ("null"
            // when none was sent, as from Dubbo's built-in), with the service name it carries, else the grouped name.
            String service = sent.getServiceName() == null
                            || sent.getServiceName().trim().isEmpty()
                    ? key.groupedName()
                    : sent.getServiceName();
            stored.setInstanceId(String.join(
                    Constants.NAMING_INSTANCE_ID_SPLITTER,
                    sent.getIp(),
                    String.valueOf(sent.getPort()),
                    String.valueOf(sent.getClusterName()),
                    service));
        }
        stored.setClusterName(clusterOf(sent));
        stored.setServiceName(key.groupedName());
        stored.setEphemeral(ephemeral);
        return stored;
    }

    /**
     * Returns the cluster an instance belongs to, {@code DEFAULT} when unset.
     *
     * @param instance an instance
     * @return its cluster name
     */
    public static String clusterOf(Instance instance) {
        String cluster = instance.getClusterName();
        return cluster == null || cluster.isBlank() ? Constants.DEFAULT_CLUSTER_NAME : cluster;
    }

    /**
     * Returns the key under which Nacos keeps console edits of an instance: ip, port and cluster.
     *
     * @param ip instance ip
     * @param port instance port
     * @param cluster cluster name
     * @return the edit key
     */
    public static String editKey(String ip, int port, String cluster) {
        return ip + ":" + port + ":" + cluster;
    }

    /**
     * Measures metadata as the Nacos parameter checker does: the characters of every non-blank key and value.
     *
     * @param metadata the metadata, may be null
     * @return its length in characters
     */
    public static int metadataLength(Map<String, String> metadata) {
        if (metadata == null) {
            return 0;
        }
        int total = 0;
        for (Map.Entry<String, String> entry : metadata.entrySet()) {
            if (entry.getKey() != null && !entry.getKey().isBlank()) {
                total += entry.getKey().length();
            }
            if (entry.getValue() != null && !entry.getValue().isBlank()) {
                total += entry.getValue().length();
            }
        }
        return total;
    }
}
