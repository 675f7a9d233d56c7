package dev.nacosapp.testkit.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nacosapp.testkit.support.Names;
import dev.nacosapp.testkit.support.NamingClients;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What nacos-client tells the server about itself when it connects: the labels the Nacos console shows. It also pins
 * a nacos-client fact the library relies on: the application name comes from the process-wide {@code project.name}
 * only, never from the properties a client is created with.
 */
class ConnectionLabelsTest {

    private static EmbeddedNacosServer server;

    @BeforeAll
    static void startServer() {
        server = EmbeddedNacosServer.builder().build().start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void recordsTheModuleAndAppNameLabelsOfANamingClient() throws Exception {
        String perClientName = Names.unique("per-client-app");
        Properties properties = NamingClients.properties(server.serverAddr());
        properties.setProperty("project.name", perClientName);
        try (NamingClients clients = new NamingClients()) {
            clients.create(properties);

            List<Map<String, String>> labels = await().atMost(Duration.ofSeconds(10))
                    .until(server.clients()::connectionLabels, all -> all.stream()
                            .anyMatch(each -> "naming".equals(each.get("module"))));

            Map<String, String> naming = labels.stream()
                    .filter(each -> "naming".equals(each.get("module")))
                    .findFirst()
                    .orElseThrow();
            assertThat(naming).containsEntry("source", "sdk").containsKey("AppName");
            assertThat(naming.get("AppName"))
                    .as("nacos-client reads project.name from its process-wide properties, not the client's")
                    .isNotEqualTo(perClientName);
        }
    }
}
