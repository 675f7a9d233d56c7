package dev.nacosapp.testkit.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.alibaba.nacos.api.naming.NamingService;
import com.alibaba.nacos.api.naming.pojo.Instance;
import com.alibaba.nacos.api.naming.pojo.ListView;
import dev.nacosapp.testkit.support.Names;
import dev.nacosapp.testkit.support.NamingClients;
import dev.nacosapp.testkit.support.PushRecorder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Registration, deregistration, pushes and queries with the real nacos-client, as a Nacos 2.5 server behaves. */
class RegistrationTest {

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
    void registerPushesTheInstanceWithFullMetadataToSubscribers() throws Exception {
        String service = Names.unique("register");
        NamingService provider = clients.create(server.serverAddr());
        NamingService consumer = clients.create(server.serverAddr());
        PushRecorder pushes = new PushRecorder();
        consumer.subscribe(service, pushes);

        Instance instance = instance("10.0.0.1", 8080);
        instance.setMetadata(Map.of("version", "1.2.3", "zone", "a"));
        provider.registerInstance(service, instance);

        await().atMost(PUSH_TIMEOUT).until(() -> pushes.latestAddresses().contains("10.0.0.1:8080"));
        Instance pushed = pushes.latest().orElseThrow().get(0);
        assertThat(pushed.getMetadata()).containsEntry("version", "1.2.3").containsEntry("zone", "a");
    }

    @Test
    void registeredInstanceGetsNacosDefaults() throws Exception {
        String service = Names.unique("defaults");
        NamingService provider = clients.create(server.serverAddr());
        Instance instance = new Instance();
        instance.setIp("10.0.0.2");
        instance.setPort(9090);
        provider.registerInstance(service, instance);

        await().atMost(PUSH_TIMEOUT)
                .until(() -> !provider.getAllInstances(service, false).isEmpty());
        Instance stored = server.naming().instances("", "", service).get(0);
        assertThat(stored.getClusterName()).isEqualTo("DEFAULT");
        assertThat(stored.isHealthy()).isTrue();
        assertThat(stored.isEphemeral()).isTrue();
        assertThat(stored.getWeight()).isEqualTo(1.0);
        // A real Nacos (2.5.1 seen) builds the id from the cluster as sent, none here.
        assertThat(stored.getInstanceId()).isEqualTo("10.0.0.2#9090#null#DEFAULT_GROUP@@" + service);
        assertThat(stored.getServiceName()).isEqualTo("DEFAULT_GROUP@@" + service);
    }

    @Test
    void instanceIdTakesTheServiceNameTheInstanceCarries() throws Exception {
        // What Dubbo's built-in and nacos-app send: the bare service name on the instance, no cluster. A real Nacos
        // 2.5.1 answered with 127.0.0.1#1235#null#<service>.
        String service = Names.unique("named");
        NamingService provider = clients.create(server.serverAddr());
        Instance instance = new Instance();
        instance.setIp("10.0.0.3");
        instance.setPort(9090);
        instance.setServiceName(service);
        provider.registerInstance(service, instance);

        await().atMost(PUSH_TIMEOUT)
                .until(() -> !provider.getAllInstances(service, false).isEmpty());
        Instance stored = server.naming().instances("", "", service).get(0);
        assertThat(stored.getInstanceId()).isEqualTo("10.0.0.3#9090#null#" + service);
        assertThat(stored.getClusterName()).isEqualTo("DEFAULT");
        assertThat(stored.getServiceName()).isEqualTo("DEFAULT_GROUP@@" + service);
    }

    @Test
    void instanceIdChosenByTheClientIsKept() throws Exception {
        String service = Names.unique("custom-id");
        NamingService provider = clients.create(server.serverAddr());
        Instance instance = instance("10.0.0.3", 8080);
        instance.setInstanceId("my-own-id");
        provider.registerInstance(service, instance);

        assertThat(server.naming().instances("", "", service))
                .extracting(Instance::getInstanceId)
                .containsExactly("my-own-id");
    }

    @Test
    void deregisterPushesAnEmptyList() throws Exception {
        String service = Names.unique("deregister");
        NamingService provider = clients.create(server.serverAddr());
        NamingService consumer = clients.create(server.serverAddr());
        PushRecorder pushes = new PushRecorder();
        consumer.subscribe(service, pushes);
        provider.registerInstance(service, "10.0.0.4", 8080);
        await().atMost(PUSH_TIMEOUT).until(() -> pushes.latestAddresses().contains("10.0.0.4:8080"));

        provider.deregisterInstance(service, "10.0.0.4", 8080);

        await().atMost(PUSH_TIMEOUT).until(() -> pushes.latest().orElseThrow().isEmpty());
        assertThat(server.naming().instances("", "", service)).isEmpty();
    }

