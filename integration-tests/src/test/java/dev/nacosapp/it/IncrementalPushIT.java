package dev.nacosapp.it;

import static dev.nacosapp.it.support.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.alibaba.nacos.api.PropertyKeyConst;
import com.alibaba.nacos.api.naming.NamingFactory;
import com.alibaba.nacos.api.naming.NamingService;
import com.alibaba.nacos.api.naming.pojo.Instance;
import dev.nacosapp.it.support.Names;
import dev.nacosapp.it.support.Registry;
import dev.nacosapp.testkit.http.InstanceUpdate;
import dev.nacosapp.testkit.junit.WithNacos;
import dev.nacosapp.testkit.server.NacosTarget;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.registry.client.ServiceDiscovery;
import org.apache.dubbo.registry.client.ServiceDiscoveryFactory;
import org.apache.dubbo.registry.client.ServiceInstance;
import org.apache.dubbo.registry.client.event.ServiceInstancesChangedEvent;
import org.apache.dubbo.registry.client.event.listener.ServiceInstancesChangedListener;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.apache.dubbo.rpc.model.FrameworkModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #13: through the real nacos-client and server, a push hands Dubbo's listener the same instance objects for
 * providers that did not change, and new ones for those whose metadata, weight or enabled flag changed, or that came.
 */
@WithNacos
class IncrementalPushIT {
    private final String namespace = Names.unique("it-incremental");
    private final String application = Names.unique("incremental-provider");
    private final List<ServiceInstancesChangedEvent> events = new CopyOnWriteArrayList<>();
    private NacosTarget nacos;
    private NamingService providers;
    private FrameworkModel framework;
    private ServiceDiscovery discovery;

    @BeforeEach
    void registerThreeProvidersAndSubscribe(NacosTarget target) throws Exception {
        nacos = target;
        Properties properties = nacos.clientProperties();
        properties.setProperty(PropertyKeyConst.NAMESPACE, namespace);
        providers = NamingFactory.createNamingService(properties);
        List<Instance> fleet = new ArrayList<>();
        for (int port = 20001; port <= 20003; port++) {
            fleet.add(provider(port));
        }
        providers.batchRegisterInstance(application, "DEFAULT_GROUP", fleet);

        framework = new FrameworkModel();
        ApplicationModel model = framework.newApplication();
        ApplicationConfig config = new ApplicationConfig(Names.unique("incremental-consumer"));
        config.setQosEnable(false);
        model.getApplicationConfigManager().setApplication(config);
        URL url = URL.valueOf(Registry.of(nacos).namespace(namespace).address() + "&file-cache=false")
                .setScopeModel(model);
        discovery = ServiceDiscoveryFactory.getExtension(url).getServiceDiscovery(url);
        discovery.addServiceInstancesChangedListener(
                new ServiceInstancesChangedListener(new TreeSet<>(Collections.singleton(application)), discovery) {
                    @Override
                    public void onEvent(ServiceInstancesChangedEvent event) {
                        events.add(event);
                    }
                });
        eventually().untilAsserted(() -> assertThat(latest()).hasSize(3));
    }

    @AfterEach
    void closeAll() throws Exception {
        if (discovery != null) {
            discovery.destroy();
        }
        if (framework != null) {
            framework.destroy();
        }
        if (providers != null) {
            providers.shutDown();
        }
    }

    private static Instance provider(int port) {
        Instance instance = new Instance();
        instance.setIp("127.0.0.1");
        instance.setPort(port);
        Map<String, String> metadata = new HashMap<>();
        metadata.put("dubbo.metadata.revision", "r1");
        metadata.put("dubbo.endpoints", "[{\"port\":" + port + ",\"protocol\":\"dubbo\"}]");
        instance.setMetadata(metadata);
        return instance;
    }

    private List<ServiceInstance> latest() {
        return events.isEmpty() ? List.of() : events.get(events.size() - 1).getServiceInstances();
    }

    private ServiceInstance at(List<ServiceInstance> instances, int port) {
        return instances.stream().filter(i -> i.getPort() == port).findFirst().orElseThrow();
    }

    private void awaitNextPush(int eventsBefore) {
        eventually().until(() -> events.size() > eventsBefore);
    }

    @Test
    void aMetadataChangeReplacesOnlyThatInstance() {
        List<ServiceInstance> before = latest();
        int seen = events.size();
        Map<String, String> metadata = new HashMap<>(at(before, 20002).getMetadata());
        metadata.remove("weight");
        metadata.put("dubbo.metadata.revision", "r2");

        nacos.http()
                .updateInstance(
                        namespace,
                        "",
                        application,
                        InstanceUpdate.of("127.0.0.1", 20002).withMetadata(metadata));
        awaitNextPush(seen);
        eventually().untilAsserted(() -> assertThat(at(latest(), 20002).getMetadata())
                .containsEntry("dubbo.metadata.revision", "r2"));

        List<ServiceInstance> after = latest();
        assertThat(at(after, 20001)).isSameAs(at(before, 20001));
        assertThat(at(after, 20003)).isSameAs(at(before, 20003));
        assertThat(at(after, 20002)).isNotSameAs(at(before, 20002));
    }

    @Test
    void aWeightChangeReplacesOnlyThatInstanceAndDisablingRemovesIt() {
        List<ServiceInstance> before = latest();

        nacos.http()
                .updateInstance(
                        namespace,
                        "",
                        application,
                        InstanceUpdate.of("127.0.0.1", 20001).withWeight(3));
        eventually().untilAsserted(() -> assertThat(at(latest(), 20001).getMetadata())
                .containsEntry("weight", "300"));
        assertThat(at(latest(), 20002)).isSameAs(at(before, 20002));

        nacos.http()
                .updateInstance(
                        namespace,
                        "",
                        application,
                        InstanceUpdate.of("127.0.0.1", 20003).withEnabled(false));
        eventually().untilAsserted(() -> assertThat(latest())
                .extracting(ServiceInstance::getPort)
                .containsExactlyInAnyOrder(20001, 20002));
        assertThat(at(latest(), 20002)).isSameAs(at(before, 20002));
    }

    @Test
    void anAddedAndARemovedProviderLeaveTheOthersAsTheyWere() throws Exception {
        List<ServiceInstance> before = latest();
        List<Instance> fleet = new ArrayList<>();
        for (int port : new int[] {20001, 20003, 20004}) {
            fleet.add(provider(port));
        }

        providers.batchRegisterInstance(application, "DEFAULT_GROUP", fleet);
        eventually().untilAsserted(() -> assertThat(latest())
                .extracting(ServiceInstance::getPort)
                .containsExactlyInAnyOrder(20001, 20003, 20004));

        assertThat(at(latest(), 20001)).isSameAs(at(before, 20001));
        assertThat(at(latest(), 20003)).isSameAs(at(before, 20003));
    }
}
