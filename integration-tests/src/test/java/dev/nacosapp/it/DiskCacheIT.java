package dev.nacosapp.it;

import static dev.nacosapp.it.support.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nacosapp.it.app.Consumer;
import dev.nacosapp.it.app.ProviderApp;
import dev.nacosapp.it.app.ProviderSpec;
import dev.nacosapp.it.support.FreePorts;
import dev.nacosapp.it.support.Names;
import dev.nacosapp.it.support.Registry;
import dev.nacosapp.it.support.Timings;
import dev.nacosapp.testkit.embedded.EmbeddedNacosServer;
import dev.nacosapp.testkit.junit.WithNacos;
import dev.nacosapp.testkit.server.NacosTarget;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #9, item 7: a consumer that restarts while Nacos is down still reaches the providers it knew, from
 * nacos-client's disk cache ({@code load-cache-at-start}, on by default, under {@code cache-dir}); once Nacos is back
 * the live list replaces the cache. Stops and starts the server, so it needs the embedded target.
 */
@WithNacos
class DiskCacheIT {

    private final String namespace = Names.unique("it-cache");

    private final String application = Names.unique("cache-provider");

    /** Under the module's build directory, never the user's home. */
    private final Path cacheDir = Paths.get("target", "nacos-cache", namespace).toAbsolutePath();

    private ProviderApp provider;

    private ProviderApp late;

    private Consumer consumer;

    @AfterEach
    void stopAll(NacosTarget nacos) {
        if (consumer != null) {
            consumer.close();
        }
        for (ProviderApp app : new ProviderApp[] {provider, late}) {
            if (app != null) {
                app.close();
            }
        }
        nacos.embedded().ifPresent(EmbeddedNacosServer::start);
    }

    @Test
    void aConsumerRestartedWhileNacosIsDownCallsTheProvidersItKnew(NacosTarget nacos) {
        EmbeddedNacosServer server = nacos.requireEmbedded("A Nacos server stopped while a consumer restarts");
        Registry registry =
                Registry.of(nacos).namespace(namespace).with("check", "false").with("cache-dir", cacheDir.toString());
        provider = ProviderApp.start(spec("cache-1", registry));
        consumer = Consumer.of(registry.address(), application).start();
        eventually().ignoreExceptions().until(consumer::whoAmI, "cache-1"::equals);
        consumer.close();
        assertThat(cacheDir.resolve("nacos").resolve("naming").resolve(namespace))
                .as("nacos-client cached the provider list per namespace under cache-dir")
                .isDirectoryContaining(path -> path.getFileName().toString().contains(application));

        server.stop();
        long restartedAt = System.nanoTime();
        consumer = Consumer.of(registry.address(), application).retries(0).start();
        assertThat(consumer.calls(20).failures())
                .as("calls succeed from the cached list while Nacos is down")
                .isEmpty();
        Timings.report(
                nacos.kind(),
                "#9.7 consumer restart with Nacos down until first calls succeeded",
                Duration.ofNanos(System.nanoTime() - restartedAt));

        server.start();
        late = ProviderApp.start(spec("cache-2", registry));
        eventually().ignoreExceptions().until(() -> consumer.calls(40).answers().containsKey("cache-2"));
        assertThat(consumer.calls(40).failures()).isEmpty();
    }

    @Test
    void withTheCacheOffAConsumerRestartedWhileNacosIsDownHasNoProvider(NacosTarget nacos) {
        EmbeddedNacosServer server = nacos.requireEmbedded("A Nacos server stopped while a consumer restarts");
        Registry registry = Registry.of(nacos)
                .namespace(namespace)
                .with("check", "false")
                .with("cache-dir", cacheDir.toString())
                .with("load-cache-at-start", "false");
        provider = ProviderApp.start(spec("cache-1", registry));
        consumer = Consumer.of(registry.address(), application).start();
        eventually().ignoreExceptions().until(consumer::whoAmI, "cache-1"::equals);
        consumer.close();

        server.stop();
        consumer = Consumer.of(registry.address(), application).retries(0).start();

        assertThat(consumer.calls(5).failures()).hasSize(5);
    }

    private ProviderSpec spec(String name, Registry registry) {
        return ProviderSpec.of(application, name, registry.address()).withProtocol("dubbo", FreePorts.next());
    }
}
