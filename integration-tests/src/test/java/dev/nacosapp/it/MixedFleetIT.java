package dev.nacosapp.it;

import static dev.nacosapp.it.support.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nacosapp.it.app.Consumer;
import dev.nacosapp.it.app.ConsumerMain;
import dev.nacosapp.it.app.EchoService;
import dev.nacosapp.it.app.ProviderApp;
import dev.nacosapp.it.app.ProviderSpec;
import dev.nacosapp.it.support.FreePorts;
import dev.nacosapp.it.support.Logs;
import dev.nacosapp.it.support.Names;
import dev.nacosapp.it.support.NetworkCards;
import dev.nacosapp.it.support.ProviderProcess;
import dev.nacosapp.it.support.Registry;
import dev.nacosapp.it.support.Started;
import dev.nacosapp.it.support.TestJvms;
import dev.nacosapp.it.support.Traffic;
import dev.nacosapp.testkit.http.InstanceUpdate;
import dev.nacosapp.testkit.http.RegisteredInstance;
import dev.nacosapp.testkit.junit.WithNacos;
import dev.nacosapp.testkit.process.ChildJvm;
import dev.nacosapp.testkit.server.NacosTarget;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.metadata.store.nacos.NacosMetadataReport;
import org.apache.dubbo.rpc.model.FrameworkModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #10: a fleet in which some applications still use Dubbo's built-in {@code nacos://} discovery and others
 * {@code nacos-app://}, on one Nacos and namespace. Both register the same Nacos shape and keep the interface to
 * application mapping in the same config layout, so either side's consumer without {@code providedBy} finds and calls
 * the other side's provider. A {@code nacos-app} consumer of built-in providers keeps its own promises: it honours a
 * weight set in Nacos, and providers that stop or crash cost it no call.
 */
@WithNacos
class MixedFleetIT {

    private final String namespace = Names.unique("it-mixed");

    private final Started started = new Started();

    @AfterEach
    void stopAll() throws Exception {
        started.close();
    }

    @Test
    void aNacosAppConsumerWithoutProvidedByCallsABuiltInProvider(NacosTarget nacos) throws Exception {
        Registry registry = Registry.of(nacos).namespace(namespace);
        String application = Names.unique("builtin-provider");
        started.add(builtInProvider(registry, application, "builtin-1")).awaitReady();

        Consumer consumer = started.add(
                Consumer.of(registry.address(), application).withoutProvidedBy().start());

        eventually().ignoreExceptions().until(consumer::whoAmI, "builtin-1"::equals);
        assertThat(consumer.callerHost()).isEqualTo("127.0.0.1");
        assertThat(consumer.calls(20).failures()).isEmpty();
    }

    @Test
    void aBuiltInProviderInTheGroupOfNacosGroupIsFoundByANacosAppConsumerGivenTheSameKey(NacosTarget nacos)
            throws Exception {
        String group = Names.unique("G-nacos");
        // The built-in reads nacos.group over group; both sides get the same address, with a group that loses.
        Registry registry =
                Registry.of(nacos).namespace(namespace).group("ignored-group").with("nacos.group", group);
        String application = Names.unique("builtin-grouped");
        started.add(builtInProvider(registry, application, "builtin-grouped-1")).awaitReady();
        eventually()
                .until(() ->
                        nacos.http().instances(namespace, group, application).size() == 1);

        Consumer consumer = started.add(
                Consumer.of(registry.address(), application).withoutProvidedBy().start());

        eventually().ignoreExceptions().until(consumer::whoAmI, "builtin-grouped-1"::equals);
        assertThat(consumer.calls(10).failures()).isEmpty();
        assertThat(nacos.http().instances(namespace, "ignored-group", application))
                .as("nothing registered in the group the built-in does not use either")
                .isEmpty();
    }

    @Test
    void theBuiltInsMetadataReportReadsTheMappingANacosAppProviderWrote(NacosTarget nacos) throws Exception {
        Registry registry = Registry.of(nacos).namespace(namespace);
        String application = Names.unique("nacos-app-provider");
        started.add(ProviderApp.start(ProviderSpec.of(application, "nacos-app-1", registry.address())
                .withProtocol("dubbo", FreePorts.next())));

        FrameworkModel framework = new FrameworkModel();
        started.add(framework::destroy);
        URL url = URL.valueOf(registry.builtInAddress() + "&file-cache=false&cycle-report=false")
                .setScopeModel(framework.newApplication());
        NacosMetadataReport builtIn = new NacosMetadataReport(url);
        started.add(builtIn::destroy);

        eventually()
                .until(
                        () -> builtIn.getServiceAppMapping(EchoService.class.getName(), url),
                        apps -> apps.equals(Set.of(application)));
    }

    @Test
    void aBuiltInConsumerWithoutProvidedByCallsANacosAppProvider(NacosTarget nacos) throws Exception {
        Registry registry = Registry.of(nacos).namespace(namespace);
        String application = Names.unique("nacos-app-provider");
        started.add(ProviderProcess.launch(
                        getClass(),
                        ProviderSpec.of(application, "nacos-app-1", registry.address())
                                .withProtocol("dubbo", FreePorts.next()))
                .awaitReady());

        // Dubbo's own client replaces a registered 127.x host by the machine's network card before it connects
        // (nacos-app's consumers undo that, the built-in's do not): with every card ignored it stays on loopback.
        ChildJvm builtIn = started.add(TestJvms.builder("built-in consumer", ConsumerMain.class.getName())
                .log(Logs.dirFor(getClass()).resolve(application + "-builtin-consumer.log"))
                .systemProperty("dubbo.network.interface.ignored", NetworkCards.allButLoopback())
                .args(List.of(registry.builtInAddress(), application, "20"))
                .start());
        eventually().until(() -> !builtIn.isAlive());

        assertThat(TestJvms.awaitExit(builtIn))
                .as("exit status; log %s", builtIn.log())
                .isZero();
        assertThat(builtIn.output())
                .contains(ConsumerMain.RESULT + "answers={nacos-app-1=20} failures=0 caller=127.0.0.1");
    }

    @Test
    void aNacosAppConsumerHonoursAWeightSetInNacosOnABuiltInProvider(NacosTarget nacos) throws Exception {
        Registry registry = Registry.of(nacos).namespace(namespace);
        String application = Names.unique("builtin-weighted");
        ProviderProcess heavy = started.add(builtInProvider(registry, application, "builtin-heavy"));
        ProviderProcess light = started.add(builtInProvider(registry, application, "builtin-light"));
        heavy.awaitReady();
        light.awaitReady();
        Consumer consumer = started.add(Consumer.of(registry.address(), application)
                .withoutProvidedBy()
                .retries(0)
                .start());
        eventually().untilAsserted(() -> assertThat(consumer.calls(100).answers())
                .containsOnlyKeys("builtin-heavy", "builtin-light"));

        nacos.http()
                .updateInstance(
                        namespace,
                        "",
                        application,
                        InstanceUpdate.of("127.0.0.1", heavy.spec().port()).withWeight(4.0));

        // Dubbo weights 400 and 100: about 80% of random-balanced calls; the built-in's own consumer ignores it.
        eventually().untilAsserted(() -> {
            Consumer.Calls calls = consumer.calls(500);
            assertThat(calls.failures()).isEmpty();
            assertThat(calls.shareOf("builtin-heavy")).isGreaterThan(0.65);
            assertThat(calls.shareOf("builtin-light")).isGreaterThan(0.05);
        });
    }

    @Test
    void builtInProvidersThatStopOrCrashLeaveANacosAppConsumerWithoutAFailedCall(NacosTarget nacos) throws Exception {
        Registry registry = Registry.of(nacos).namespace(namespace);
        String application = Names.unique("builtin-fleet");
        ProviderProcess survivor = started.add(builtInProvider(registry, application, "builtin-survivor"));
        ProviderProcess leaving = started.add(builtInProvider(registry, application, "builtin-leaving"));
        ProviderProcess crashing = started.add(builtInProvider(registry, application, "builtin-crashing"));
        survivor.awaitReady();
        leaving.awaitReady();
        crashing.awaitReady();
        Consumer consumer = started.add(
                Consumer.of(registry.address(), application).withoutProvidedBy().start());
        eventually().untilAsserted(() -> assertThat(consumer.calls(100).answers())
                .containsOnlyKeys("builtin-survivor", "builtin-leaving", "builtin-crashing"));

        try (Traffic traffic = Traffic.start(consumer, Duration.ofMillis(10))) {
            leaving.terminate();
            eventually().until(() -> consumer.watch().orElseThrow().instanceCount() == 2);
            leaving.awaitExit();
            assertThat(leaving.output())
                    .as("the built-in provider stopped through Dubbo's shutdown hook")
                    .contains("Dubbo shutdown hooks execute now");

            crashing.kill();
            eventually().untilAsserted(() -> assertThat(nacos.http().instances(namespace, "", application))
                    .extracting(RegisteredInstance::port)
                    .containsExactly(survivor.spec().port()));
            eventually().until(() -> consumer.watch().orElseThrow().instanceCount() == 1);

            long settledAt = System.currentTimeMillis();
            eventually().until(() -> traffic.since(settledAt).size() >= 100);
            assertThat(traffic.answersSince(settledAt)).containsOnlyKeys("builtin-survivor");
            assertThat(traffic.failures())
                    .as("calls that failed while built-in providers stopped and crashed")
                    .isEmpty();
        }
    }

    /**
     * Launches a provider JVM on Dubbo's built-in Nacos discovery. The built-in has no register-host: with every
     * network card ignored, Dubbo falls back to 127.0.0.1, which keeps the test's traffic on loopback.
     */
    private ProviderProcess builtInProvider(Registry registry, String application, String name) throws SocketException {
        return ProviderProcess.launch(
                getClass(),
                Map.of("dubbo.network.interface.ignored", NetworkCards.allButLoopback()),
                ProviderSpec.of(application, name, registry.builtInAddress()).withProtocol("dubbo", FreePorts.next()));
    }
}
