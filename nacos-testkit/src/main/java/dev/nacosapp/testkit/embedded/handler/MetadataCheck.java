package dev.nacosapp.testkit.embedded.handler;

import com.alibaba.nacos.api.naming.pojo.Instance;
import com.alibaba.nacos.api.naming.remote.request.BatchInstanceRequest;
import com.alibaba.nacos.api.naming.remote.request.InstanceRequest;
import com.alibaba.nacos.api.naming.remote.request.PersistentInstanceRequest;
import com.alibaba.nacos.api.remote.request.Request;
import dev.nacosapp.testkit.embedded.naming.Instances;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The metadata size check of Nacos' parameter checker (servers 2.3.0+): the keys and values of an instance's
 * metadata may not exceed the limit in total, 1024 characters unless the server is configured otherwise.
 *
 * <p>Like Nacos it looks at every instance request whatever its type, deregistrations included. Immutable and
 * thread-safe.
 */
public final class MetadataCheck implements Function<Request, Optional<String>> {

    private final int limit;

    /**
     * Creates the check.
     *
     * @param limit the largest total length allowed
     */
    public MetadataCheck(int limit) {
        this.limit = limit;
    }

    /**
     * Returns the message Nacos gives for metadata over the limit.
     *
     * @param limit the limit
     * @return the message, including the {@code Param check invalid:} prefix
     */
    public static String message(int limit) {
        return "Param check invalid:Param 'Metadata' is illegal, the param length should not exceed " + limit + ".";
    }

    /**
     * Checks metadata given outside a request (the open API's instance update).
     *
     * @param metadata the metadata
     * @return the refusal message, or empty when within the limit
     */
    public Optional<String> check(Map<String, String> metadata) {
        return Instances.metadataLength(metadata) > limit ? Optional.of(message(limit)) : Optional.empty();
    }

    @Override
    public Optional<String> apply(Request request) {
        List<Instance> instances;
        if (request instanceof InstanceRequest single) {
            instances = single.getInstance() == null ? List.of() : List.of(single.getInstance());
        } else if (request instanceof PersistentInstanceRequest persistent) {
            instances = persistent.getInstance() == null ? List.of() : List.of(persistent.getInstance());
        } else if (request instanceof BatchInstanceRequest batch) {
            instances = batch.getInstances() == null ? List.of() : batch.getInstances();
        } else {
            return Optional.empty();
        }
        for (Instance each : instances) {
            Optional<String> refusal = check(each.getMetadata());
            if (refusal.isPresent()) {
                return refusal;
            }
        }
        return Optional.empty();
    }
}
