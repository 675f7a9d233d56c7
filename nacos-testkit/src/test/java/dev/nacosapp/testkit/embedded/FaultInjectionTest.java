package dev.nacosapp.testkit.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.alibaba.nacos.api.exception.NacosException;
import com.alibaba.nacos.api.naming.NamingService;
import com.alibaba.nacos.api.naming.pojo.Instance;
import com.alibaba.nacos.api.naming.remote.NamingRemoteConstants;
import com.alibaba.nacos.api.naming.remote.request.BatchInstanceRequest;
import com.alibaba.nacos.api.naming.remote.request.InstanceRequest;
import com.alibaba.nacos.api.naming.remote.request.NotifySubscriberRequest;
import com.alibaba.nacos.api.naming.remote.request.SubscribeServiceRequest;
import com.alibaba.nacos.api.naming.remote.response.BatchInstanceResponse;
import com.alibaba.nacos.api.naming.remote.response.InstanceResponse;
import com.alibaba.nacos.api.remote.request.SetupAckRequest;
import com.alibaba.nacos.api.remote.response.Response;
import dev.nacosapp.testkit.support.Names;
import dev.nacosapp.testkit.support.NamingClients;
import dev.nacosapp.testkit.support.PushRecorder;
import dev.nacosapp.testkit.support.RawNacosConnection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each fault switch of the embedded server, driven with the real nacos-client. */
class FaultInjectionTest {

    private static final Duration PUSH_TIMEOUT = Duration.ofSeconds(10);

    // The client's redo task runs every 3 s; reconnecting adds a little.
    private static final Duration REDO_TIMEOUT = Duration.ofSeconds(30);

    // A "nothing arrives for this long" wait may overrun its window by this much on a loaded 2-core machine before
    // it fails: each of these conditions can only turn false for good, so the slack never hides a broken switch.
    private static final Duration QUIET_SLACK = Duration.ofSeconds(5);

    // Longer than a client needs to reconnect to an instantly restarted server and redo (every 3 s), plus the push.
    private static final Duration REGISTRATION_HOLD = Duration.ofSeconds(6);

    private final NamingClients clients = new NamingClients();

    private EmbeddedNacosServer server;

    @BeforeEach
    void startServer() {
        server = EmbeddedNacosServer.builder().build().start();
    }

    @AfterEach
    void stopAll() throws Exception {
        clients.close();
        server.close();
    }

    @Test
    void restartKeepsThePortsAndLosesEveryInstance() throws Exception {
        int httpPort = server.httpPort();
        String service = Names.unique("restart-state");
        try (RawNacosConnection raw = new RawNacosConnection(server.grpcPort())) {
            raw.serverCheck();
            raw.setUp();
            await().atMost(PUSH_TIMEOUT).until(() -> server.clients().connectionCount() == 1);
            raw.request(new InstanceRequest(
                    "", service, "", NamingRemoteConstants.REGISTER_INSTANCE, instance("10.3.0.1", 8080)));
            assertThat(server.naming().instances("", "", service)).hasSize(1);

            server.restart();

            assertThat(server.httpPort()).isEqualTo(httpPort);
            assertThat(server.naming().instances("", "", service)).isEmpty();
            assertThat(server.clients().connectionCount()).isZero();
        }
    }

    @Test
    void afterRestartTheClientRedoBringsRegistrationsAndSubscriptionsBack() throws Exception {
        String service = Names.unique("restart-redo");
        NamingService provider = clients.create(server.serverAddr());
        NamingService consumer = clients.create(server.serverAddr());
        PushRecorder pushes = new PushRecorder();
        consumer.subscribe(service, pushes);
        provider.registerInstance(service, "10.3.1.1", 8080);
        await().atMost(PUSH_TIMEOUT).until(() -> pushes.latestAddresses().contains("10.3.1.1:8080"));

        server.restart();

        await().atMost(REDO_TIMEOUT)
                .until(() -> server.naming().instances("", "", service).size() == 1);
        await().atMost(REDO_TIMEOUT).until(() -> server.naming().subscriberCount("", "", service) == 1);
        NamingService newcomer = clients.create(server.serverAddr());
        newcomer.registerInstance(service, "10.3.1.2", 8080);
        await().atMost(PUSH_TIMEOUT)
                .until(() -> pushes.latestAddresses().containsAll(List.of("10.3.1.1:8080", "10.3.1.2:8080")));
    }

    @Test
    void withARegistrationHoldASubscriberThatStaysUpSeesAnEmptyListThenTheInstanceAgain() throws Exception {
        String service = Names.unique("restart-hold");
        NamingService provider = clients.create(server.serverAddr());
        NamingService consumer = clients.create(server.serverAddr());
        PushRecorder pushes = new PushRecorder();
        consumer.subscribe(service, pushes);
        provider.registerInstance(service, "10.3.7.1", 8080);
        await().atMost(PUSH_TIMEOUT).until(() -> pushes.latestAddresses().contains("10.3.7.1:8080"));
        int beforeRestart = pushes.count();
        server.faults().setRegistrationHoldAfterRestart(REGISTRATION_HOLD);

        server.restart();

        await().atMost(REDO_TIMEOUT.plus(REGISTRATION_HOLD))
                .untilAsserted(() -> assertThat(pushes.events().subList(beforeRestart, pushes.count()))
                        .extracting(PushRecorder::addresses)
                        .containsExactly(List.of(), List.of("10.3.7.1:8080")));
        assertThat(server.faults().isHoldingRegistrations()).isFalse();
    }

