package dev.nacosapp.testkit.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.alibaba.nacos.api.naming.NamingFactory;
import com.alibaba.nacos.api.naming.NamingService;
import dev.nacosapp.testkit.NacosHttp;
import dev.nacosapp.testkit.RegisteredInstance;
import dev.nacosapp.testkit.support.Names;
import dev.nacosapp.testkit.support.PushRecorder;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.images.RemoteDockerImage;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The official image in a container, reached by nacos-client through the fixed port pair. Skipped with the reason
 * where there is no Docker engine or the image can be neither found nor pulled.
 */
@Testcontainers(disabledWithoutDocker = true)
class NacosContainerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    // tag::container[]
    static NacosContainer nacos = new NacosContainer(); // nacos/nacos-server:v2.5.1, standalone, auth off
    // end::container[]

    @BeforeAll
    static void startContainer() {
        Assumptions.assumeTrue(
                imageAvailable(nacos),
                () -> "The image " + nacos.getDockerImageName() + " is neither present nor pullable");
        nacos.start();
    }

    @AfterAll
    static void stopContainer() {
        nacos.stop();
    }

    @Test
    void answersReadinessOnTheLoopbackAddress() {
        assertThat(nacos.getServerAddr()).isEqualTo("127.0.0.1:" + nacos.getHttpPort());
        assertThat(nacos.getGrpcPort()).isEqualTo(nacos.getHttpPort() + 1000);
        assertThat(new NacosHttp(nacos.getServerAddr()).isReady()).isTrue();
    }

    @Test
    void nacosClientRegistersAndReceivesPushesThroughTheOffsetPort() throws Exception {
        String service = Names.unique("container");
        // tag::client[]
        NamingService naming = NamingFactory.createNamingService(nacos.getServerAddr());
        // end::client[]
        try {
            PushRecorder pushes = new PushRecorder();
            naming.subscribe(service, pushes);

            naming.registerInstance(service, "10.10.0.1", 8080);

            await().atMost(TIMEOUT).until(() -> pushes.latestAddresses().contains("10.10.0.1:8080"));
        } finally {
            naming.shutDown();
        }
    }

    @Test
    void restartKeepsTheHostPortsAndLosesEphemeralInstances() throws Exception {
        String service = Names.unique("container-restart");
        int port = nacos.getHttpPort();
        NacosHttp http = new NacosHttp(nacos.getServerAddr());
        NamingService naming = NamingFactory.createNamingService(nacos.getServerAddr());
        try {
            naming.registerInstance(service, "10.10.1.1", 8080);
            await().atMost(TIMEOUT).until(() -> http.instances("", "", service).size() == 1);

            nacos.restartKeepingPorts();

            assertThat(nacos.getHttpPort()).isEqualTo(port);
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(http.instances("", "", service))
                    .extracting(RegisteredInstance::address)
                    .containsExactly("10.10.1.1:8080"));
        } finally {
            naming.shutDown();
        }
    }

    private static boolean imageAvailable(NacosContainer container) {
        try {
            new RemoteDockerImage(container.getDockerImageName()).get();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
