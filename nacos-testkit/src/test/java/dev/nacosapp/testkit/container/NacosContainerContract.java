package dev.nacosapp.testkit.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.alibaba.nacos.api.naming.NamingFactory;
import com.alibaba.nacos.api.naming.NamingService;
import dev.nacosapp.testkit.http.InstanceUpdate;
import dev.nacosapp.testkit.http.NacosHttp;
import dev.nacosapp.testkit.http.NacosHttpClients;
import dev.nacosapp.testkit.http.RegisteredInstance;
import dev.nacosapp.testkit.support.Names;
import dev.nacosapp.testkit.support.PushRecorder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.testcontainers.images.RemoteDockerImage;

/**
 * What a {@link NacosContainer} of either line offers, run once per image line by the subclasses (JUnit 5.12 has no
 * parameterised classes). Skipped with the reason where there is no Docker engine or the image can be neither found
 * nor pulled.
 */
abstract class NacosContainerContract {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /**
     * Returns the class's container, started.
     *
     * @return the container
     */
    abstract NacosContainer nacos();

    static void startIfAvailable(NacosContainer container) {
        Assumptions.assumeTrue(
                imageAvailable(container),
                () -> "The image " + container.getDockerImageName() + " is neither present nor pullable");
        container.start();
    }

    NacosHttp http() {
        return NacosHttpClients.create(nacos().getLine(), nacos().getServerAddr(), null, nacos().getAdminCredentials());
    }

    @Test
    void answersReadinessOnTheFixedPortPair() {
        assertThat(nacos().getServerAddr()).isEqualTo(nacos().getHost() + ":" + nacos().getHttpPort());
        assertThat(nacos().getGrpcPort()).isEqualTo(nacos().getHttpPort() + 1000);
        assertThat(NacosHttpClients.create(nacos().getServerAddr()).line()).isEqualTo(nacos().getLine());
        assertThat(http().isReady()).isTrue();
    }

    @Test
    void nacosClientRegistersAndReceivesPushesThroughTheOffsetPort() throws Exception {
        String service = Names.unique("container");
        // tag::client[]
        NamingService naming = NamingFactory.createNamingService(nacos().getServerAddr());
        // end::client[]
        try {
            PushRecorder pushes = new PushRecorder();
            naming.subscribe(service, pushes);

            naming.registerInstance(service, "10.10.0.1", 8080);

            await().atMost(TIMEOUT).until(() -> pushes.latestAddresses().contains("10.10.0.1:8080"));
            http().updateInstance(
                            "",
                            "",
                            service,
                            InstanceUpdate.of("10.10.0.1", 8080).withMetadata(Map.of("a", "b")));
            await().atMost(TIMEOUT).until(() -> pushes.latest().orElseThrow().stream()
                    .anyMatch(i -> "b".equals(i.getMetadata().get("a"))));
        } finally {
            naming.shutDown();
        }
    }

    @Test
    void restartKeepsTheHostPortsAndLosesEphemeralInstances() throws Exception {
        String service = Names.unique("container-restart");
        int port = nacos().getHttpPort();
        NacosHttp http = http();
        NamingService naming = NamingFactory.createNamingService(nacos().getServerAddr());
        try {
            naming.registerInstance(service, "10.10.1.1", 8080);
            await().atMost(TIMEOUT).until(() -> http.instances("", "", service).size() == 1);

            nacos().restartKeepingPorts();

            assertThat(nacos().getHttpPort()).isEqualTo(port);
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
