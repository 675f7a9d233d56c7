package dev.nacosapp.it;

import static dev.nacosapp.it.support.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nacosapp.it.app.Consumer;
import dev.nacosapp.it.app.EchoService;
import dev.nacosapp.it.app.ProviderApp;
import dev.nacosapp.it.app.ProviderSpec;
import dev.nacosapp.it.support.FreePorts;
import dev.nacosapp.it.support.Names;
import dev.nacosapp.it.support.Registry;
import dev.nacosapp.it.support.Started;
import dev.nacosapp.testkit.embedded.EmbeddedNacosServer;
import dev.nacosapp.testkit.junit.WithNacos;
import dev.nacosapp.testkit.server.NacosTarget;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #10: a consumer configured only with a {@code nacos-app://} address, no {@code providedBy} and no metadata
 * report, finds and calls its provider: nacos-app is Dubbo's metadata center for that registry and keeps the interface
 * to application mapping in Nacos config, in the layout of Dubbo's built-in {@code nacos} report. A provider
 * application that exports the same interface later is picked up live.
 */
@WithNacos
class MappingIT {

    private static final String MAPPING_GROUP = "mapping";

    private final String namespace = Names.unique("it-mapping");

    private final String application = Names.unique("mapping-provider");

    private final Started started = new Started();

    @AfterEach
    void stopAll() throws Exception {
        started.close();
    }

    @Test
    void aConsumerWithoutProvidedByFindsItsProviderThroughTheMappingInNacos(NacosTarget nacos) {
        Registry registry = Registry.of(nacos).namespace(namespace);
        started.add(ProviderApp.start(spec(application, "mapping-1", registry)));

        Consumer consumer = started.add(
                Consumer.of(registry.address(), application).withoutProvidedBy().start());

        eventually().ignoreExceptions().until(consumer::whoAmI, "mapping-1"::equals);
        nacos.embedded().ifPresent(server -> assertThat(
                        server.configs().content(namespace, MAPPING_GROUP, EchoService.class.getName()))
                .as("the built-in's layout: data id = interface, group mapping, content = applications")
                .contains(application));
    }

    @Test
    void aConsumerStartedAfterAServerRestartFindsItsProviderThroughTheMappingWrittenBefore(NacosTarget nacos) {
        EmbeddedNacosServer server = nacos.requireEmbedded("Restarting the server");
        Registry registry = Registry.of(nacos).namespace(namespace);
        started.add(ProviderApp.start(spec(application, "mapping-restart", registry)));
        eventually().until(() -> server.configs()
                .content(namespace, MAPPING_GROUP, EchoService.class.getName())
                .isPresent());

        // A real server keeps configs in its database: Dubbo writes a mapping once, at export, never again.
        server.restart();
        eventually()
                .until(() ->
                        server.naming().instances(namespace, "", application).size() == 1);

        Consumer consumer = started.add(
                Consumer.of(registry.address(), application).withoutProvidedBy().start());
        eventually().ignoreExceptions().until(consumer::whoAmI, "mapping-restart"::equals);
    }

    @Test
    void aSecondProviderApplicationOfTheInterfaceIsPickedUpLive(NacosTarget nacos) {
        Registry registry = Registry.of(nacos).namespace(namespace);
        started.add(ProviderApp.start(spec(application, "mapping-1", registry)));
        Consumer consumer = started.add(
                Consumer.of(registry.address(), application).withoutProvidedBy().start());
        eventually().ignoreExceptions().until(consumer::whoAmI, "mapping-1"::equals);

        String second = Names.unique("mapping-other");
        started.add(ProviderApp.start(spec(second, "mapping-2", registry)));

        eventually()
                .ignoreExceptions()
                .until(() -> consumer.calls(40).answers().keySet().containsAll(List.of("mapping-1", "mapping-2")));
        nacos.embedded().ifPresent(server -> assertMapping(server, application, second));
    }

    @Test
    void withRemoteMetadataTheConsumerReadsTheProvidersMetadataFromNacos(NacosTarget nacos) {
        Registry registry = Registry.of(nacos).namespace(namespace);
        started.add(
                ProviderApp.start(spec(application, "mapping-remote", registry).withMetadataType("remote")));

        Consumer consumer = started.add(Consumer.of(registry.address(), application)
                .withoutProvidedBy()
                .metadataType("remote")
                .start());

        eventually().ignoreExceptions().until(consumer::whoAmI, "mapping-remote"::equals);
        nacos.embedded().ifPresent(server -> {
            String revision = nacos.http()
                    .instances(namespace, "", application)
                    .get(0)
                    .metadata()
                    .get("dubbo.metadata.revision");
            assertThat(server.configs().content(namespace, revision, application))
                    .as("the built-in's layout: data id = application, group = revision, content = MetadataInfo")
                    .hasValueSatisfying(content -> assertThat(content).contains(EchoService.class.getName()));
        });
    }

    @Test
    void withTheMetadataCenterTurnedOffConsumersNameTheirProvider(NacosTarget nacos) {
        Registry registry = Registry.of(nacos).namespace(namespace);
        started.add(ProviderApp.start(spec(application, "mapping-1", registry)));

        Consumer unnamed = started.add(Consumer.of(registry.address(), application)
                .withoutMetadataCenter()
                .withoutProvidedBy()
                .retries(0)
                .start());
        Consumer named = started.add(Consumer.of(registry.address(), application)
                .withoutMetadataCenter()
                .start());

        eventually().ignoreExceptions().until(named::whoAmI, "mapping-1"::equals);
        assertThat(unnamed.calls(5).failures())
                .as("without a metadata center nothing maps the interface to its application")
                .hasSize(5);
    }

    private void assertMapping(EmbeddedNacosServer server, String... applications) {
        assertThat(server.configs().content(namespace, MAPPING_GROUP, EchoService.class.getName()))
                .hasValueSatisfying(content -> assertThat(content.split(",")).containsExactlyInAnyOrder(applications));
    }

    private static ProviderSpec spec(String application, String name, Registry registry) {
        return ProviderSpec.of(application, name, registry.address()).withProtocol("dubbo", FreePorts.next());
    }
}
