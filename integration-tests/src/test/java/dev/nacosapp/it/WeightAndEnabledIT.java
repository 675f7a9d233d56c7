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
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue #4, case 2: two providers share the calls; a weight or {@code enabled} edited in Nacos, as from the console,
 * steers the consumer's calls. Every test starts from both instances at weight 1, enabled.
 */
@WithNacos
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WeightAndEnabledIT {

    private static final String HEAVY = "weight-heavy";

    private static final String LIGHT = "weight-light";

    private final String namespace = Names.unique("it-weight");

    private final String application = Names.unique("weight-provider");

    private NacosTarget nacos;

    private ProviderProcess heavy;

    private ProviderProcess light;

    private Consumer consumer;

    @BeforeAll
    void startProvidersAndConsumer(NacosTarget target) {
        nacos = target;
        Registry registry = Registry.of(nacos).namespace(namespace);
        heavy = ProviderProcess.launch(
                getClass(),
                ProviderSpec.of(application, HEAVY, registry.address()).withProtocol("dubbo", FreePorts.next()));
        light = ProviderProcess.launch(
                getClass(),
                ProviderSpec.of(application, LIGHT, registry.address()).withProtocol("dubbo", FreePorts.next()));
        heavy.awaitReady();
        light.awaitReady();
        // No retries: a call that fails is seen as failed rather than quietly tried on the other provider.
        consumer = Consumer.of(registry.address(), application).retries(0).start();
    }

    @AfterAll
    void stopAll() {
        if (consumer != null) {
            consumer.close();
        }
        if (heavy != null) {
            heavy.close();
        }
        if (light != null) {
            light.close();
        }
    }

    @BeforeEach
    void bothInstancesAtWeightOneAndEnabled() {
        edit(InstanceUpdate.of("127.0.0.1", heavy.spec().port()));
        edit(InstanceUpdate.of("127.0.0.1", light.spec().port()));
        // 200 calls at equal weights: about 100 each; at 4:1 the heavy one would get about 160.
        eventually().untilAsserted(() -> assertThat(consumer.calls(200).answers())
                .containsOnlyKeys(HEAVY, LIGHT)
                .allSatisfy((provider, count) -> assertThat(count).isBetween(60, 140)));
    }

    @Test
    void callsReachBothProviders() {
        Consumer.Calls calls = consumer.calls(200);

        assertThat(calls.failures()).isEmpty();
        assertThat(calls.shareOf(HEAVY)).isBetween(0.3, 0.7);
        assertThat(calls.shareOf(LIGHT)).isBetween(0.3, 0.7);
    }

    @Test
    void weightEditedInNacosShiftsTheShareOfCalls() {
        edit(InstanceUpdate.of("127.0.0.1", heavy.spec().port()).withWeight(4.0));

        eventually().untilAsserted(() -> assertThat(registered(heavy).weight()).isEqualTo(4.0));
        // Dubbo weights 400 and 100: the heavy provider should answer about 80% of random-balanced calls.
        AtomicReference<Consumer.Calls> last = new AtomicReference<>();
        eventually().untilAsserted(() -> {
            Consumer.Calls calls = consumer.calls(500);
            last.set(calls);
            assertThat(calls.failures()).isEmpty();
            assertThat(calls.shareOf(HEAVY)).isGreaterThan(0.65);
        });
        System.out.printf(
                "[measure] weight 4.0 vs 1.0 (%s): %s of 500 calls%n",
                nacos.kind(), last.get().answers());
        assertThat(last.get().shareOf(LIGHT))
                .as("the light provider still gets calls")
                .isGreaterThan(0.05);
    }

    @Test
    void disablingAnInstanceInNacosStopsItsCallsWithoutAFailedCall() {
        try (Traffic traffic = Traffic.start(consumer, Duration.ofMillis(10))) {
            long disabledAt = System.currentTimeMillis();
            edit(InstanceUpdate.of("127.0.0.1", heavy.spec().port()).withEnabled(false));

            eventually().untilAsserted(() -> assertThat(consumer.calls(100).answers())
                    .containsOnlyKeys(LIGHT));
            long settledAt = System.currentTimeMillis();
            eventually().until(() -> traffic.since(settledAt).size() >= 200);

            assertThat(traffic.answersSince(settledAt)).containsOnlyKeys(LIGHT);
            assertThat(traffic.since(disabledAt)).hasSizeGreaterThan(200);
            assertThat(traffic.failures()).isEmpty();
        }
        assertThat(nacos.http().instances(namespace, "", application))
                .as("Nacos lists only enabled instances")
                .extracting(RegisteredInstance::port)
                .containsExactly(light.spec().port());
    }

    private void edit(InstanceUpdate update) {
        nacos.http().updateInstance(namespace, "", application, update);
    }

    private RegisteredInstance registered(ProviderProcess provider) {
        return nacos.http().instances(namespace, "", application).stream()
                .filter(i -> i.port() == provider.spec().port())
                .findFirst()
                .orElseThrow();
    }
}
