package dev.nacosapp.it;

import static dev.nacosapp.it.support.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #4, case 9: one provider with two endpoints. Two protocols of one application instance are both advertised
 * and callable; two instances of one application in one process (two ports, one Nacos connection) are both
 * registered, and neither overwrites the other.
 */
@WithNacos
class MultipleEndpointsIT {

    private final String namespace = Names.unique("it-endpoints");

    private ProviderProcess provider;

    @AfterEach
    void stopProvider() {
        if (provider != null) {
            provider.close();
        }
    }

    @Test
    void providerWithTwoProtocolsAdvertisesAndServesBoth(NacosTarget nacos) {
        String application = Names.unique("two-protocols");
        Registry registry = Registry.of(nacos).namespace(namespace);
        int dubboPort = FreePorts.next();
        int triplePort = FreePorts.next();
        provider = ProviderProcess.start(
                getClass(),
                ProviderSpec.of(application, "two-protocols-1", registry.address())
                        .withProtocol("dubbo", dubboPort)
                        .withProtocol("tri", triplePort));

        List<RegisteredInstance> instances =
                eventually().until(() -> nacos.http().instances(namespace, "", application), list -> !list.isEmpty());
        assertThat(instances).singleElement().satisfies(instance -> {
            assertThat(instance.ip()).isEqualTo("127.0.0.1");
            // One instance per application process, at the port of Dubbo's preferred protocol (dubbo).
            assertThat(instance.port()).isEqualTo(dubboPort);
            assertThat(instance.metadata().get("dubbo.endpoints"))
                    .contains("\"port\":" + dubboPort)
                    .contains("\"port\":" + triplePort)
                    .contains("\"protocol\":\"dubbo\"")
                    .contains("\"protocol\":\"tri\"");
        });

        try (Consumer overDubbo = Consumer.of(registry.address(), application)
                        .protocol("dubbo")
                        .start();
                Consumer overTriple = Consumer.of(registry.address(), application)
                        .protocol("tri")
                        .start()) {
            eventually().ignoreExceptions().until(overDubbo::endpoint, ("dubbo:" + dubboPort)::equals);
            eventually().ignoreExceptions().until(overTriple::endpoint, ("tri:" + triplePort)::equals);
            assertThat(overDubbo.calls(20).answers()).containsOnlyKeys("two-protocols-1");
            assertThat(overTriple.calls(20).answers()).containsOnlyKeys("two-protocols-1");
        }
    }

    @Test
    void twoInstancesOfOneApplicationInOneProcessAreBothRegistered(NacosTarget nacos) {
        String application = Names.unique("twins");
        Registry registry = Registry.of(nacos).namespace(namespace);
        ProviderSpec first =
                ProviderSpec.of(application, "twin-1", registry.address()).withProtocol("dubbo", FreePorts.next());
        ProviderSpec second =
                ProviderSpec.of(application, "twin-2", registry.address()).withProtocol("dubbo", FreePorts.next());
        provider = ProviderProcess.start(getClass(), first, second);

        eventually().untilAsserted(() -> assertThat(nacos.http().instances(namespace, "", application))
                .extracting(RegisteredInstance::ip, RegisteredInstance::port)
                .containsExactlyInAnyOrder(tuple("127.0.0.1", first.port()), tuple("127.0.0.1", second.port())));

        try (Consumer consumer = Consumer.of(registry.address(), application).start()) {
            eventually().untilAsserted(() -> assertThat(consumer.calls(50).answers())
                    .containsOnlyKeys("twin-1", "twin-2"));
        }
    }
}
