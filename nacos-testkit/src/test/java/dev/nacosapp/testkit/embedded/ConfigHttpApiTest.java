package dev.nacosapp.testkit.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.alibaba.nacos.api.config.ConfigService;
import dev.nacosapp.testkit.http.NacosHttp;
import dev.nacosapp.testkit.http.NacosHttpClients;
import dev.nacosapp.testkit.http.NacosHttpException;
import dev.nacosapp.testkit.support.ConfigClients;
import dev.nacosapp.testkit.support.ConfigRecorder;
import dev.nacosapp.testkit.support.Names;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The v1 config open API ({@code /nacos/v1/cs/configs}) and nacos-client see the same configs. */
class ConfigHttpApiTest {

    private static final String GROUP = "mapping";

    private static final long TIMEOUT_MS = 5000;

    private static EmbeddedNacosServer server;

    private static NacosHttp http;

    private final ConfigClients clients = new ConfigClients();

    @BeforeAll
    static void startServer() {
        server = EmbeddedNacosServer.builder().build().start();
        http = NacosHttpClients.create(server.serverAddr());
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
    void aConfigPublishedByTheClientIsReadOverHttpAsRawContent() throws Exception {
        String dataId = Names.unique("org.example.HttpRead");
        ConfigService config = clients.create(server.serverAddr());

        config.publishConfig(dataId, GROUP, "app-a,app-b");

        assertThat(http.config("", GROUP, dataId)).contains("app-a,app-b");
    }

    @Test
    void aConfigPublishedOverHttpIsReadAndPushedToTheClient() throws Exception {
        String dataId = Names.unique("org.example.HttpWrite");
        String namespace = Names.unique("ns");
        ConfigService config = clients.create(ConfigClients.properties(server.serverAddr(), namespace));
        ConfigRecorder listener = new ConfigRecorder();
        config.addListener(dataId, GROUP, listener);
        await().atMost(Duration.ofSeconds(15))
                .until(() -> server.configs().listenerCount(namespace, GROUP, dataId) == 1);

        http.publishConfig(namespace, GROUP, dataId, "key = value with spaces & symbols");

        assertThat(config.getConfig(dataId, GROUP, TIMEOUT_MS)).isEqualTo("key = value with spaces & symbols");
        await().atMost(Duration.ofSeconds(15))
                .until(() -> listener.latest().equals(Optional.of(Optional.of("key = value with spaces & symbols"))));
        assertThat(http.config("", GROUP, dataId)).isEmpty();
    }

    @Test
    void aMissingConfigIsAnswered404() {
        assertThat(http.config("", GROUP, Names.unique("org.example.HttpMissing")))
                .isEmpty();
    }

    @Test
    void aPublishWithoutContentIsRefused() {
        assertThatThrownBy(() -> http.publishConfig("", GROUP, Names.unique("org.example.HttpEmpty"), " "))
                .isInstanceOfSatisfying(
                        NacosHttpException.class, e -> assertThat(e.status()).isEqualTo(400));
    }
}