    @Test
    void subscribingToAServiceWithoutInstancesGivesNoCallback() throws Exception {
        String service = Names.unique("empty");
        String marker = Names.unique("marker");
        NamingService consumer = clients.create(server.serverAddr());
        NamingService provider = clients.create(server.serverAddr());
        PushRecorder emptyPushes = new PushRecorder();
        PushRecorder markerPushes = new PushRecorder();

        consumer.subscribe(service, emptyPushes);
        await().atMost(PUSH_TIMEOUT).until(() -> server.naming().subscriberCount("", "", service) == 1);
        // The subscription's initial push to the empty service has been handled once a later push arrived.
        consumer.subscribe(marker, markerPushes);
        provider.registerInstance(marker, "10.0.0.5", 8080);
        await().atMost(PUSH_TIMEOUT).until(() -> markerPushes.count() > 0);

        assertThat(emptyPushes.events()).isEmpty();
    }

    @Test
    void secondRegistrationFromTheSameClientReplacesTheFirst() throws Exception {
        String service = Names.unique("replace");
        NamingService provider = clients.create(server.serverAddr());
        NamingService consumer = clients.create(server.serverAddr());
        PushRecorder pushes = new PushRecorder();
        consumer.subscribe(service, pushes);

        provider.registerInstance(service, "10.0.1.1", 8080);
        provider.registerInstance(service, "10.0.1.2", 8080);

        await().atMost(PUSH_TIMEOUT).until(() -> pushes.latestAddresses().equals(List.of("10.0.1.2:8080")));
        assertThat(server.naming().instances("", "", service))
                .extracting(Instance::getIp)
                .containsExactly("10.0.1.2");
    }

    @Test
    void instancesOfOneServiceFromSeveralClientsAreAllKept() throws Exception {
        String service = Names.unique("several-clients");
        NamingService first = clients.create(server.serverAddr());
        NamingService second = clients.create(server.serverAddr());

        first.registerInstance(service, "10.0.1.3", 8080);
        second.registerInstance(service, "10.0.1.4", 8080);

        assertThat(first.getAllInstances(service, false))
                .extracting(Instance::getIp)
                .containsExactlyInAnyOrder("10.0.1.3", "10.0.1.4");
    }

    @Test
    void batchRegisterKeepsEveryInstanceOfTheClient() throws Exception {
        String service = Names.unique("batch");
        NamingService provider = clients.create(server.serverAddr());
        NamingService consumer = clients.create(server.serverAddr());
        PushRecorder pushes = new PushRecorder();
        consumer.subscribe(service, pushes);

        provider.batchRegisterInstance(
                service,
                "DEFAULT_GROUP",
                List.of(instance("10.0.2.1", 8080), instance("10.0.2.2", 8080), instance("10.0.2.3", 8080)));

        await().atMost(PUSH_TIMEOUT).until(() -> pushes.latestAddresses().size() == 3);
        assertThat(pushes.latestAddresses())
                .containsExactlyInAnyOrder("10.0.2.1:8080", "10.0.2.2:8080", "10.0.2.3:8080");
    }

    @Test
    void batchDeregisterRemovesOnlyTheNamedInstances() throws Exception {
        String service = Names.unique("batch-deregister");
        NamingService provider = clients.create(server.serverAddr());
        provider.batchRegisterInstance(
                service, "DEFAULT_GROUP", List.of(instance("10.0.2.4", 8080), instance("10.0.2.5", 8080)));

        provider.batchDeregisterInstance(service, "DEFAULT_GROUP", List.of(instance("10.0.2.4", 8080)));

        assertThat(server.naming().instances("", "", service))
                .extracting(Instance::getIp)
                .containsExactly("10.0.2.5");
    }

    @Test
    void disabledInstancesAreLeftOutOfPushesAndQueries() throws Exception {
        String service = Names.unique("disabled");
        NamingService provider = clients.create(server.serverAddr());
        NamingService other = clients.create(server.serverAddr());
        NamingService consumer = clients.create(server.serverAddr());
        PushRecorder pushes = new PushRecorder();
        consumer.subscribe(service, pushes);

        Instance disabled = instance("10.0.3.1", 8080);
        disabled.setEnabled(false);
        provider.registerInstance(service, disabled);
        other.registerInstance(service, "10.0.3.2", 8080);

        await().atMost(PUSH_TIMEOUT).until(() -> pushes.latestAddresses().equals(List.of("10.0.3.2:8080")));
        assertThat(consumer.getAllInstances(service, false))
                .extracting(Instance::getIp)
                .containsExactly("10.0.3.2");
        assertThat(server.naming().instances("", "", service))
                .extracting(Instance::getIp)
                .containsExactlyInAnyOrder("10.0.3.1", "10.0.3.2");
    }

