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
import org.junit.jupiter.api.Test;

/**
 * Issue #2: {@code nacos-app://host:port} without {@code registry-type=service} works as application-level discovery
 * for providers and consumers alike, instead of failing with "No such extension" or silently using another discovery.
 */
@WithNacos
class WithoutRegistryTypeIT {

    private final String namespace = Names.unique("it-no-registry-type");

    private final String application = Names.unique("no-registry-type-provider");

    @Test
    void aPlainNacosAppAddressRegistersAndDiscoversApplications(NacosTarget nacos) {
        Registry registry = Registry.of(nacos).namespace(namespace).without("registry-type");
        assertThat(registry.address()).doesNotContain("registry-type=");

        try (ProviderProcess provider = ProviderProcess.start(
                        getClass(),
                        ProviderSpec.of(application, "plain-address-1", registry.address())
                                .withProtocol("dubbo", FreePorts.next()));
                Consumer consumer = Consumer.of(registry.address(), application).start()) {
            List<RegisteredInstance> instances = eventually()
                    .until(() -> nacos.http().instances(namespace, "", application), list -> !list.isEmpty());
            assertThat(instances).singleElement().satisfies(instance -> assertThat(instance.port())
                    .isEqualTo(provider.spec().port()));

            eventually().ignoreExceptions().until(consumer::whoAmI, "plain-address-1"::equals);
            Consumer.Calls calls = consumer.calls(10);

            assertThat(calls.failures()).isEmpty();
            assertThat(calls.answers()).containsOnlyKeys("plain-address-1");
        }
    }
}
