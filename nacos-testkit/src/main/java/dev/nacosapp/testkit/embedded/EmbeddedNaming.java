package dev.nacosapp.testkit.embedded;

import com.alibaba.nacos.api.naming.pojo.Instance;
import dev.nacosapp.testkit.embedded.naming.ServiceKey;
import dev.nacosapp.testkit.embedded.push.PushStats;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the naming side of an {@link EmbeddedNacosServer} holds, for assertions: instances, services, subscribers,
 * answered queries and push counters. Get it from {@link EmbeddedNacosServer#naming()}. Everything but
 * {@link #queryCount} reads the current run and throws {@link IllegalStateException} while the server is stopped.
 * Thread-safe.
 */
public final class EmbeddedNaming {

    private final Supplier<ServerRuntime> running;

    private final LastingState lasting;

    EmbeddedNaming(Supplier<ServerRuntime> running, LastingState lasting) {
        this.running = running;
        this.lasting = lasting;
    }

    /**
     * Returns a snapshot of every instance of a service, disabled and unhealthy ones included, with console edits
     * applied.
     *
     * @param namespace namespace id, blank for {@code public}
     * @param group group, blank for {@code DEFAULT_GROUP}
     * @param serviceName service name
     * @return copies of the instances, in registration order
     */
    public List<Instance> instances(String namespace, String group, String serviceName) {
        return running.get().store().instances(ServiceKey.of(namespace, group, serviceName));
    }

    /**
     * Lists the names of the services of a group, as the service list API does (sorted, without paging).
     *
     * @param namespace namespace id, blank for {@code public}
     * @param group group, blank for {@code DEFAULT_GROUP}
     * @return service names
     */
    public List<String> serviceNames(String namespace, String group) {
        ServiceKey key = ServiceKey.of(namespace, group, "");
        return running.get().store().serviceNames(key.namespace(), key.group());
    }

    /**
     * Counts all stored instances.
     *
     * @return the number of instances over every namespace and service
     */
    public int instanceCount() {
        return running.get().store().instanceCount();
    }

    /**
     * Counts the connections subscribed to a service.
     *
     * @param namespace namespace id, blank for {@code public}
     * @param group group, blank for {@code DEFAULT_GROUP}
     * @param serviceName service name
     * @return the number of subscribers
     */
    public int subscriberCount(String namespace, String group, String serviceName) {
        return running.get()
                .store()
                .subscribers(ServiceKey.of(namespace, group, serviceName))
                .size();
    }

    /**
     * Counts the queries of a service's instances this server answered over gRPC ({@code ServiceQueryRequest}: what
     * nacos-client sends for {@code getAllInstances}, {@code selectInstances} and {@code selectOneHealthyInstance}
     * with {@code subscribe=false}; with {@code subscribe=true} it subscribes instead and reads its cache). Refused
     * queries ({@link EmbeddedFaults#refuseNextRequests}) and the HTTP instance lists are not counted.
     *
     * @param namespace namespace id, blank for {@code public}
     * @param group group, blank for {@code DEFAULT_GROUP}
     * @param serviceName service name
     * @return answered queries since the server was built, across restarts
     */
    public long queryCount(String namespace, String group, String serviceName) {
        return lasting.queries().count(ServiceKey.of(namespace, group, serviceName));
    }

    /**
     * Returns push counters of the current run.
     *
     * @return pushes sent, acknowledged, failed and awaiting acknowledgement since the last start
     */
    public PushStats pushStats() {
        return running.get().pushes().stats();
    }
}