    @Test
    void unhealthyInstancesArePushedAsUnhealthy() throws Exception {
        String service = Names.unique("unhealthy");
        NamingService provider = clients.create(server.serverAddr());
        NamingService consumer = clients.create(server.serverAddr());
        PushRecorder pushes = new PushRecorder();
        consumer.subscribe(service, pushes);

        Instance unhealthy = instance("10.0.3.3", 8080);
        unhealthy.setHealthy(false);
        provider.registerInstance(service, unhealthy);

        await().atMost(PUSH_TIMEOUT).until(() -> pushes.latestAddresses().contains("10.0.3.3:8080"));
        assertThat(pushes.latest().orElseThrow().get(0).isHealthy()).isFalse();
    }

    @Test
    void clientShutdownWithoutDeregisteringRemovesItsInstances() throws Exception {
        String service = Names.unique("shutdown");
        NamingService provider = clients.create(server.serverAddr());
        NamingService consumer = clients.create(server.serverAddr());
        PushRecorder pushes = new PushRecorder();
        consumer.subscribe(service, pushes);
        provider.registerInstance(service, "10.0.4.1", 8080);
        await().atMost(PUSH_TIMEOUT).until(() -> pushes.latestAddresses().contains("10.0.4.1:8080"));

        clients.shutDown(provider);

        await().atMost(PUSH_TIMEOUT).until(() -> pushes.latest().orElseThrow().isEmpty());
        assertThat(server.naming().instances("", "", service)).isEmpty();
    }

    @Test
    void unsubscribeRemovesTheSubscription() throws Exception {
        String service = Names.unique("unsubscribe");
        NamingService provider = clients.create(server.serverAddr());
        NamingService consumer = clients.create(server.serverAddr());
        PushRecorder pushes = new PushRecorder();
        consumer.subscribe(service, pushes);
        provider.registerInstance(service, "10.0.4.2", 8080);
        await().atMost(PUSH_TIMEOUT).until(() -> pushes.count() == 1);

        consumer.unsubscribe(service, pushes);

        assertThat(server.naming().subscriberCount("", "", service)).isZero();
    }

    @Test
    void queryFiltersByClusterAndHealth() throws Exception {
        String service = Names.unique("query");
        NamingService a = clients.create(server.serverAddr());
        NamingService b = clients.create(server.serverAddr());
        NamingService c = clients.create(server.serverAddr());
        NamingService consumer = clients.create(server.serverAddr());
        a.registerInstance(service, "10.0.5.1", 8080, "east");
        b.registerInstance(service, "10.0.5.2", 8080, "west");
        Instance sick = instance("10.0.5.3", 8080);
        sick.setClusterName("east");
        sick.setHealthy(false);
        c.registerInstance(service, sick);

        List<Instance> east = consumer.getAllInstances(service, List.of("east"), false);
        List<Instance> healthyEast = consumer.selectInstances(service, List.of("east"), true, false);

        assertThat(east).extracting(Instance::getIp).containsExactlyInAnyOrder("10.0.5.1", "10.0.5.3");
        assertThat(healthyEast).extracting(Instance::getIp).containsExactly("10.0.5.1");
    }

    @Test
    void serviceListIsPagedPerGroup() throws Exception {
        String group = Names.unique("list-group");
        NamingService provider = clients.create(server.serverAddr());
        for (int i = 0; i < 5; i++) {
            NamingService each = clients.create(server.serverAddr());
            each.registerInstance("svc-" + i, group, "10.0.6." + i, 8080);
        }

        ListView<String> firstPage = provider.getServicesOfServer(1, 2, group);
        ListView<String> lastPage = provider.getServicesOfServer(3, 2, group);

        assertThat(firstPage.getCount()).isEqualTo(5);
        assertThat(firstPage.getData()).containsExactly("svc-0", "svc-1");
        assertThat(lastPage.getData()).containsExactly("svc-4");
    }

    @Test
    void persistentInstancesRegisterOverGrpcAndOutliveTheirClient() throws Exception {
        String service = Names.unique("persistent");
        NamingService provider = clients.create(server.serverAddr());
        Instance persistent = instance("10.0.7.1", 8080);
        persistent.setEphemeral(false);

        provider.registerInstance(service, persistent);
        clients.shutDown(provider);

        assertThat(server.naming().instances("", "", service))
                .singleElement()
                .satisfies(i -> assertThat(i.isEphemeral()).isFalse());
    }

    private static Instance instance(String ip, int port) {
        Instance instance = new Instance();
        instance.setIp(ip);
        instance.setPort(port);
        return instance;
    }
}
