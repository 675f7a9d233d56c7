package dev.nacosapp.testkit.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.alibaba.nacos.api.config.ConfigService;
import dev.nacosapp.testkit.EmbeddedNacosServer;
import dev.nacosapp.testkit.support.ConfigClients;
import dev.nacosapp.testkit.support.ConfigRecorder;
import dev.nacosapp.testkit.support.Names;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A restart loses every config, unlike a real Nacos; listening clients see the config vanish and listen again. */
class ConfigRestartTest {

    private static final String GROUP = "mapping";

    private final ConfigClients clients = new ConfigClients();

    private final EmbeddedNacosServer server =
            EmbeddedNacosServer.builder().build().start();

    @AfterEach
    void tearDown() throws Exception {
        clients.close();
        server.close();
    }

    @Test
    void aRestartLosesConfigsAndListenersSeeThemRemoved() throws Exception {
        String dataId = Names.unique("org.example.Restart");
        ConfigService config = clients.create(server.serverAddr());
        ConfigRecorder listener = new ConfigRecorder();
        config.publishConfig(dataId, GROUP, "app-a");
        config.addListener(dataId, GROUP, listener);
        // The client's cache starts empty: it learns the content from its first listen, which must precede the
        // restart for the loss to be a change it can see.
        await().atMost(Duration.ofSeconds(15)).until(() -> listener.latest().equals(Optional.of(Optional.of("app-a"))));

        server.restart();

        assertThat(server.config("", GROUP, dataId)).isEmpty();
        await().atMost(Duration.ofSeconds(30)).until(() -> listener.latest().equals(Optional.of(Optional.empty())));
        await().atMost(Duration.ofSeconds(15)).until(() -> server.configListenerCount("", GROUP, dataId) == 1);
    }
}
