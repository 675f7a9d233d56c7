package dev.nacosapp.it;

import static dev.nacosapp.it.support.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nacosapp.it.app.Consumer;
import dev.nacosapp.it.app.ProviderSpec;
import dev.nacosapp.it.support.FreePorts;
import dev.nacosapp.it.support.Names;
import dev.nacosapp.it.support.ProviderProcess;
import dev.nacosapp.it.support.Registry;
import dev.nacosapp.it.support.Timings;
import dev.nacosapp.it.support.Traffic;
import dev.nacosapp.testkit.http.RegisteredInstance;
import dev.nacosapp.testkit.junit.WithNacos;
import dev.nacosapp.testkit.server.NacosTarget;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #4, case 4: a provider JVM killed with SIGKILL never deregisters; Nacos removes its ephemeral instance when
 * the connection breaks, the consumer drops it and calls carry on on the survivor. Reports how long that took.
 */
@WithNacos
class ProviderCrashIT {

    private final String namespace = Names.unique("it-crash");

    private final String application = Names.unique("crash-provider");

    private ProviderProcess survivor;

    private ProviderProcess victim;

    private Consumer consumer;

    @AfterEach
    void stopAll() {
        if (consumer != null) {
            consumer.close();
        }
        if (survivor != null) {
            survivor.close();
        }
        if (victim != null) {
            victim.close();
        }
    }

    @Test
    void killedProviderIsDroppedOnceNacosNoticesTheLostConnectionAndCallsCarryOn(NacosTarget nacos) {
        Registry registry = Registry.of(nacos).namespace(namespace);
        survivor = ProviderProcess.launch(
                getClass(),
                ProviderSpec.of(application, "crash-survivor", registry.address())
                        .withProtocol("dubbo", FreePorts.next()));
        victim = ProviderProcess.launch(
                getClass(),
                ProviderSpec.of(application, "crash-victim", registry.address())
                        .withProtocol("dubbo", FreePorts.next()));
        survivor.awaitReady();
        victim.awaitReady();
        consumer = Consumer.of(registry.address(), application).start();
        eventually().untilAsserted(() -> assertThat(consumer.calls(50).answers())
                .containsOnlyKeys("crash-survivor", "crash-victim"));

        try (Traffic traffic = Traffic.start(consumer, Duration.ofMillis(10))) {
            long killedAt = System.nanoTime();
            victim.kill();

            eventually().untilAsserted(() -> assertThat(nacos.http().instances(namespace, "", application))
                    .extracting(RegisteredInstance::port)
                    .containsExactly(survivor.spec().port()));
            Timings.report(nacos.kind(), "#4 SIGKILL until Nacos removed the instance", sinceNanos(killedAt));
            eventually().until(() -> consumer.watch().orElseThrow().instanceCount() == 1);
            Timings.report(nacos.kind(), "#4 SIGKILL until the consumer dropped the provider", sinceNanos(killedAt));

            long settledAt = System.currentTimeMillis();
            eventually().until(() -> traffic.since(settledAt).size() >= 100);
            assertThat(traffic.answersSince(settledAt)).containsOnlyKeys("crash-survivor");
            assertThat(traffic.failures())
                    .as("calls that failed even with Dubbo's failover to the survivor")
                    .isEmpty();
        }
        assertThat(victim.output()).doesNotContain("nacos-app: deregistered");
    }

    private static Duration sinceNanos(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
