package dev.nacosapp.it;

import static dev.nacosapp.it.support.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nacosapp.it.app.EchoService;
import dev.nacosapp.it.app.ProviderApp;
import dev.nacosapp.it.app.ProviderSpec;
import dev.nacosapp.it.support.Consumer;
import dev.nacosapp.it.support.FreePorts;
import dev.nacosapp.it.support.Names;
import dev.nacosapp.it.support.ProviderProcess;
import dev.nacosapp.it.support.Registry;
import dev.nacosapp.it.support.Started;
import dev.nacosapp.testkit.NacosTarget;
import dev.nacosapp.testkit.junit.WithNacos;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.metadata.store.nacos.NacosMetadataReport;
import org.apache.dubbo.rpc.model.FrameworkModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #10: a fleet in which some applications still use Dubbo's built-in {@code nacos://} discovery and others
 * {@code nacos-app://}, on one Nacos and namespace. Both register the same Nacos shape and keep the interface to
 * application mapping in the same config layout, so a {@code nacos-app} consumer without {@code providedBy} finds a
 * built-in provider, and what a {@code nacos-app} provider maps, the built-in's metadata report reads.
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
        ProviderSpec builtIn = ProviderSpec.of(application, "builtin-1", registry.builtInAddress())
                .withProtocol("dubbo", FreePorts.next());
        // The built-in has no register-host: with every network card ignored, Dubbo falls back to 127.0.0.1, which
        // keeps this test's traffic on loopback.
        started.add(ProviderProcess.launch(getClass(), Map.of("dubbo.network.interface.ignored", cards()), builtIn)
                .awaitReady());

        Consumer consumer = started.add(
                Consumer.of(registry, application).withoutProvidedBy().start());

        eventually().ignoreExceptions().until(consumer::whoAmI, "builtin-1"::equals);
        assertThat(consumer.callerHost()).isEqualTo("127.0.0.1");
        assertThat(consumer.calls(20).failures()).isEmpty();
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

    /** Every network interface but loopback, as Dubbo's dubbo.network.interface.ignored wants them. */
    private static String cards() throws SocketException {
        return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(card -> {
                    try {
                        return !card.isLoopback();
                    } catch (SocketException e) {
                        return true;
                    }
                })
                .map(NetworkInterface::getName)
                .collect(Collectors.joining(","));
    }
}
