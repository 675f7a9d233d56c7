package dev.nacosapp.dubbo.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nacosapp.dubbo.discovery.internal.NacosAppResources;
import dev.nacosapp.dubbo.discovery.internal.client.InMemoryNacos;
import dev.nacosapp.dubbo.discovery.internal.metadata.InMemoryConfig;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.common.config.configcenter.DynamicConfiguration;
import org.apache.dubbo.common.config.configcenter.DynamicConfigurationFactory;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.apache.dubbo.rpc.model.FrameworkModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The config center Dubbo creates from a nacos-app registry, on the framework's shared config clients. */
class NacosAppDynamicConfigurationFactoryTest {
    private final InMemoryConfig nacos = new InMemoryConfig();
    private final List<Properties> clientProperties = new CopyOnWriteArrayList<>();
    private final FrameworkModel framework = new FrameworkModel();
    private final ApplicationModel application = framework.newApplication();
    private final NacosAppResources resources = new NacosAppResources(new InMemoryNacos(), properties -> {
        clientProperties.add(properties);
        return nacos.create(properties);
    });

    NacosAppDynamicConfigurationFactoryTest() {
        framework.getBeanFactory().registerBean(resources);
    }

    @AfterEach
    void destroy() {
        framework.destroy();
    }

    private DynamicConfiguration center(String address) {
        return application
                .getExtensionLoader(DynamicConfigurationFactory.class)
                .getExtension("nacos-app")
                .getDynamicConfiguration(URL.valueOf(address).setScopeModel(application));
    }

    @Test
    void dubbosDefaultNamespaceIsNacossPublicOneAsForTheBuiltIn() {
        center("nacos-app://127.0.0.1:8848/org.apache.dubbo.config.ConfigCenterConfig?namespace=dubbo&group=dubbo");

        assertThat(clientProperties).singleElement().satisfies(p -> assertThat(p.getProperty("namespace"))
                .isNull());
    }

    @Test
    void readsTheRegistrysNamespace() {
        DynamicConfiguration center = center("nacos-app://127.0.0.1:8848/org.apache.dubbo.config.ConfigCenterConfig"
                + "?namespace=governance-test&registry-type=service");
        nacos.put("shop.tag-router", "dubbo", "tags: []");

        assertThat(clientProperties).singleElement().satisfies(p -> assertThat(p.getProperty("namespace"))
                .isEqualTo("governance-test"));
        assertThat(center.getConfig("shop.tag-router", "dubbo")).isEqualTo("tags: []");
    }

    @Test
    void sharesTheConfigClientWithTheMetadataReportAndGivesItBackOnClose() throws Exception {
        DynamicConfiguration center = center("nacos-app://127.0.0.1:8848?namespace=shared-test");
        assertThat(resources.configPool().size()).isEqualTo(1);

        center.close();
        center.close();

        assertThat(resources.configPool().size()).isZero();
    }

    @Test
    void anInvalidRegistryParameterStopsStartupNamingIt() {
        assertThatThrownBy(() -> center("nacos-app://127.0.0.1:8848?namespace=no%20spaces"))
                .isInstanceOf(NacosAppStartupError.class)
                .hasMessageContaining("namespace");
    }
}
