package dev.nacosapp.it;

import static dev.nacosapp.it.support.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nacosapp.it.app.Consumer;
import dev.nacosapp.it.app.ProviderSpec;
import dev.nacosapp.it.support.FreePorts;
import dev.nacosapp.it.support.Names;
import dev.nacosapp.it.support.ProviderProcess;
import dev.nacosapp.it.support.Registry;
import dev.nacosapp.it.support.Traffic;
import dev.nacosapp.testkit.http.InstanceUpdate;
import dev.nacosapp.testkit.http.RegisteredInstance;
import dev.nacosapp.testkit.junit.WithNacos;
import dev.nacosapp.testkit.server.NacosTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue #4, case 8: a consumer with {@code selector=env:prod} only ever calls providers whose Nacos metadata says
 * {@code env=prod} (written from Dubbo labels), also when providers come and go and when an operator edits the
 * metadata in Nacos.
 */
@WithNacos
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SelectorIT {

    private final String namespace = Names.unique("it-selector");

    private final String application = Names.unique("selector-provider");

    private final List<ProviderProcess> providers = new ArrayList<>();

    private NacosTarget nacos;

    private Registry registry;

    @BeforeAll
    void startProviders(NacosTarget target) {
        nacos = target;
        registry = Registry.of(nacos).namespace(namespace);
        launch("prod-1", "prod");
        launch("test-1", "test");
        providers.forEach(ProviderProcess::awaitReady);
    }

    @AfterAll
    void stopProviders() {
        providers.forEach(ProviderProcess::close);
    }

    @Test
    void dubboLabelsBecomeNacosInstanceMetadata() {
        eventually().untilAsserted(() -> assertThat(nacos.http().instances(namespace, "", application))
                .extracting(i -> i.metadata().get("env"))
                .contains("prod", "test"));
    }

    @Test
    void consumerSelectingEnvProdOnlyCallsProdProviders() {
        try (Consumer consumer = selectingProd()) {
            eventually().ignoreExceptions().until(() -> consumer.whoAmI().startsWith("prod-"));

            Consumer.Calls calls = consumer.calls(200);

            assertThat(calls.failures()).isEmpty();
            assertThat(calls.answers()).isNotEmpty().allSatisfy((provider, count) -> assertThat(provider)
                    .startsWith("prod-"));
        }
    }

    @Test
    void consumerKeepsSelectingProdProvidersWhenInstancesChange() {
        try (Consumer consumer = selectingProd()) {
            eventually().ignoreExceptions().until(() -> consumer.whoAmI().startsWith("prod-"));
            try (Traffic traffic = Traffic.start(consumer, Duration.ofMillis(10))) {
                ProviderProcess prod2 = launch("prod-2", "prod");
                ProviderProcess test2 = launch("test-2", "test");
                prod2.awaitReady();
                test2.awaitReady();
                eventually().until(() -> traffic.answersSince(0).containsKey("prod-2"));

                // An operator re-labels prod-1 in Nacos: it is no longer selected.
                ProviderProcess prod1 = providers.get(0);
                nacos.http()
                        .updateInstance(
                                namespace,
                                "",
                                application,
                                InstanceUpdate.of("127.0.0.1", prod1.spec().port())
                                        .withMetadata(Map.of("env", "retired")));
                eventually().untilAsserted(() -> assertThat(registered(prod1).metadata())
                        .containsEntry("env", "retired"));
                eventually().untilAsserted(() -> assertThat(consumer.calls(100).answers())
                        .containsOnlyKeys("prod-2"));

                long settledAt = System.currentTimeMillis();
                eventually().until(() -> traffic.since(settledAt).size() >= 100);
                assertThat(traffic.answersSince(settledAt)).containsOnlyKeys("prod-2");
                assertThat(traffic.failures()).isEmpty();
                assertThat(traffic.answersSince(0))
                        .as("every call since the instances started changing")
                        .containsKey("prod-1")
                        .allSatisfy((provider, count) -> assertThat(provider).startsWith("prod-"));
            }
        }
    }

    private Consumer selectingProd() {
        return Consumer.of(registry.with("selector", "env:prod").address(), application)
                .retries(0)
                .start();
    }

    private ProviderProcess launch(String name, String env) {
        ProviderProcess provider = ProviderProcess.launch(
                getClass(),
                ProviderSpec.of(application, name, registry.address())
                        .withProtocol("dubbo", FreePorts.next())
                        .withLabel("env", env));
        providers.add(provider);
        return provider;
    }

    private RegisteredInstance registered(ProviderProcess provider) {
        return nacos.http().instances(namespace, "", application).stream()
                .filter(i -> i.port() == provider.spec().port())
                .findFirst()
                .orElseThrow();
    }
}
