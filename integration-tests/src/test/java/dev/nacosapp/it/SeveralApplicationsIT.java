package dev.nacosapp.it;

import static dev.nacosapp.it.support.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nacosapp.it.app.EchoService;
import dev.nacosapp.it.app.EchoServiceImpl;
import dev.nacosapp.it.support.FreePorts;
import dev.nacosapp.it.support.Names;
import dev.nacosapp.it.support.Registry;
import dev.nacosapp.testkit.embedded.EmbeddedNacosServer;
import dev.nacosapp.testkit.junit.WithNacos;
import dev.nacosapp.testkit.server.NacosTarget;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.ProtocolConfig;
import org.apache.dubbo.config.ReferenceConfig;
import org.apache.dubbo.config.RegistryConfig;
import org.apache.dubbo.config.ServiceConfig;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;
import org.apache.dubbo.rpc.model.FrameworkModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several Dubbo applications in one process ({@code DubboBootstrap.newInstance(framework)}), on one {@code nacos-app}
 * registry, through Dubbo's real deployers: they share one Nacos naming client and one config client. Stopping some
 * of them must leave the others' registrations, discovery, mapping reads, writes and listeners and remote metadata
 * working (Dubbo destroys each application's metadata report twice), and stopping the last one must close every
 * client. The test counts the server's connections, so it starts an embedded server of its own.
 */
@WithNacos
class SeveralApplicationsIT {

    private final String namespace = Names.unique("it-several");

    private final FrameworkModel framework = new FrameworkModel();

    private final List<DubboBootstrap> running = new ArrayList<>();

    private EmbeddedNacosServer server;

    @BeforeEach
    void startServer(NacosTarget nacos) {
        nacos.requireEmbedded("Counting the connections of one process's Nacos clients");
        server = EmbeddedNacosServer.builder().build().start();
    }

    @AfterEach
    void stopAll() {
        running.forEach(DubboBootstrap::destroy);
        framework.destroy();
        if (server != null) {
            server.close();
        }
    }

    @Test
    void stoppingSomeApplicationsOfAProcessLeavesTheOthersWorkingAndTheLastOneClosesEveryClient() {
        // Without protection, so that the consumer drops the stopped applications at once: when every instance of an
        // application goes away, protection keeps calling its last addresses, which is not what this test is about.
        String registry = Registry.at(server.serverAddr())
                .with("namespace", namespace)
                .with("empty-push-protection", "false")
                .address();
        String[] providers = {Names.unique("several-a"), Names.unique("several-b"), Names.unique("several-c")};
        List<DubboBootstrap> started = new ArrayList<>();
        for (String application : providers) {
            started.add(provider(registry, application));
        }
        // A consumer without providedBy: it finds the providers through the mapping in Nacos config, reads their
        // remote metadata there and listens for new providers of the interface.
        DubboBootstrap consumerApp = DubboBootstrap.newInstance(framework);
        running.add(consumerApp);
        EchoService echo = consumer(consumerApp, registry);
        eventually().ignoreExceptions().until(() -> answers(echo), who -> who.size() == 3);

        // Two of the four applications stop: each destroys its metadata report twice.
        stop(started.get(0));
        stop(started.get(1));

        assertThat(server.naming().instances(namespace, "DEFAULT_GROUP", providers[2]))
                .hasSize(1);
        eventually().ignoreExceptions().until(() -> answers(echo), who -> who.equals(Set.of(providers[2])));

        // A new application of the process writes the mapping, publishes its remote metadata and registers; the
        // consumer's mapping listener must still be there to learn of it.
        String late = Names.unique("several-late");
        provider(registry, late);
        eventually().until(() -> server.configs()
                .content(namespace, "mapping", EchoService.class.getName())
                .orElse("")
                .contains(late));
        eventually().ignoreExceptions().until(() -> answers(echo), who -> who.contains(late));

        running.forEach(DubboBootstrap::destroy);
        running.clear();
        eventually().untilAsserted(() -> assertThat(server.clients().connectionCount())
                .as("naming and config clients still connected after the last application stopped")
                .isZero());
    }

    private DubboBootstrap provider(String registry, String application) {
        DubboBootstrap bootstrap = DubboBootstrap.newInstance(framework);
        running.add(bootstrap);
        ProtocolConfig protocol = new ProtocolConfig("dubbo", FreePorts.next());
        ServiceConfig<EchoService> service = new ServiceConfig<>();
        service.setInterface(EchoService.class);
        service.setRef(new EchoServiceImpl(application));
        service.setWarmup(0);
        bootstrap
                .application(application(application))
                .registry(new RegistryConfig(registry))
                .protocol(protocol)
                .service(service)
                .start();
        return bootstrap;
    }

    private EchoService consumer(DubboBootstrap bootstrap, String registry) {
        ReferenceConfig<EchoService> reference = new ReferenceConfig<>();
        reference.setInterface(EchoService.class);
        reference.setCheck(false);
        reference.setRetries(0);
        // The providers live in this JVM: without this, Dubbo would call the last one exported in-JVM.
        reference.setScope("remote");
        bootstrap
                .application(application(Names.unique("several-consumer")))
                .registry(new RegistryConfig(registry))
                .reference(reference)
                .start();
        return reference.get();
    }

    private static ApplicationConfig application(String name) {
        ApplicationConfig application = new ApplicationConfig(name);
        application.setQosEnable(false);
        application.setLogger("slf4j");
        application.setEnableFileCache(false);
        // Metadata in Nacos config: the consumer reads it through the shared config client.
        application.setMetadataType("remote");
        return application;
    }

    private void stop(DubboBootstrap bootstrap) {
        bootstrap.destroy();
        running.remove(bootstrap);
    }

    /** Who answers twenty calls; a failed call counts as no answer. */
    private static Set<String> answers(EchoService echo) {
        Set<String> who = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            who.add(echo.whoAmI());
        }
        return who;
    }
}
