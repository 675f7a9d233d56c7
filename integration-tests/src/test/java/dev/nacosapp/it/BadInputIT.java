package dev.nacosapp.it;

import static dev.nacosapp.it.support.Causes.assertCausedBy;
import static dev.nacosapp.it.support.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.nacosapp.dubbo.discovery.MetadataTooLargeException;
import dev.nacosapp.dubbo.discovery.NacosAppStartupError;
import dev.nacosapp.dubbo.discovery.config.InvalidConfigException;
import dev.nacosapp.it.app.Consumer;
import dev.nacosapp.it.app.ProviderApp;
import dev.nacosapp.it.app.ProviderSpec;
import dev.nacosapp.it.support.FreePorts;
import dev.nacosapp.it.support.Names;
import dev.nacosapp.it.support.Registry;
import dev.nacosapp.testkit.junit.WithNacos;
import dev.nacosapp.testkit.server.NacosTarget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue #4, case 10, bad input: an invalid or malformed registry parameter, or metadata over the server's limit,
 * stops the provider (or consumer) at startup with an error that names the problem, and leaves nothing behind in
 * Nacos: no instance, and (on the embedded server, where the test can count them) no client still connected and
 * retrying. Providers run in the test JVM: only their startup matters here.
 */
@WithNacos
class BadInputIT {

    /** Longer than Nacos' default limit of 1024 characters for an instance's metadata, on its own. */
    private static final String OVERSIZED = "x".repeat(1100);

    private final String namespace = Names.unique("it-bad-input");

    private final String application = Names.unique("bad-input-provider");

    private ProviderApp started;

    @AfterEach
    void stopProvider() {
        if (started != null) {
            started.close();
        }
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "instance-weight, -1",
        "instance-weight, 10001",
        "instance-weight, heavy",
        "selector, env",
        "selector, 'env:prod,zone'",
        "cluster-name, hz_a",
        "empty-push-protection, yes",
        "ephemeral, no",
        "startup-timeout, soon",
        "retry-max-delay, 5min",
        "metadata-limit, 0",
    })
    void invalidParameterFailsStartupNamingKeyAndValue(String key, String value, NacosTarget nacos) {
        Registry registry = Registry.of(nacos).namespace(namespace).with(key, value);

        Throwable failure = catchThrowable(() -> started = ProviderApp.start(spec(registry)));

        assertCausedBy(failure, InvalidConfigException.class)
                .contains("invalid registry parameter " + key + "='" + value + "'")
                .contains("allowed: ");
        assertNothingLeftIn(nacos);
    }

    /** {@code check} is also Dubbo's own key: Dubbo reads it before nacos-app does. */
    @Test
    void invalidCheckValueFailsStartupNamingKeyAndValue(NacosTarget nacos) {
        Registry registry = Registry.of(nacos).namespace(namespace).with("check", "maybe");

        Throwable failure = catchThrowable(() -> started = ProviderApp.start(spec(registry)));

        assertCausedBy(failure, InvalidConfigException.class).contains("invalid registry parameter check='maybe'");
        assertNothingLeftIn(nacos);
    }

    @Test
    void invalidParameterFailsStartupNamingKeyAndValueAlsoWithCheckFalse(NacosTarget nacos) {
        Registry registry =
                Registry.of(nacos).namespace(namespace).with("check", "false").with("instance-weight", "-1");

        Throwable failure = catchThrowable(() -> started = ProviderApp.start(spec(registry)));

        assertCausedBy(failure, InvalidConfigException.class)
                .contains("invalid registry parameter instance-weight='-1'");
        assertNothingLeftIn(nacos);
    }

    @Test
    void consumerWithAMalformedSelectorFailsStartupNamingKeyAndValue(NacosTarget nacos) {
        Registry registry = Registry.of(nacos).namespace(namespace).with("selector", "env=prod");

        Throwable failure = catchThrowable(
                () -> Consumer.of(registry.address(), application).start().close());

        assertCausedBy(failure, InvalidConfigException.class)
                .contains("invalid registry parameter selector='env=prod'")
                .contains("key:value");
        assertNothingLeftIn(nacos);
    }

    @Test
    void metadataOverTheServerLimitFailsStartupNamingTheLargestKeys(NacosTarget nacos) {
        Registry registry = Registry.of(nacos).namespace(namespace);

        Throwable failure =
                catchThrowable(() -> started = ProviderApp.start(spec(registry).withLabel("blob", OVERSIZED)));

        assertCausedBy(failure, MetadataTooLargeException.class)
                .contains("application '" + application + "'")
                .contains("over the Nacos server limit of 1024")
                .contains("largest keys: blob (1104)")
                .contains("nacos.naming.service.metadata.length");
        assertNothingLeftIn(nacos);
    }

    @Test
    void metadataTheServerRefusesFailsStartupWithTheServersReason(NacosTarget nacos) {
        // The client is told the server takes more than it does: the server's own check refuses the registration.
        Registry registry = Registry.of(nacos).namespace(namespace).with("metadata-limit", "4096");

        Throwable failure =
                catchThrowable(() -> started = ProviderApp.start(spec(registry).withLabel("blob", OVERSIZED)));

        assertCausedBy(failure, NacosAppStartupError.class)
                .contains("registering 127.0.0.1:")
                .contains("of application '" + application + "'")
                .contains("namespace '" + namespace + "'")
                .contains("Param 'Metadata' is illegal");
        assertNothingLeftIn(nacos);
    }

    private ProviderSpec spec(Registry registry) {
        return ProviderSpec.of(application, "bad-input-1", registry.address()).withProtocol("dubbo", FreePorts.next());
    }

    private void assertNothingLeftIn(NacosTarget nacos) {
        assertThat(nacos.http().instances(namespace, "", application)).isEmpty();
        nacos.embedded().ifPresent(server -> eventually()
                .untilAsserted(() -> assertThat(server.clients().connectionCount())
                        .as("clients still connected to the embedded server")
                        .isZero()));
    }
}
