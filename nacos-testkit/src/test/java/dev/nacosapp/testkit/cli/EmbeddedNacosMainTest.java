package dev.nacosapp.testkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.alibaba.nacos.api.naming.NamingService;
import dev.nacosapp.testkit.embedded.EmbeddedNacosServer;
import dev.nacosapp.testkit.support.Names;
import dev.nacosapp.testkit.support.NamingClients;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local-development command: start with options, a real nacos-client registers, stop. */
class EmbeddedNacosMainTest {
    private final NamingClients clients = new NamingClients();
    private EmbeddedNacosServer server;

    @AfterEach
    void stop() throws Exception {
        clients.close();
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void startsWithTheGivenOptionsPrintsWhereItListensAndTakesRegistrations() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        server = EmbeddedNacosMain.start(
                new String[] {"--port", "0", "--auth", "nacos:secret", "--push-delay", "50ms"},
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("serverAddr 127.0.0.1:" + server.httpPort())
                .contains("gRPC " + server.grpcPort())
                .contains("auth on for user nacos")
                .doesNotContain("secret");
        assertThat(server.faults().pushDelay()).isEqualTo(Duration.ofMillis(50));
        Properties properties = NamingClients.properties(server.serverAddr());
        properties.setProperty("username", "nacos");
        properties.setProperty("password", "secret");
        NamingService client = clients.create(properties);
        String service = Names.unique("cli");
        client.registerInstance(service, "10.9.0.1", 8080);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> server.naming().instances("", "", service).size() == 1);

        server.stop();
        assertThat(server.isRunning()).isFalse();
    }

    @Test
    void generatesCertificatesForMutualTlsAndPrintsTheClientSettings(@TempDir Path directory) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        server = EmbeddedNacosMain.start(
                new String[] {"--port", "0", "--mtls", directory.toString()},
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(directory.resolve("ca.pem")).isRegularFile();
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("Mutual TLS only on gRPC")
                .contains("nacos.remote.client.rpc.tls.trustCollectionChainPath=file:"
                        + directory.toAbsolutePath().resolve("ca.pem"))
                .contains("nacos.remote.client.rpc.tls.certPrivateKey=file:"
                        + directory.toAbsolutePath().resolve("client.key"));
    }

    @Test
    void aBadOptionIsRefusedNamingIt() {
        assertThatThrownBy(() -> EmbeddedNacosMain.start(new String[] {"--prot", "8848"}, System.out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown option --prot");
        assertThatThrownBy(() -> EmbeddedNacosMain.start(new String[] {"--port", "70000"}, System.out))
                .hasMessageContaining("--port wants 0..64535")
                .hasMessageContaining("'70000'");
        assertThatThrownBy(() -> EmbeddedNacosMain.start(new String[] {"--auth", "nacos"}, System.out))
                .hasMessageContaining("--auth wants <user>:<password>");
        assertThatThrownBy(() -> EmbeddedNacosMain.start(new String[] {"--port"}, System.out))
                .hasMessage("option --port needs a value");
    }
}
