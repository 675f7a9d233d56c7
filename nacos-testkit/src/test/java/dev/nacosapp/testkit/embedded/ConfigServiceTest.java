package dev.nacosapp.testkit.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.alibaba.nacos.api.config.ConfigService;
import com.alibaba.nacos.api.config.remote.request.ConfigPublishRequest;
import com.alibaba.nacos.common.utils.MD5Utils;
import dev.nacosapp.testkit.support.ConfigClients;
import dev.nacosapp.testkit.support.ConfigRecorder;
import dev.nacosapp.testkit.support.Names;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The config service as nacos-client's {@link ConfigService} uses it: get, publish, CAS, remove and listeners. */
class ConfigServiceTest {

    private static final String MAPPING = "mapping";

    private static final long TIMEOUT_MS = 5000;

    private static final Duration WAIT = Duration.ofSeconds(15);

    private static EmbeddedNacosServer server;

    private final ConfigClients clients = new ConfigClients();

    @BeforeAll
    static void startServer() {
        server = EmbeddedNacosServer.builder().build().start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @AfterEach
    void shutDownClients() throws Exception {
        clients.close();
    }

    @Test
    void aMissingConfigReadsAsNull() throws Exception {
        ConfigService config = clients.create(server.serverAddr());

        assertThat(config.getConfig(Names.unique("missing"), MAPPING, TIMEOUT_MS))
                .isNull();
    }

    @Test
    void aPublishedConfigIsReadBackByAnotherClient() throws Exception {
        String dataId = Names.unique("org.example.Greeter");
        ConfigService writer = clients.create(server.serverAddr());
        ConfigService reader = clients.create(server.serverAddr());

        assertThat(writer.publishConfig(dataId, MAPPING, "app-a")).isTrue();

        assertThat(reader.getConfig(dataId, MAPPING, TIMEOUT_MS)).isEqualTo("app-a");
        assertThat(server.configs().content("", MAPPING, dataId)).contains("app-a");
        assertThat(server.configs().md5("", MAPPING, dataId)).contains(MD5Utils.md5Hex("app-a", "UTF-8"));
    }

    @Test
    void casPublishSucceedsWithTheCurrentMd5AndFailsWithAStaleOne() throws Exception {
        String dataId = Names.unique("org.example.Cas");
        ConfigService config = clients.create(server.serverAddr());
        config.publishConfig(dataId, MAPPING, "app-a");
        String staleMd5 = md5(config.getConfig(dataId, MAPPING, TIMEOUT_MS));

        assertThat(config.publishConfigCas(dataId, MAPPING, "app-a,app-b", staleMd5))
                .isTrue();
        assertThat(config.publishConfigCas(dataId, MAPPING, "app-a,app-c", staleMd5))
                .isFalse();

        assertThat(config.getConfig(dataId, MAPPING, TIMEOUT_MS)).isEqualTo("app-a,app-b");
    }

    @Test
    void casPublishWithABlankMd5OverwritesAndWithAnyMd5CreatesAMissingConfig() throws Exception {
        String overwritten = Names.unique("org.example.Blank");
        String created = Names.unique("org.example.Created");
        ConfigService config = clients.create(server.serverAddr());
        config.publishConfig(overwritten, MAPPING, "app-a");

        // As a Nacos 2.5 server: a blank CAS MD5 is an unconditional write, and a CAS write to a missing config is
        // an insert whatever the MD5.
        assertThat(config.publishConfigCas(overwritten, MAPPING, "app-b", "")).isTrue();
        assertThat(config.publishConfigCas(created, MAPPING, "app-c", md5("something else")))
                .isTrue();

        assertThat(server.configs().content("", MAPPING, overwritten)).contains("app-b");
        assertThat(server.configs().content("", MAPPING, created)).contains("app-c");
    }

    @Test
    void twoWritersAppendingWithACasRetryLoopNeverLoseAnEntry() throws Exception {
        String dataId = Names.unique("org.example.Shared");
        ConfigService first = clients.create(server.serverAddr());
        ConfigService second = clients.create(server.serverAddr());
        first.publishConfig(dataId, MAPPING, "seed");
        ExecutorService writers = Executors.newFixedThreadPool(2);
        try {
            List<Future<Void>> done = writers.invokeAll(
                    List.of(appendAll(first, dataId, "first", 4), appendAll(second, dataId, "second", 4)));
            for (Future<Void> each : done) {
                each.get(60, TimeUnit.SECONDS);
            }
        } finally {
            writers.shutdownNow();
        }

        Set<String> names = new LinkedHashSet<>(Arrays.asList(
                server.configs().content("", MAPPING, dataId).orElseThrow().split(",")));
        assertThat(names)
                .containsExactlyInAnyOrder(
                        "seed",
                        "first-0",
                        "first-1",
                        "first-2",
                        "first-3",
                        "second-0",
                        "second-1",
                        "second-2",
                        "second-3");
    }

    @Test
    void aRemovedConfigReadsAsNullAgain() throws Exception {
        String dataId = Names.unique("org.example.Removed");
        ConfigService config = clients.create(server.serverAddr());
        config.publishConfig(dataId, MAPPING, "app-a");

        assertThat(config.removeConfig(dataId, MAPPING)).isTrue();

        assertThat(config.getConfig(dataId, MAPPING, TIMEOUT_MS)).isNull();
        assertThat(server.configs().content("", MAPPING, dataId)).isEmpty();
        assertThat(config.removeConfig(dataId, MAPPING)).isTrue();
    }

    @Test
    void aListenerIsPushedEveryChangeAndTheRemoval() throws Exception {
        String dataId = Names.unique("org.example.Listened");
        ConfigService consumer = clients.create(server.serverAddr());
        ConfigService provider = clients.create(server.serverAddr());
        ConfigRecorder listener = new ConfigRecorder();
        consumer.addListener(dataId, MAPPING, listener);
        await().atMost(WAIT).until(() -> server.configs().listenerCount("", MAPPING, dataId) == 1);
        long acknowledgedBefore = server.configs().pushStats().acknowledged();

        provider.publishConfig(dataId, MAPPING, "app-a");
        await().atMost(WAIT).until(() -> listener.latest().equals(Optional.of(Optional.of("app-a"))));
        provider.publishConfig(dataId, MAPPING, "app-a,app-b");
        await().atMost(WAIT).until(() -> listener.latest().equals(Optional.of(Optional.of("app-a,app-b"))));
        provider.removeConfig(dataId, MAPPING);
        await().atMost(WAIT).until(() -> listener.latest().equals(Optional.of(Optional.empty())));

        // The client only learns of a change between its 3-minute full syncs through the server's notification.
        assertThat(server.configs().pushStats().acknowledged()).isGreaterThanOrEqualTo(acknowledgedBefore + 3);
        assertThat(listener.received())
                .containsExactly(Optional.of("app-a"), Optional.of("app-a,app-b"), Optional.empty());
    }

    @Test
    void aListenerAddedToAnExistingConfigGetsItsContent() throws Exception {
        String dataId = Names.unique("org.example.Existing");
        server.configs().publish("", MAPPING, dataId, "app-a");
        ConfigService consumer = clients.create(server.serverAddr());
        ConfigRecorder listener = new ConfigRecorder();

        String content = consumer.getConfigAndSignListener(dataId, MAPPING, TIMEOUT_MS, listener);
        server.configs().publish("", MAPPING, dataId, "app-a,app-b");

        assertThat(content).isEqualTo("app-a");
        await().atMost(WAIT).until(() -> listener.latest().equals(Optional.of(Optional.of("app-a,app-b"))));
    }

    @Test
    void namespacesAndGroupsAreIsolated() throws Exception {
        String dataId = Names.unique("org.example.Isolated");
        String namespace = Names.unique("ns");
        ConfigService inPublic = clients.create(server.serverAddr());
        ConfigService inNamespace = clients.create(ConfigClients.properties(server.serverAddr(), namespace));
        ConfigRecorder namespaceListener = new ConfigRecorder();
        inNamespace.addListener(dataId, MAPPING, namespaceListener);
        await().atMost(WAIT).until(() -> server.configs().listenerCount(namespace, MAPPING, dataId) == 1);

        inPublic.publishConfig(dataId, MAPPING, "public-mapping");
        inPublic.publishConfig(dataId, "other-group", "public-other");
        inNamespace.publishConfig(dataId, MAPPING, "namespace-mapping");

        assertThat(inPublic.getConfig(dataId, MAPPING, TIMEOUT_MS)).isEqualTo("public-mapping");
        assertThat(inPublic.getConfig(dataId, "other-group", TIMEOUT_MS)).isEqualTo("public-other");
        assertThat(inNamespace.getConfig(dataId, MAPPING, TIMEOUT_MS)).isEqualTo("namespace-mapping");
        assertThat(inNamespace.getConfig(dataId, "other-group", TIMEOUT_MS)).isNull();
        assertThat(server.configs().content(namespace, MAPPING, dataId)).contains("namespace-mapping");
        await().atMost(WAIT)
                .until(() -> namespaceListener.latest().equals(Optional.of(Optional.of("namespace-mapping"))));
        assertThat(namespaceListener.received()).containsOnly(Optional.of("namespace-mapping"));
    }

    @Test
    void aLostConnectionDropsItsListenersUntilTheClientListensAgain() throws Exception {
        String dataId = Names.unique("org.example.Reconnect");
        ConfigService consumer = clients.create(server.serverAddr());
        ConfigRecorder listener = new ConfigRecorder();
        consumer.addListener(dataId, MAPPING, listener);
        await().atMost(WAIT).until(() -> server.configs().listenerCount("", MAPPING, dataId) == 1);

        server.faults().dropAllConnections();
        assertThat(server.configs().listenerCount("", MAPPING, dataId)).isZero();

        // nacos-client reconnects and listens again on its own; changes then reach it as before.
        await().atMost(WAIT).until(() -> server.configs().listenerCount("", MAPPING, dataId) == 1);
        server.configs().publish("", MAPPING, dataId, "after-reconnect");
        await().atMost(WAIT).until(() -> listener.latest().equals(Optional.of(Optional.of("after-reconnect"))));

        clients.shutDown(consumer);
        await().atMost(WAIT).until(() -> server.configs().listenerCount("", MAPPING, dataId) == 0);
    }

    @Test
    void aRefusedPublishIsReportedAsFalse() throws Exception {
        String dataId = Names.unique("org.example.Refused");
        ConfigService config = clients.create(server.serverAddr());

        server.faults().refuseNextRequests(1, ConfigPublishRequest.class);

        assertThat(config.publishConfig(dataId, MAPPING, "app-a")).isFalse();
        assertThat(config.publishConfig(dataId, MAPPING, "app-a")).isTrue();
    }

    private static Callable<Void> appendAll(ConfigService config, String dataId, String prefix, int count) {
        return () -> {
            for (String name :
                    IntStream.range(0, count).mapToObj(i -> prefix + "-" + i).toList()) {
                append(config, dataId, name);
            }
            return null;
        };
    }

    // The loop Dubbo's mapping registration runs: read, add the name, write with the MD5 read, retry on conflict.
    private static void append(ConfigService config, String dataId, String name) throws Exception {
        for (int attempt = 0; attempt < 100; attempt++) {
            String current = config.getConfig(dataId, MAPPING, TIMEOUT_MS);
            if (config.publishConfigCas(dataId, MAPPING, current + "," + name, md5(current))) {
                return;
            }
        }
        throw new AssertionError("Could not append " + name + " in 100 attempts");
    }

    private static String md5(String content) {
        return MD5Utils.md5Hex(content, "UTF-8");
    }
}
