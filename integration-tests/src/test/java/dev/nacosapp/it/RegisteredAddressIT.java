package dev.nacosapp.it;

import static dev.nacosapp.it.support.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.nacosapp.it.app.Consumer;
import dev.nacosapp.it.app.ProviderSpec;
import dev.nacosapp.it.support.FreePorts;
import dev.nacosapp.it.support.Names;
import dev.nacosapp.it.support.ProviderProcess;
import dev.nacosapp.it.support.Registry;
import dev.nacosapp.testkit.http.RegisteredInstance;
import dev.nacosapp.testkit.junit.WithNacos;
import dev.nacosapp.testkit.server.NacosTarget;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue #6: the registered address. A provider on a machine with a network card registers 127.0.0.1 because it is
 * told to ({@code register-host}), and a consumer calls it there; an unusable address parameter stops the provider
 * JVM at startup with an error naming the key and the value.
 */
@WithNacos
class RegisteredAddressIT {

    private final String namespace = Names.unique("it-address");

    private final String application = Names.unique("address-provider");

    private ProviderProcess provider;

    @AfterEach
    void stopProvider() {
        if (provider != null) {
            provider.close();
        }
    }

    @Test
    void providerRegistersTheConfiguredLoopbackAddressAlthoughTheMachineHasAnother(NacosTarget nacos)
            throws SocketException {
        List<String> otherAddresses = nonLoopbackAddresses();
        assumeFalse(otherAddresses.isEmpty(), "This machine has no address but loopback; nothing to tell apart");
        Registry registry = Registry.of(nacos).namespace(namespace).with("register-host", "127.0.0.1");
        provider = ProviderProcess.start(
                getClass(),
                ProviderSpec.of(application, "address-1", registry.address()).withProtocol("dubbo", FreePorts.next()));

        List<RegisteredInstance> instances =
                eventually().until(() -> nacos.http().instances(namespace, "", application), list -> !list.isEmpty());
        assertThat(instances)
                .extracting(RegisteredInstance::ip)
                .containsExactly("127.0.0.1")
                .doesNotContainAnyElementsOf(otherAddresses);
        assertThat(provider.output())
                .as("Dubbo's own choice of address for the provider, which register-host overrides")
                .containsPattern("dubbo://("
                        + otherAddresses.stream().map(Pattern::quote).collect(Collectors.joining("|")) + "):");
        try (Consumer consumer = Consumer.of(registry.address(), application).start()) {
            eventually().ignoreExceptions().until(consumer::whoAmI, "address-1"::equals);
            assertThat(consumer.calls(20).failures()).isEmpty();
            assertThat(consumer.callerHost())
                    .as("the consumer connected over loopback")
                    .isEqualTo("127.0.0.1");
        }
        assertThat(nacos.http().instances(namespace, "", application))
                .extracting(RegisteredInstance::ip)
                .containsOnly("127.0.0.1");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "register-host, no-such-host.invalid",
        "register-interface, it-no-such-nic0",
        "register-port, 65536",
        "register-port, 0",
    })
    void unusableAddressParameterStopsTheProviderNamingKeyAndValue(String key, String value, NacosTarget nacos) {
        Registry registry =
                Registry.of(nacos).namespace(namespace).without("register-host").with(key, value);
        provider = ProviderProcess.launch(
                getClass(),
                ProviderSpec.of(application, "bad-address-" + key + "-" + value, registry.address())
                        .withProtocol("dubbo", FreePorts.next()));

        String failure = provider.awaitStartupFailure();

        assertThat(failure)
                .contains("InvalidConfigException")
                .contains("invalid registry parameter " + key + "='" + value + "'");
        assertThat(nacos.http().instances(namespace, "", application)).isEmpty();
    }

    private static List<String> nonLoopbackAddresses() throws SocketException {
        return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(nic -> Collections.list(nic.getInetAddresses()).stream())
                .filter(address -> !address.isLoopbackAddress() && !address.isLinkLocalAddress())
                .map(InetAddress::getHostAddress)
                .toList();
    }
}
