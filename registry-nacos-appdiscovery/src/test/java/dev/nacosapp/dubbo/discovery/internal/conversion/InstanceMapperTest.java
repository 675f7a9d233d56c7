package dev.nacosapp.dubbo.discovery.internal.conversion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.alibaba.nacos.api.naming.pojo.Instance;
import com.alibaba.nacos.common.utils.JacksonUtils;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.nacosapp.dubbo.discovery.internal.config.NacosAppConfig;
import dev.nacosapp.dubbo.discovery.internal.config.NacosAppConfigParser;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.metadata.MetadataInfo;
import org.apache.dubbo.registry.client.DefaultServiceInstance;
import org.apache.dubbo.registry.client.InstanceAddressURL;
import org.apache.dubbo.registry.client.ServiceInstance;
import org.apache.dubbo.rpc.RpcContext;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.apache.dubbo.rpc.model.FrameworkModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InstanceMapperTest {
    private final FrameworkModel framework = new FrameworkModel();
    private final ApplicationModel model = framework.newApplication();

    @AfterEach
    void destroy() {
        framework.destroy();
    }

    private static InstanceMapper mapper(String parameters) {
        NacosAppConfig config =
                NacosAppConfigParser.system().parse(URL.valueOf("nacos-app://127.0.0.1:8848?" + parameters));
        return new InstanceMapper(config);
    }

    private DefaultServiceInstance dubboInstance(String app, String host, int port) {
        DefaultServiceInstance instance = new DefaultServiceInstance(app, host, port, model);
        instance.getMetadata().put("dubbo.metadata.revision", "r1");
        instance.getMetadata().put("dubbo.metadata.storage-type", null);
        instance.getMetadata()
                .put(
                        "dubbo.endpoints",
                        "[{\"port\":20880,\"protocol\":\"dubbo\"}," + "{\"port\":50051,\"protocol\":\"tri\"}]");
        instance.getMetadata().put("dubbo.metadata-service.url-params", "{\"port\":\"20880\",\"protocol\":\"dubbo\"}");
        return instance;
    }

    @Test
    void registersTheApplicationAsTheNacosServiceWithConfiguredClusterWeightAndEphemeral() {
        Instance instance = mapper("cluster-name=hz-a&instance-weight=0.5&ephemeral=false")
                .toInstance(dubboInstance("orders", "10.0.0.5", 20880));

        assertThat(instance.getServiceName()).isEqualTo("orders");
        assertThat(instance.getIp()).isEqualTo("10.0.0.5");
        assertThat(instance.getPort()).isEqualTo(20880);
        assertThat(instance.getClusterName()).isEqualTo("hz-a");
        assertThat(instance.getWeight()).isEqualTo(0.5);
        assertThat(instance.isHealthy()).isTrue();
        assertThat(instance.isEnabled()).isTrue();
        assertThat(instance.isEphemeral()).isFalse();
    }

    @Test
    void dropsNullMetadataValuesThatNacosCannotStore() {
        Instance instance = mapper("").toInstance(dubboInstance("orders", "10.0.0.5", 20880));

        assertThat(instance.getMetadata())
                .containsEntry("dubbo.metadata.revision", "r1")
                .doesNotContainKey("dubbo.metadata.storage-type")
                .doesNotContainValue(null);
    }

    @Test
    void registerHostReplacesDubbosAddressAndKeepsEveryPort() {
        Instance instance = mapper("register-host=127.0.0.1").toInstance(dubboInstance("orders", "10.0.0.5", 20880));

        assertThat(instance.getIp()).isEqualTo("127.0.0.1");
        assertThat(instance.getPort()).isEqualTo(20880);
        assertThat(instance.getMetadata()).doesNotContainKey(InstanceMapper.PORT_MAPPING_KEY);
        assertThat(instance.getMetadata().get("dubbo.endpoints"))
                .contains("20880")
                .contains("50051");
    }

    @Test
    void registerPortRewritesTheMainEndpointAndMetadataServicePortOnly() {
        Instance instance = mapper("register-port=30880").toInstance(dubboInstance("orders", "10.0.0.5", 20880));

        assertThat(instance.getPort()).isEqualTo(30880);
        List<Map<String, Object>> endpoints = JacksonUtils.toObj(
                instance.getMetadata().get("dubbo.endpoints"), new TypeReference<List<Map<String, Object>>>() {});
        assertThat(endpoints)
                .extracting(e -> e.get("protocol"), e -> e.get("port"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("dubbo", 30880),
                        org.assertj.core.groups.Tuple.tuple("tri", 50051));
        Map<String, Object> params = JacksonUtils.toObj(
                instance.getMetadata().get("dubbo.metadata-service.url-params"),
                new TypeReference<Map<String, Object>>() {});
        assertThat(params).containsEntry("port", "30880").containsEntry("protocol", "dubbo");
        assertThat(instance.getMetadata()).containsEntry(InstanceMapper.PORT_MAPPING_KEY, "20880:30880");
    }

    @Test
    void metadataOverTheLimitFailsNamingTheLargestKeysAndTheServerSetting() {
        DefaultServiceInstance big = dubboInstance("orders", "10.0.0.5", 20880);
        big.getMetadata().put("huge.parameter", "x".repeat(900));
        big.getMetadata().put("medium.parameter", "y".repeat(200));

        assertThatThrownBy(() -> mapper("").toInstance(big))
                .isInstanceOf(MetadataOverLimitException.class)
                .hasMessageContaining("application 'orders'")
                .hasMessageContaining("over the Nacos server limit of 1024")
                .hasMessageContaining("largest keys: huge.parameter (914), medium.parameter (216)")
                .hasMessageContaining("nacos.naming.service.metadata.length")
                .hasMessageContaining("metadata-limit");
        assertThat(mapper("metadata-limit=4096").toInstance(big).getMetadata()).containsKey("huge.parameter");
    }

    @Test
    void consumerSeesNacosAddressHealthAndMetadataWithTheWeightMappedForDubbo() {
        Instance nacos = new Instance();
        nacos.setIp("10.0.0.6");
        nacos.setPort(20881);
        nacos.setWeight(2.5);
        nacos.setHealthy(true);
        nacos.setEnabled(true);
        Map<String, String> metadata = new HashMap<>();
        metadata.put("dubbo.metadata.revision", "r9");
        nacos.setMetadata(metadata);

        ServiceInstance dubbo = mapper("").toServiceInstance("orders", nacos, model);

        assertThat(dubbo.getServiceName()).isEqualTo("orders");
        assertThat(dubbo.getHost()).isEqualTo("10.0.0.6");
        assertThat(dubbo.getPort()).isEqualTo(20881);
        assertThat(dubbo.isHealthy()).isTrue();
        assertThat(dubbo.isEnabled()).isTrue();
        assertThat(dubbo.getMetadata())
                .containsEntry("dubbo.metadata.revision", "r9")
                .containsEntry("weight", "250");
        assertThat(weightSeenByLoadBalancer(dubbo, new HashMap<>()))
                .as("what Dubbo's load balancers read")
                .isEqualTo(250);
        assertThat(nacos.getMetadata()).as("the Nacos instance is not modified").doesNotContainKey("weight");
    }

    @Test
    void aWeightConfiguredOnTheProvidersServiceStillWins() {
        Instance nacos = new Instance();
        nacos.setIp("10.0.0.6");
        nacos.setPort(20881);
        nacos.setWeight(2.5);
        Map<String, String> serviceParams = new HashMap<>();
        serviceParams.put("weight", "70");

        assertThat(weightSeenByLoadBalancer(mapper("").toServiceInstance("orders", nacos, model), serviceParams))
                .isEqualTo(70);
    }

    /** Resolves the weight as AbstractLoadBalance does during a call of Greeter.sayHello. */
    private static int weightSeenByLoadBalancer(ServiceInstance instance, Map<String, String> serviceParams) {
        Map<String, MetadataInfo.ServiceInfo> services = new HashMap<>();
        MetadataInfo.ServiceInfo greeter = new MetadataInfo.ServiceInfo(
                "org.example.Greeter", null, null, "dubbo", 20881, "org.example.Greeter", serviceParams);
        services.put(greeter.getMatchKey(), greeter);
        MetadataInfo metadata = new MetadataInfo("orders", "r9", services);
        metadata.init();
        RpcContext.getServiceContext()
                .setConsumerUrl(URL.valueOf("consumer://127.0.0.1/org.example.Greeter?interface=org.example.Greeter"));
        try {
            return new InstanceAddressURL(instance, metadata, "dubbo").getMethodParameter("sayHello", "weight", 100);
        } finally {
            RpcContext.removeServiceContext();
        }
    }

    @Test
    void consumerToleratesAnInstanceWithoutMetadata() {
        Instance nacos = new Instance();
        nacos.setIp("10.0.0.7");
        nacos.setPort(1);
        nacos.setMetadata(null);

        assertThat(mapper("").toServiceInstance("orders", nacos, model).getMetadata())
                .containsOnlyKeys("weight");
    }

    @Test
    void aWeightChangeMakesDubboSeeADifferentInstance() {
        Instance nacos = new Instance();
        nacos.setIp("10.0.0.8");
        nacos.setPort(20880);
        ServiceInstance before = mapper("").toServiceInstance("orders", nacos, model);
        nacos.setWeight(3);
        ServiceInstance after = mapper("").toServiceInstance("orders", nacos, model);

        assertThat(after)
                .as("Dubbo rebuilds an invoker only when the instance differs")
                .isNotEqualTo(before);
    }
}
