package dev.nacosapp.testkit.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.alibaba.nacos.api.PropertyKeyConst;
import com.alibaba.nacos.api.naming.NamingService;
import com.alibaba.nacos.api.naming.pojo.Instance;
import com.alibaba.nacos.api.naming.remote.NamingRemoteConstants;
import com.alibaba.nacos.api.naming.remote.request.InstanceRequest;
import com.alibaba.nacos.api.remote.response.Response;
import dev.nacosapp.testkit.support.Names;
import dev.nacosapp.testkit.support.NamingClients;
import dev.nacosapp.testkit.support.PushRecorder;
import dev.nacosapp.testkit.support.RawNacosConnection;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Namespaces, groups and clusters keep services apart as in Nacos. */
class IsolationTest {

    private static final Duration PUSH_TIMEOUT = Duration.ofSeconds(10);

    private static EmbeddedNacosServer server;

    private final NamingClients clients = new NamingClients();

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
    void namespacesDoNotSeeEachOthersInstances() throws Exception {
        String service = Names.unique("ns");
        NamingService inA = clients.create(inNamespace(Names.unique("tenant-a")));
        NamingService inB = clients.create(inNamespace(Names.unique("tenant-b")));

        inA.registerInstance(service, "10.1.0.1", 8080);
        inB.registerInstance(service, "10.1.0.2", 8080);

        assertThat(inA.getAllInstances(service, false))
                .extracting(Instance::getIp)
                .containsExactly("10.1.0.1");
        assertThat(inB.getAllInstances(service, false))
                .extracting(Instance::getIp)
                .containsExactly("10.1.0.2");
    }

    @Test
    void emptyNamespaceAndPublicAreTheSameNamespace() throws Exception {
        String service = Names.unique("public");
        NamingService explicitPublic = clients.create(inNamespace("public"));
        try (RawNacosConnection raw = new RawNacosConnection(server.grpcPort())) {
            raw.serverCheck();
            raw.setUp();
            await().atMost(PUSH_TIMEOUT).until(() -> server.clients().connectionCount() >= 2);
            Instance instance = new Instance();
            instance.setIp("10.1.1.1");
            instance.setPort(8080);

            Response response = raw.request(
                    new InstanceRequest("", service, "", NamingRemoteConstants.REGISTER_INSTANCE, instance));

            assertThat(response.isSuccess()).isTrue();
            assertThat(explicitPublic.getAllInstances(service, false))
                    .extracting(Instance::getIp)
                    .containsExactly("10.1.1.1");
            assertThat(server.naming().instances("public", "DEFAULT_GROUP", service))
                    .isEqualTo(server.naming().instances("", "", service));
        }
    }

    @Test
    void groupsDoNotSeeEachOthersInstances() throws Exception {
        String service = Names.unique("group");
        NamingService first = clients.create(server.serverAddr());
        NamingService second = clients.create(server.serverAddr());

        first.registerInstance(service, "group-a", "10.1.2.1", 8080);
        second.registerInstance(service, "group-b", "10.1.2.2", 8080);

        assertThat(first.getAllInstances(service, "group-a", false))
                .extracting(Instance::getIp)
                .containsExactly("10.1.2.1");
        assertThat(first.getAllInstances(service, false)).isEmpty();
    }

    @Test
    void clusterSubscribersOnlySeeTheirClusters() throws Exception {
        String service = Names.unique("cluster");
        NamingService east = clients.create(server.serverAddr());
        NamingService west = clients.create(server.serverAddr());
        NamingService consumer = clients.create(server.serverAddr());
        PushRecorder eastOnly = new PushRecorder();
        consumer.subscribe(service, List.of("east"), eastOnly);

        west.registerInstance(service, "10.1.3.2", 8080, "west");
        east.registerInstance(service, "10.1.3.1", 8080, "east");

        await().atMost(PUSH_TIMEOUT).until(() -> eastOnly.latestAddresses().equals(List.of("10.1.3.1:8080")));
        assertThat(eastOnly.events())
                .allSatisfy(event ->
                        assertThat(event).extracting(Instance::getClusterName).containsOnly("east"));
    }

    private static Properties inNamespace(String namespace) {
        Properties properties = NamingClients.properties(server.serverAddr());
        properties.setProperty(PropertyKeyConst.NAMESPACE, namespace);
        return properties;
    }
}
