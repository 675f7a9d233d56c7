package dev.nacosapp.dubbo.discovery.internal.conversion;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.dubbo.metadata.MetadataInfo;
import org.apache.dubbo.registry.client.DefaultServiceInstance;
import org.apache.dubbo.registry.client.ServiceInstance;
import org.junit.jupiter.api.Test;

class PortMappedMetadataTest {

    private static MetadataInfo metadata() {
        Map<String, MetadataInfo.ServiceInfo> services = new HashMap<>();
        MetadataInfo.ServiceInfo greeter = new MetadataInfo.ServiceInfo(
                "org.example.Greeter", null, null, "dubbo", 20880, "org.example.Greeter", new HashMap<>());
        services.put(greeter.getMatchKey(), greeter);
        return new MetadataInfo("orders", "r1", services);
    }

    private static ServiceInstance instance(boolean mapped) {
        DefaultServiceInstance instance = new DefaultServiceInstance("orders", "10.0.0.1", 30880, null);
        if (mapped) {
            instance.getMetadata().put(InstanceMapper.PORT_MAPPING_KEY, "20880:30880");
        }
        return instance;
    }

    @Test
    void clearsTheBoundPortSoConsumersUseTheRegisteredOne() {
        MetadataInfo original = metadata();

        MetadataInfo adjusted = PortMappedMetadata.adjust(original, List.of(instance(true)));

        assertThat(adjusted.getServices().values())
                .allSatisfy(info -> assertThat(info.getPort()).isEqualTo(-1));
        assertThat(adjusted.getRevision()).isEqualTo("r1");
        assertThat(original.getServices().values())
                .as("the cached original is untouched")
                .allSatisfy(info -> assertThat(info.getPort()).isEqualTo(20880));
    }

    @Test
    void leavesMetadataOfUnmappedInstancesAlone() {
        MetadataInfo original = metadata();

        assertThat(PortMappedMetadata.adjust(original, List.of(instance(false))))
                .isSameAs(original);
        assertThat(PortMappedMetadata.adjust(MetadataInfo.EMPTY, List.of(instance(true))))
                .isSameAs(MetadataInfo.EMPTY);
    }
}
