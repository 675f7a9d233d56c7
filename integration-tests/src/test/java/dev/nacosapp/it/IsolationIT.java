package dev.nacosapp.it;

import static dev.nacosapp.it.support.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nacosapp.it.app.Consumer;
import dev.nacosapp.it.app.ProviderSpec;
import dev.nacosapp.it.support.FreePorts;
import dev.nacosapp.it.support.Names;
import dev.nacosapp.it.support.ProviderProcess;
import dev.nacosapp.it.support.Registry;
import dev.nacosapp.testkit.junit.WithNacos;
import dev.nacosapp.testkit.server.NacosTarget;
import java.time.Duration;
import java.util.List;
import org.apache.dubbo.rpc.RpcException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue #4, case 7: namespaces and groups isolate. One application name is registered by three providers in
 * different (namespace, group) places; each consumer only ever calls the provider of its own place.
 */
@WithNacos
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IsolationIT {

    private static final String GROUP = "IT_ISOLATION";

    private static final String OTHER_GROUP = "IT_ISOLATION_OTHER";

    private final String namespace = Names.unique("it-isolation");

    private final String otherNamespace = Names.unique("it-isolation-other");

    /** The same application name everywhere: only namespace and group tell the providers apart. */
    private final String application = Names.unique("isolation-provider");

    private NacosTarget nacos;

    private List<ProviderProcess> providers;

    @BeforeAll
    void startProviders(NacosTarget target) {
        nacos = target;
        providers = List.of(
                ProviderProcess.launch(getClass(), provider("home", registry(namespace, GROUP))),
                ProviderProcess.launch(getClass(), provider("other-namespace", registry(otherNamespace, GROUP))),
                ProviderProcess.launch(getClass(), provider("other-group", registry(namespace, OTHER_GROUP))));
        providers.forEach(ProviderProcess::awaitReady);
    }

    @AfterAll
    void stopProviders() {
        if (providers != null) {
            providers.forEach(ProviderProcess::close);
        }
    }

    @Test
    void consumerInTheProvidersNamespaceAndGroupCallsOnlyThatProvider() {
        assertOnlyCalls(registry(namespace, GROUP), "home");
    }

    @Test
    void consumerInAnotherNamespaceNeverCallsTheProvidersOfThisOne() {
        assertOnlyCalls(registry(otherNamespace, GROUP), "other-namespace");
    }

    @Test
    void consumerInAnotherGroupNeverCallsTheProvidersOfThisOne() {
        assertOnlyCalls(registry(namespace, OTHER_GROUP), "other-group");
    }

    @Test
    void consumerInANamespaceWithoutProvidersSeesNone() {
        Registry empty = registry(Names.unique("it-isolation-empty"), GROUP);
        try (Consumer consumer =
                Consumer.of(empty.address(), application).retries(0).start()) {
            eventually().until(() -> consumer.watch().isPresent());
            eventually().during(Duration.ofSeconds(2)).untilAsserted(() -> assertThatThrownBy(consumer::whoAmI)
                    .isInstanceOf(RpcException.class)
                    .hasMessageContaining("No provider available"));
            assertThat(consumer.watch().orElseThrow().instanceCount()).isZero();
        }
    }

    private void assertOnlyCalls(Registry registry, String expected) {
        try (Consumer consumer = Consumer.of(registry.address(), application).start()) {
            eventually().ignoreExceptions().until(consumer::whoAmI, expected::equals);

            Consumer.Calls calls = consumer.calls(100);

            assertThat(calls.failures()).isEmpty();
            assertThat(calls.answers()).containsOnlyKeys(expected);
            assertThat(consumer.watch().orElseThrow().instanceCount()).isEqualTo(1);
        }
    }

    private Registry registry(String namespaceId, String group) {
        return Registry.of(nacos).namespace(namespaceId).group(group);
    }

    private ProviderSpec provider(String name, Registry registry) {
        return ProviderSpec.of(application, name, registry.address()).withProtocol("dubbo", FreePorts.next());
    }
}
