package dev.nacosapp.benchmarks.incremental;

import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.metadata.MetadataInfo;
import org.apache.dubbo.registry.client.AbstractServiceDiscovery;
import org.apache.dubbo.registry.client.ServiceInstance;
import org.apache.dubbo.rpc.model.ApplicationModel;

/**
 * The discovery behind a real {@code ServiceInstancesChangedListener} in the in-consumer benchmark: it answers Dubbo's
 * metadata lookup with one fixed {@code MetadataInfo} (as Dubbo's own revision cache does once it has fetched it) and
 * does nothing else, so only the listener's own work on a push is measured. Thread-safe.
 */
final class FixedMetadataDiscovery extends AbstractServiceDiscovery {
    private final MetadataInfo metadata;

    FixedMetadataDiscovery(ApplicationModel application, URL url, MetadataInfo metadata) {
        super(application, url);
        this.metadata = metadata;
    }

    @Override
    public MetadataInfo getRemoteMetadata(String revision, List<ServiceInstance> instances) {
        return metadata;
    }

    @Override
    protected void doRegister(ServiceInstance serviceInstance) {}

    @Override
    protected void doUnregister(ServiceInstance serviceInstance) {}

    @Override
    protected void doDestroy() {}

    @Override
    public Set<String> getServices() {
        return Collections.emptySet();
    }

    @Override
    public List<ServiceInstance> getInstances(String serviceName) {
        return Collections.emptyList();
    }
}
