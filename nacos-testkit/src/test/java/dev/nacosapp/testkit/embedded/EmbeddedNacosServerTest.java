package dev.nacosapp.testkit.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.alibaba.nacos.api.naming.NamingService;
import dev.nacosapp.testkit.http.NacosHttpClients;
import dev.nacosapp.testkit.support.Names;
import dev.nacosapp.testkit.support.NamingClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Lifecycle, ports and settings of the embedded server. */
class EmbeddedNacosServerTest {

    private final NamingClients clients = new NamingClients();

    @AfterEach
    void shutDownClients() throws Exception {
        clients.close();
    }

    @Test
    void startsOnAFreePortPairWithGrpcAtTheHttpPortPlus1000() {
        try (EmbeddedNacosServer server = EmbeddedNacosServer.builder().build().start()) {
            assertThat(server.isRunning()).isTrue();
            assertThat(server.grpcPort()).isEqualTo(server.httpPort() + 1000);
            assertThat(server.serverAddr()).isEqualTo("127.0.0.1:" + server.httpPort());
            assertThat(NacosHttpClients.create(server.serverAddr()).isReady()).isTrue();
        }
    }

    @Test
    void startsOnAChosenPort() throws Exception {
        int port = freePortPair();
        try (EmbeddedNacosServer server =
                EmbeddedNacosServer.builder().port(port).build().start()) {
            NamingService naming = clients.create(server.serverAddr());

            naming.registerInstance(Names.unique("chosen"), "10.8.0.1", 8080);

            assertThat(server.httpPort()).isEqualTo(port);
            assertThat(server.naming().instanceCount()).isEqualTo(1);
        }
    }

    @Test
    void stopReleasesBothPortsAndStartTakesThemAgain() throws Exception {
        EmbeddedNacosServer server = EmbeddedNacosServer.builder().build().start();
        int port = server.httpPort();

        server.stop();

        assertThat(server.isRunning()).isFalse();
        // gRPC's listener can take a moment after stop() to release its port (seen once in CI, with nacos-client
        // 3.1.1's gRPC), which a start on the same ports rides out by trying again (PortPairs); released it must be.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            bindAndRelease(port);
            bindAndRelease(port + 1000);
        });
        try (EmbeddedNacosServer restarted = server.start()) {
            assertThat(restarted.httpPort()).isEqualTo(port);
            assertThat(NacosHttpClients.create(restarted.serverAddr()).isReady())
                    .isTrue();
        }
    }

    @Test
    void refusesToStartWhenTheGrpcPortIsTaken() throws Exception {
        int port = freePortPair();
        try (ServerSocket taken = bind(port + 1000)) {
            EmbeddedNacosServer server =
                    EmbeddedNacosServer.builder().port(port).build();

            assertThatThrownBy(server::start)
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("127.0.0.1:" + port + " and " + (port + 1000));
            assertThat(server.isRunning()).isFalse();
            bindAndRelease(port);
        }
    }

    @Test
    void rejectsSettingsOutOfRange() {
        assertThatThrownBy(() -> EmbeddedNacosServer.builder().port(65000).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gRPC listens on port + 1000");
        assertThatThrownBy(() -> EmbeddedNacosServer.builder()
                        .pushDelay(Duration.ofMillis(-1))
                        .build())
                .hasMessageContaining("pushDelay");
        assertThatThrownBy(() -> EmbeddedNacosServer.builder().metadataLimit(-1).build())
                .hasMessageContaining("metadataLimit");
        assertThatThrownBy(() -> EmbeddedNacosServer.builder()
                        .registrationHoldAfterRestart(Duration.ofMillis(-1))
                        .build())
                .hasMessageContaining("registrationHoldAfterRestart");
    }

    @Test
    void faultSwitchesNeedARunningServer() {
        EmbeddedNacosServer server = EmbeddedNacosServer.builder().build();

        assertThatThrownBy(server.faults()::dropAllConnections)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not running");
        assertThatThrownBy(server::httpPort).hasMessageContaining("not been started");
    }

    @Test
    void emptyServicesStayListedUntilTheRetentionHasPassed() throws Exception {
        try (EmbeddedNacosServer server = EmbeddedNacosServer.builder()
                .emptyServiceRetention(Duration.ofMillis(300))
                .build()
                .start()) {
            String group = Names.unique("retention");
            NamingService naming = clients.create(server.serverAddr());
            naming.registerInstance("kept-a-while", group, "10.8.1.1", 8080);

            naming.deregisterInstance("kept-a-while", group, "10.8.1.1", 8080);

            assertThat(server.naming().serviceNames("", group)).containsExactly("kept-a-while");
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> server.naming().serviceNames("", group).isEmpty());
        }
    }

    private static int freePortPair() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket first = bind(0)) {
                int port = first.getLocalPort();
                if (port + 1000 <= 65535) {
                    try (ServerSocket second = bind(port + 1000)) {
                        return port;
                    } catch (IOException busy) {
                        // try another pair
                    }
                }
            }
        }
        throw new IOException("no free port pair");
    }

    private static void bindAndRelease(int port) throws IOException {
        bind(port).close();
    }

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
        return socket;
    }
}
