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
import dev.nacosapp.testkit.embedded.EmbeddedNacosServer;
import dev.nacosapp.testkit.http.InstanceUpdate;
import dev.nacosapp.testkit.junit.WithNacos;
import dev.nacosapp.testkit.server.NacosTarget;
import org.apache.dubbo.rpc.RpcException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #4, case 6: Nacos pushes an empty instance list for an application whose provider is alive (a fault only
 * the embedded server can inject; skipped on other targets). With {@code empty-push-protection} on (the default) the
 * consumer keeps its providers; with it off, the documented behaviour: the list empties and calls fail with "No
 * provider available" until the next push brings the instances back.
 */
@WithNacos
class EmptyPushIT {

    private final String namespace = Names.unique("it-empty-push");

    private final String application = Names.unique("empty-push-provider");

    private ProviderProcess provider;

    private Consumer consumer;

    @AfterEach
    void stopAll() {
        if (consumer != null) {
            consumer.close();
        }
        if (provider != null) {
            provider.close();
        }
    }

    @Test
    void consumerKeepsItsProvidersWhenAnEmptyPushArrivesWithProtectionOn(NacosTarget nacos) {
        EmbeddedNacosServer server = nacos.requireEmbedded("An empty push for a live application");
        Registry registry = Registry.of(nacos).namespace(namespace);
        startProviderAndConsumer(server, registry, registry);

        server.faults().pushEmpty(namespace, "", application);

        eventually().until(() -> consumer.watch().orElseThrow().dropped() >= 1);
        Consumer.Calls calls = consumer.calls(100);
        assertThat(calls.failures()).isEmpty();
        assertThat(calls.answers()).containsOnlyKeys("empty-push-1");
        assertThat(consumer.watch().orElseThrow().instanceCount()).isEqualTo(1);
    }

    @Test
    void consumerDropsItsProvidersOnAnEmptyPushWithProtectionOffUntilTheNextPush(NacosTarget nacos) {
        EmbeddedNacosServer server = nacos.requireEmbedded("An empty push for a live application");
        Registry registry = Registry.of(nacos).namespace(namespace);
        startProviderAndConsumer(server, registry, registry.with("empty-push-protection", "false"));

        server.faults().pushEmpty(namespace, "", application);

        eventually().untilAsserted(() -> assertThatThrownBy(consumer::whoAmI)
                .isInstanceOf(RpcException.class)
                .hasMessageContaining("No provider available"));
        assertThat(consumer.watch().orElseThrow().dropped()).isZero();

        // Any change to the service makes Nacos push the real list again; here an operator's weight edit.
        nacos.http()
                .updateInstance(
                        namespace,
                        "",
                        application,
                        InstanceUpdate.of("127.0.0.1", provider.spec().port()).withWeight(2.0));
        eventually().ignoreExceptions().until(consumer::whoAmI, "empty-push-1"::equals);
        assertThat(consumer.calls(50).failures()).isEmpty();
    }

    private void startProviderAndConsumer(
            EmbeddedNacosServer server, Registry providerRegistry, Registry consumerRegistry) {
        provider = ProviderProcess.start(
                getClass(),
                ProviderSpec.of(application, "empty-push-1", providerRegistry.address())
                        .withProtocol("dubbo", FreePorts.next()));
        long acknowledged = server.naming().pushStats().acknowledged();
        consumer =
                Consumer.of(consumerRegistry.address(), application).retries(0).start();
        eventually().ignoreExceptions().until(consumer::whoAmI, "empty-push-1"::equals);
        // Nacos pushes the list to a new subscriber shortly after it subscribes. The fault is injected after that
        // push, on a consumer at rest; injected before, the regular push would follow and undo it at once.
        eventually().until(() -> server.naming().pushStats().acknowledged() > acknowledged);
    }
}
