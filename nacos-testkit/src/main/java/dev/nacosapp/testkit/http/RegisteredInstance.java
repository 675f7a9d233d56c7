package dev.nacosapp.testkit.http;

import java.util.Map;

/**
 * An instance as a Nacos server lists it over the open API ({@code hosts} of {@code /nacos/v1/ns/instance/list}).
 * Immutable and thread-safe.
 *
 * @param instanceId the instance id, {@code ip#port#cluster#group@@service} unless the client chose one
 * @param ip the ip
 * @param port the port
 * @param weight the weight
 * @param healthy whether the server counts it healthy
 * @param enabled whether it may receive traffic
 * @param ephemeral whether it belongs to a client connection
 * @param clusterName the cluster
 * @param serviceName the grouped service name, {@code group@@service}
 * @param metadata the metadata
 */
public record RegisteredInstance(
        String instanceId,
        String ip,
        int port,
        double weight,
        boolean healthy,
        boolean enabled,
        boolean ephemeral,
        String clusterName,
        String serviceName,
        Map<String, String> metadata) {

    public RegisteredInstance {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /**
     * Returns the address.
     *
     * @return {@code ip:port}
     */
    public String address() {
        return ip + ":" + port;
    }
}