    @Test
    void registrationsHeldAfterARestartAreRefusedAsNacosTpsControlRefusesThemWhileSubscriptionsAreAnswered()
            throws Exception {
        String service = Names.unique("hold-raw");
        // Far longer than the test: every registration below falls into the hold.
        server.faults().setRegistrationHoldAfterRestart(Duration.ofMinutes(5));
        server.restart();
        try (RawNacosConnection raw = new RawNacosConnection(server.grpcPort())) {
            raw.serverCheck();
            raw.setUp();
            raw.next(SetupAckRequest.class, PUSH_TIMEOUT);
            await().atMost(PUSH_TIMEOUT).until(() -> server.clients().connectionCount() == 1);

            Response registration = raw.request(new InstanceRequest(
                    "", service, "", NamingRemoteConstants.REGISTER_INSTANCE, instance("10.3.8.1", 8080)));
            Response batch = raw.request(new BatchInstanceRequest(
                    "",
                    service,
                    "",
                    NamingRemoteConstants.BATCH_REGISTER_INSTANCE,
                    List.of(instance("10.3.8.2", 8080))));
            Response subscription = raw.request(new SubscribeServiceRequest("", "", service, "", true));

            assertThat(List.of(registration, batch)).allSatisfy(refused -> {
                assertThat(refused.getErrorCode()).isEqualTo(NacosException.OVER_THRESHOLD);
                assertThat(refused.getMessage()).startsWith("Tps Flow restricted:");
            });
            assertThat(registration).isInstanceOf(InstanceResponse.class);
            assertThat(batch).isInstanceOf(BatchInstanceResponse.class);
            assertThat(subscription.isSuccess()).isTrue();
            assertThat(raw.next(NotifySubscriberRequest.class, PUSH_TIMEOUT)
                            .getServiceInfo()
                            .getHosts())
                    .isEmpty();
            assertThat(server.naming().instances("", "", service)).isEmpty();
        }
    }

    @Test
    void theRegistrationHoldAppliesToRestartsNotToTheFirstStart() throws Exception {
        String service = Names.unique("hold-first-start");
        try (EmbeddedNacosServer held = EmbeddedNacosServer.builder()
                .registrationHoldAfterRestart(Duration.ofMinutes(5))
                .build()
                .start()) {
            NamingService provider = clients.create(held.serverAddr());

            provider.registerInstance(service, "10.3.9.1", 8080);

            assertThat(held.naming().instances("", "", service)).hasSize(1);
            assertThat(held.faults().isHoldingRegistrations()).isFalse();
            held.stop();
            held.start();
            assertThat(held.faults().isHoldingRegistrations()).isTrue();
        }
    }

    @Test
    void droppedConnectionsLoseTheirInstancesAndClientsReconnectAndRedo() throws Exception {
        String service = Names.unique("drop");
        NamingService provider = clients.create(server.serverAddr());
        provider.registerInstance(service, "10.3.2.1", 8080);
        try (RawNacosConnection raw = new RawNacosConnection(server.grpcPort())) {
            raw.serverCheck();
            raw.setUp();
            await().atMost(PUSH_TIMEOUT).until(() -> server.clients().connectionCount() == 2);
            raw.request(new InstanceRequest(
                    "", service, "", NamingRemoteConstants.REGISTER_INSTANCE, instance("10.3.2.2", 8080)));

            int dropped = server.faults().dropAllConnections();

            assertThat(dropped).isEqualTo(2);
            // The hand-driven connection has no redo: its instance stays gone; nacos-client registers again.
            await().atMost(REDO_TIMEOUT).until(() -> server.naming().instances("", "", service).stream()
                    .map(Instance::getIp)
                    .toList()
                    .equals(List.of("10.3.2.1")));
            assertThat(server.clients().connectionCount()).isEqualTo(1);
        }
    }

    @Test
    void pausedPushesAreDeliveredOnResume() throws Exception {
        String service = Names.unique("pause");
        NamingService provider = clients.create(server.serverAddr());
        NamingService consumer = clients.create(server.serverAddr());
        PushRecorder pushes = new PushRecorder();
        consumer.subscribe(service, pushes);
        await().atMost(PUSH_TIMEOUT).until(() -> server.naming().subscriberCount("", "", service) == 1);

        server.faults().pausePushes();
        provider.registerInstance(service, "10.3.3.1", 8080);
        Duration quiet = Duration.ofMillis(500);
        await().during(quiet).atMost(quiet.plus(QUIET_SLACK)).until(() -> pushes.count() == 0);

        server.faults().resumePushes();

        await().atMost(PUSH_TIMEOUT).until(() -> pushes.latestAddresses().contains("10.3.3.1:8080"));
    }

