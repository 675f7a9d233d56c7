package dev.nacosapp.dubbo.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nacosapp.dubbo.discovery.support.CapturedOutput;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.common.config.configcenter.DynamicConfigurationFactory;
import org.apache.dubbo.common.deploy.ModuleDeployListener;
import org.apache.dubbo.config.RegistryConfig;
import org.apache.dubbo.metadata.report.MetadataReportFactory;
import org.apache.dubbo.registry.RegistryFactory;
import org.apache.dubbo.registry.client.ServiceDiscoveryFactory;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.apache.dubbo.rpc.model.FrameworkModel;
import org.apache.dubbo.rpc.model.ModuleModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Dubbo finds the extensions by name through its own ExtensionLoader, as it does at runtime. */
class ExtensionLoadingTest {
    private final FrameworkModel framework = new FrameworkModel();
    private final ApplicationModel application = framework.newApplication();

    @AfterEach
    void destroy() {
        framework.destroy();
    }

    @Test
    void theNacosAppSchemeSelectsThisServiceDiscoveryFactory() {
        URL url =
                URL.valueOf("nacos-app://127.0.0.1:8848?registry-type=service").setScopeModel(application);

        assertThat(ServiceDiscoveryFactory.getExtension(url)).isInstanceOf(NacosAppServiceDiscoveryFactory.class);
        assertThat(application.getExtensionLoader(ServiceDiscoveryFactory.class).hasExtension("nacos-app"))
                .isTrue();
    }

    @Test
    void anInterfaceLevelRegistryRequestFailsSayingWhatToAdd() {
        RegistryFactory factory =
                application.getExtensionLoader(RegistryFactory.class).getExtension("nacos-app");

        assertThatThrownBy(() -> factory.getRegistry(URL.valueOf("nacos-app://127.0.0.1:8848")))
                .isInstanceOf(NacosAppStartupError.class)
                .hasMessageContaining("registry-type=service");
    }

    @Test
    void aNacosAppRegistryWithoutRegistryTypeBecomesApplicationLevel() {
        ModuleModel module = application.newModule();
        RegistryConfig plain = new RegistryConfig("nacos-app://127.0.0.1:8848?namespace=dev");
        RegistryConfig other = new RegistryConfig("zookeeper://127.0.0.1:2181");
        application.getApplicationConfigManager().addRegistry(plain);
        application.getApplicationConfigManager().addRegistry(other);

        assertThat(module.getExtensionLoader(ModuleDeployListener.class).getSupportedExtensionInstances())
                .hasAtLeastOneElementOfType(RegistryTypeNormalizer.class);
        new RegistryTypeNormalizer().onInitialize(module);

        assertThat(plain.getParameters())
                .containsEntry("registry-type", "service")
                .containsEntry("namespace", "dev");
        assertThat(other.getParameters() == null ? java.util.Map.of() : other.getParameters())
                .doesNotContainKey("registry-type");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "nacos-app://nacos:s3cr3t-pw@127.0.0.1:8848",
                "nacos-app://127.0.0.1:8848?username=nacos&password=s3cr3t-pw",
                "nacos-app://127.0.0.1:8848,127.0.0.2:8848?namespace=dev&accessKey=ak&secretKey=s3cr3t-pw"
            })
    void theRegistryTypeNoticeNeverShowsACredential(String address) {
        ModuleModel module = application.newModule();
        application.getApplicationConfigManager().addRegistry(new RegistryConfig(address));

        String logged;
        try (CapturedOutput output = CapturedOutput.start()) {
            new RegistryTypeNormalizer().onInitialize(module);
            logged = output.text();
        }

        assertThat(logged).contains("has no registry-type").doesNotContain("s3cr3t-pw");
    }

    @Test
    void theRegistryTypeNoticeWarnsThatInterfaceLevelConsumersNeedTheRecipe() {
        ModuleModel module = application.newModule();
        application.getApplicationConfigManager().addRegistry(new RegistryConfig("nacos-app://127.0.0.1:8848"));

        String logged;
        try (CapturedOutput output = CapturedOutput.start()) {
            new RegistryTypeNormalizer().onInitialize(module);
            logged = output.text();
        }

        assertThat(logged.lines().filter(line -> line.contains("has no registry-type")))
                .singleElement()
                .asString()
                .contains("WARN")
                .contains("nacos-app://127.0.0.1:8848 has no registry-type")
                .contains("application level only")
                .contains("FORCE_INTERFACE")
                .contains("nacos:// registry with register-mode=interface")
                .contains("Add registry-type=service to the address to silence this");
    }

    @Test
    void anAddressWithRegistryTypeServiceIsLeftAsItIsAndSaysNothing() {
        ModuleModel module = application.newModule();
        RegistryConfig typed = new RegistryConfig("nacos-app://127.0.0.1:8848?registry-type=service");
        application.getApplicationConfigManager().addRegistry(typed);

        String logged;
        try (CapturedOutput output = CapturedOutput.start()) {
            new RegistryTypeNormalizer().onInitialize(module);
            logged = output.text();
        }

        assertThat(logged).doesNotContain("registry-type");
    }

    @Test
    void theNormalisedParametersStayWritable() {
        ModuleModel module = application.newModule();
        RegistryConfig bare = new RegistryConfig("nacos-app://127.0.0.1:8848");
        application.getApplicationConfigManager().addRegistry(bare);

        new RegistryTypeNormalizer().onInitialize(module);
        bare.getParameters().put("namespace", "dev");

        assertThat(bare.getParameters())
                .containsEntry("registry-type", "service")
                .containsEntry("namespace", "dev");
    }

    @Test
    void nacosAppIsAMetadataCenterAndAConfigCenterAsTheBuiltInNacosIs() {
        assertThat(application.getExtensionLoader(MetadataReportFactory.class).hasExtension("nacos-app"))
                .as("Dubbo then uses a nacos-app registry as metadata center, for the interface-to-application mapping")
                .isTrue();
        assertThat(application.getExtensionLoader(MetadataReportFactory.class).getExtension("nacos-app"))
                .isInstanceOf(NacosAppMetadataReportFactory.class);
        assertThat(application
                        .getExtensionLoader(DynamicConfigurationFactory.class)
                        .hasExtension("nacos-app"))
                .as("Dubbo then uses a nacos-app registry as config center, for governance rules and dubbo.properties")
                .isTrue();
        assertThat(application
                        .getExtensionLoader(DynamicConfigurationFactory.class)
                        .getExtension("nacos-app"))
                .isInstanceOf(NacosAppDynamicConfigurationFactory.class);
    }

    @Test
    void anotherRegistryTypeIsLeftForTheRegistryFactoryToRefuse() {
        ModuleModel module = application.newModule();
        RegistryConfig interfaceLevel = new RegistryConfig("nacos-app://127.0.0.1:8848?registry-type=interface");
        application.getApplicationConfigManager().addRegistry(interfaceLevel);

        new RegistryTypeNormalizer().onInitialize(module);

        assertThat(interfaceLevel.getParameters()).containsEntry("registry-type", "interface");
    }

    @Test
    void invalidParametersStopStartupEvenWhenDubboWouldOnlyLogTheFailure() {
        URL url = URL.valueOf("nacos-app://127.0.0.1:8848?registry-type=service&check=false&instance-weight=-1")
                .setScopeModel(application);

        assertThatThrownBy(() -> ServiceDiscoveryFactory.getExtension(url).getServiceDiscovery(url))
                .isInstanceOf(NacosAppStartupError.class)
                .hasMessageContaining("instance-weight='-1'")
                .hasMessageContaining("from 0 to 10000");
    }
}
