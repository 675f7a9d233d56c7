package dev.nacosapp.dubbo.discovery.internal.conversion;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.dubbo.metadata.MetadataInfo;
import org.apache.dubbo.registry.client.ServiceInstance;

/**
 * Makes consumers honour register-port. Dubbo's metadata records each service's bound port, and a consumer prefers
 * that port over the instance's registered one; behind port mapping the bound port is unreachable. For instances that
 * registered a mapped port, this returns the metadata with service ports cleared, so Dubbo uses the registered port
 * and the (rewritten) endpoints instead. Stateless.
 */
public final class PortMappedMetadata {
    private PortMappedMetadata() {}

    public static MetadataInfo adjust(MetadataInfo metadata, List<ServiceInstance> instances) {
        if (metadata == null || metadata == MetadataInfo.EMPTY || !anyPortMapped(instances)) {
            return metadata;
        }
        Map<String, MetadataInfo.ServiceInfo> services = new HashMap<String, MetadataInfo.ServiceInfo>();
        for (Map.Entry<String, MetadataInfo.ServiceInfo> entry :
                metadata.getServices().entrySet()) {
            MetadataInfo.ServiceInfo info = entry.getValue();
            services.put(
                    entry.getKey(),
                    new MetadataInfo.ServiceInfo(
                            info.getName(),
                            info.getGroup(),
                            info.getVersion(),
                            info.getProtocol(),
                            -1,
                            info.getPath(),
                            info.getParams()));
        }
        MetadataInfo adjusted = new MetadataInfo(metadata.getApp(), metadata.getRevision(), services);
        adjusted.init();
        return adjusted;
    }

    private static boolean anyPortMapped(List<ServiceInstance> instances) {
        if (instances == null) {
            return false;
        }
        for (ServiceInstance instance : instances) {
            if (instance.getMetadata().containsKey(InstanceMapper.PORT_MAPPING_KEY)) {
                return true;
            }
        }
        return false;
    }
}
