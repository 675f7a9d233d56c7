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

/** Issue #4, case 3: a provider JVM stopped with SIGTERM deregisters itself and no consumer call fails. */
@WithNacos
class GracefulShutdownIT {

    private final String namespace = Names.unique("it-graceful");

    private final String application = Names.unique("graceful-provider");

    private ProviderProcess staying;

    private ProviderProcess leaving;

    private Consumer consumer;

    @AfterEach
    void stopAll() {
        if (consumer != null) {
            consumer.close();
        }
        if (staying != null) {
            staying.close();
        }
        if (leaving != null) {
            leaving.close();
        }
    }

    @Test
    void stoppedProviderIsDeregisteredAndTheConsumerStopsCallingItWithoutAFailedCall(NacosTarget nacos) {
        Registry registry = Registry.of(nacos).namespace(namespace);
        staying = ProviderProcess.launch(
                getClass(),
                ProviderSpec.of(application, "graceful-staying", registry.address())
                        .withProtocol("dubbo", FreePorts.next()));
        leaving = ProviderProcess.launch(
                getClass(),
                ProviderSpec.of(application, "graceful-leaving", registry.address())
                        .withProtocol("dubbo", FreePorts.next()));
        staying.awaitReady();
        leaving.awaitReady();
        consumer = Consumer.of(registry.address(), application).start();
        eventually().untilAsserted(() -> assertThat(consumer.calls(50).answers())
                .containsOnlyKeys("graceful-staying", "graceful-leaving"));

        try (Traffic traffic = Traffic.start(consumer, Duration.ofMillis(10))) {
            long stopAt = System.nanoTime();
            leaving.terminate();

            eventually().untilAsserted(() -> assertThat(nacos.http().instances(namespace, "", application))
                    .extracting(RegisteredInstance::port)
                    .containsExactly(staying.spec().port()));
            Timings.report(nacos.kind(), "#3 SIGTERM until Nacos no longer listed the instance", sinceNanos(stopAt));
            eventually().until(() -> consumer.watch().orElseThrow().instanceCount() == 1);
            Timings.report(nacos.kind(), "#3 SIGTERM until the consumer had one provider left", sinceNanos(stopAt));
            int status = leaving.awaitExit();
            Timings.report(nacos.kind(), "#3 SIGTERM until the provider JVM exited", sinceNanos(stopAt));
            assertThat(leaving.output())
                    .as("the provider deregistered itself in Dubbo's shutdown hook")
                    .contains("nacos-app: deregistered 127.0.0.1:"
                            + leaving.spec().port());

            long settledAt = System.currentTimeMillis();
            eventually().until(() -> traffic.since(settledAt).size() >= 100);
            assertThat(traffic.answersSince(settledAt)).containsOnlyKeys("graceful-staying");
            assertThat(traffic.failures()).as("calls that failed").isEmpty();
            System.out.printf(
                    "[measure] #3 exit status %d, %d calls during the shutdown%n",
                    status, traffic.calls().size());
        }
    }

    private static Duration sinceNanos(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