    @Test
    void pushEmptySendsAnEmptyListWhileTheInstancesStay() throws Exception {
        String service = Names.unique("push-empty");
        NamingService provider = clients.create(server.serverAddr());
        NamingService consumer = clients.create(server.serverAddr());
        PushRecorder pushes = new PushRecorder();
        consumer.subscribe(service, pushes);
        provider.registerInstance(service, "10.3.4.1", 8080);
        await().atMost(PUSH_TIMEOUT).until(() -> pushes.latestAddresses().contains("10.3.4.1:8080"));

        server.faults().pushEmpty("", "", service);

        await().atMost(PUSH_TIMEOUT).until(() -> pushes.latest().orElseThrow().isEmpty());
        assertThat(server.naming().instances("", "", service)).hasSize(1);
        NamingService another = clients.create(server.serverAddr());
        another.registerInstance(service, "10.3.4.2", 8080);
        await().atMost(PUSH_TIMEOUT).until(() -> pushes.latestAddresses().size() == 2);
    }

    @Test
    void pushDelayHoldsPushesBackForThatLong() throws Exception {
        String service = Names.unique("delay");
        NamingService provider = clients.create(server.serverAddr());
        NamingService consumer = clients.create(server.serverAddr());
        PushRecorder pushes = new PushRecorder();
        consumer.subscribe(service, pushes);
        await().atMost(PUSH_TIMEOUT).until(() -> server.naming().subscriberCount("", "", service) == 1);

        // 3 s against a 0.8 s quiet window: a test thread stalled for up to 2 s still sees the window pass.
        server.faults().setPushDelay(Duration.ofSeconds(3));
        provider.registerInstance(service, "10.3.5.1", 8080);

        assertThat(server.faults().pushDelay()).isEqualTo(Duration.ofSeconds(3));
        Duration quiet = Duration.ofMillis(800);
        await().during(quiet).atMost(quiet.plus(QUIET_SLACK)).until(() -> pushes.count() == 0);
        await().atMost(PUSH_TIMEOUT).until(() -> pushes.latestAddresses().contains("10.3.5.1:8080"));
    }

    @Test
    void refusedRequestsFailAndTheClientRedoesTheRegistrationLater() throws Exception {
        String service = Names.unique("refuse");
        NamingService provider = clients.create(server.serverAddr());

        server.faults().refuseNextRequests(2);

        assertThatThrownBy(() -> provider.registerInstance(service, "10.3.6.1", 8080))
                .isInstanceOfSatisfying(
                        NacosException.class, e -> assertThat(e.getErrCode()).isEqualTo(NacosException.OVER_THRESHOLD));
        assertThatThrownBy(() -> provider.getAllInstances(service, false)).isInstanceOf(NacosException.class);
        assertThat(provider.getAllInstances(Names.unique("other"), false)).isEmpty();
        await().atMost(REDO_TIMEOUT)
                .until(() -> server.naming().instances("", "", service).size() == 1);
    }

    @Test
    void refusalsOfOneRequestTypeLeaveEveryOtherRequestAlone() throws Exception {
        String service = Names.unique("refuse-typed");
        NamingService client = clients.create(server.serverAddr());

        server.faults().refuseNextRequests(1, SubscribeServiceRequest.class);

        client.registerInstance(service, "10.3.7.1", 8080);
        assertThat(client.getAllInstances(service, false)).hasSize(1);
        assertThatThrownBy(() -> client.subscribe(service, new PushRecorder()))
                .isInstanceOfSatisfying(
                        NacosException.class, e -> assertThat(e.getErrCode()).isEqualTo(NacosException.OVER_THRESHOLD));
        String other = Names.unique("refuse-typed-other");
        client.subscribe(other, new PushRecorder());
        assertThat(server.naming().subscriberCount("", "", other))
                .as("only one subscription was refused")
                .isEqualTo(1);
        // nacos-client kept the refused subscription for its redo task.
        await().atMost(REDO_TIMEOUT).until(() -> server.naming().subscriberCount("", "", service) == 1);
    }

    @Test
    void countsConnectionsAndSubscribers() throws Exception {
        String service = Names.unique("counts");
        NamingService first = clients.create(server.serverAddr());
        NamingService second = clients.create(server.serverAddr());

        first.subscribe(service, new PushRecorder());
        second.subscribe(service, new PushRecorder());

        assertThat(server.clients().connectionCount()).isEqualTo(2);
        assertThat(server.naming().subscriberCount("", "", service)).isEqualTo(2);
    }

    private static Instance instance(String ip, int port) {
        Instance instance = new Instance();
        instance.setIp(ip);
        instance.setPort(port);
        return instance;
    }
}
