package dev.nacosapp.testkit.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.alibaba.nacos.api.config.ConfigService;
import com.alibaba.nacos.api.naming.NamingService;
import dev.nacosapp.testkit.support.ConfigClients;
import dev.nacosapp.testkit.support.ConfigRecorder;
import dev.nacosapp.testkit.support.Names;
import dev.nacosapp.testkit.support.NamingClients;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A restart keeps every config, as a real Nacos keeps them in its database, while ephemeral instances vanish with
 * their connections: listening clients listen again, find their config unchanged and their listeners hear nothing.
 */
class ConfigRestartTest {

    private static final String GROUP = "mapping";

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ConfigClients clients = new ConfigClients();

    private final NamingClients namingClients = new NamingClients();

    private final EmbeddedNacosServer server =
            EmbeddedNacosServer.builder().build().start();

    @AfterEach
    void tearDown() throws Exception {
        clients.close();
        namingClients.close();
        server.close();
    }

    @Test
    void aRestartKeepsConfigsAndListenersHearNoRemoval() throws Exception {
        String dataId = Names.unique("org.example.Restart");
        ConfigService config = clients.create(server.serverAddr());
        ConfigRecorder listener = new ConfigRecorder();
        config.publishConfig(dataId, GROUP, "app-a");
        config.addListener(dataId, GROUP, listener);
        // The client's cache starts empty: it learns the content from its first listen, which must precede the
        // restart for a loss to be a change it could see.
        await().atMost(WAIT).until(() -> listener.latest().equals(Optional.of(Optional.of("app-a"))));

        server.restart();

        assertThat(server.configs().content("", GROUP, dataId)).contains("app-a");
        await().atMost(WAIT).until(() -> server.configs().listenerCount("", GROUP, dataId) == 1);
        ConfigService reader = clients.create(server.serverAddr());
        assertThat(reader.getConfig(dataId, GROUP, 5000)).isEqualTo("app-a");
        // A change after the restart reaches the listener; had the restart looked like a removal, a null would come
        // first (nacos-client notifies in order on one thread).
        server.configs().publish("", GROUP, dataId, "app-b");
        await().atMost(WAIT).until(() -> listener.latest().equals(Optional.of(Optional.of("app-b"))));
        assertThat(listener.received()).containsExactly(Optional.of("app-a"), Optional.of("app-b"));
    }

    @Test
    void aRestartStillLosesEphemeralInstances() throws Exception {
        String service = Names.unique("restart-config-naming");
        String dataId = Names.unique("org.example.Kept");
        NamingService naming = namingClients.create(server.serverAddr());
        naming.registerInstance(service, "10.8.0.1", 8080);
        server.configs().publish("", GROUP, dataId, "kept");
        await().atMost(WAIT)
                .until(() -> server.naming().instances("", "", service).size() == 1);

        server.restart();

        assertThat(server.naming().instances("", "", service)).isEmpty();
        assertThat(server.configs().content("", GROUP, dataId)).contains("kept");
        assertThat(List.of(server.naming().instanceCount(), server.clients().connectionCount()))
                .containsOnly(0);
    }
}
