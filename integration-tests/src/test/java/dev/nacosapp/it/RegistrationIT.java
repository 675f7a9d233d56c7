package dev.nacosapp.it;

import static dev.nacosapp.it.support.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nacosapp.it.app.Consumer;
import dev.nacosapp.it.app.ProviderSpec;
import dev.nacosapp.it.support.FreePorts;
import dev.nacosapp.it.support.Names;
import dev.nacosapp.it.support.ProviderProcess;
import dev.nacosapp.it.support.Registry;
import dev.nacosapp.testkit.http.RegisteredInstance;
import dev.nacosapp.testkit.junit.WithNacos;
import dev.nacosapp.testkit.server.NacosTarget;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Issue #4, case 1: what a provider's registration looks like in Nacos, and that a consumer can call it. */
@WithNacos
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistrationIT {

    private static final String GROUP = "IT_REGISTRATION";

    private final String namespace = Names.unique("it-registration");

    private final String application = Names.unique("registration-provider");

    private ProviderProcess provider;

    private Registry registry;

    @BeforeAll
    void startProvider(NacosTarget nacos) {
        registry = Registry.of(nacos).namespace(namespace).group(GROUP);
        provider = ProviderProcess.start(
                getClass(),
                ProviderSpec.of(application, "registration-1", registry.address())
                        .withProtocol("dubbo", FreePorts.next()));
    }

    @AfterAll
    void stopProvider() {
        if (provider != null) {
            provider.close();
        }
    }

    @Test
    void registersOneInstanceUnderTheApplicationNameInTheConfiguredNamespaceAndGroup(NacosTarget nacos) {
        List<RegisteredInstance> instances = eventually()
                .until(() -> nacos.http().instances(namespace, GROUP, application), list -> !list.isEmpty());

        assertThat(instances).singleElement().satisfies(instance -> {
            assertThat(instance.ip()).isEqualTo("127.0.0.1");
            assertThat(instance.port()).isEqualTo(provider.spec().port());
            assertThat(instance.clusterName()).isEqualTo("DEFAULT");
            assertThat(instance.weight()).isEqualTo(1.0);
            assertThat(instance.healthy()).isTrue();
            assertThat(instance.enabled()).isTrue();
            assertThat(instance.ephemeral()).isTrue();
        });
        eventually().untilAsserted(() -> assertThat(
                        nacos.http().services(namespace, GROUP, 1, 100).names())
                .contains(application));
        assertThat(nacos.http().instances(namespace, "DEFAULT_GROUP", application))
                .as("the same application in the namespace's default group")
                .isEmpty();
        assertThat(nacos.http().instances("", GROUP, application))
                .as("the same application and group in the public namespace")
                .isEmpty();
    }

    /**
     * The instance id Nacos writes is the one Dubbo's built-in gives its instances ({@code ip#port#null#application}:
     * both send no cluster for DEFAULT and the bare application name), so a tool keyed on it sees the same instance
     * before and after a migration.
     */
    @Test
    void theInstanceIdHasTheShapeOfTheBuiltInsOne(NacosTarget nacos) {
        String builtInApplication = Names.unique("registration-builtin");
        try (ProviderProcess builtIn = ProviderProcess.start(
                getClass(),
                ProviderSpec.of(builtInApplication, "registration-builtin-1", registry.builtInAddress())
                        .withProtocol("dubbo", FreePorts.next()))) {
            RegisteredInstance builtInInstance = eventually()
                    .until(() -> nacos.http().instances(namespace, GROUP, builtInApplication), l -> l.size() == 1)
                    .get(0);
            RegisteredInstance nacosAppInstance = eventually()
                    .until(() -> nacos.http().instances(namespace, GROUP, application), l -> l.size() == 1)
                    .get(0);

            assertThat(nacosAppInstance.instanceId())
                    .isEqualTo("127.0.0.1#" + provider.spec().port() + "#null#" + application);
            assertThat(builtInInstance.instanceId())
                    .isEqualTo(builtInInstance.ip() + "#" + builtInInstance.port() + "#null#" + builtInApplication);
        }
    }

    @Test
    void writesTheDubboRevisionAndEndpointsIntoTheInstanceMetadata(NacosTarget nacos) {
        RegisteredInstance instance = eventually()
                .until(() -> nacos.http().instances(namespace, GROUP, application), list -> list.size() == 1)
                .get(0);

        assertThat(instance.metadata())
                .containsKeys("dubbo.metadata.revision", "dubbo.endpoints", "dubbo.metadata-service.url-params")
                // With nacos-app as metadata center Dubbo names where consumers find the metadata: locally, from the
                // provider's MetadataService (the default metadata-type). Without one it writes a null, left out.
                .containsEntry("dubbo.metadata.storage-type", "local");
        assertThat(instance.metadata().get("dubbo.metadata.revision")).isNotBlank();
        assertThat(instance.metadata().get("dubbo.endpoints"))
                .contains("\"protocol\":\"dubbo\"")
                .contains("\"port\":" + provider.spec().port());
    }

    @Test
    void consumerInTheSameNamespaceAndGroupCallsTheProvider() {
        try (Consumer consumer = Consumer.of(registry.address(), application).start()) {
            eventually().ignoreExceptions().until(consumer::whoAmI, "registration-1"::equals);

            Consumer.Calls calls = consumer.calls(20);

            assertThat(calls.failures()).isEmpty();
            assertThat(calls.answers()).containsOnlyKeys("registration-1");
        }
    }
}
