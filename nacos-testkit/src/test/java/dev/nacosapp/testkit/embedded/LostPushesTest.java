package dev.nacosapp.testkit.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.alibaba.nacos.api.naming.NamingService;
import com.alibaba.nacos.api.naming.pojo.Instance;
import dev.nacosapp.testkit.support.Names;
import dev.nacosapp.testkit.support.NamingClients;
import dev.nacosapp.testkit.support.PushRecorder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code losePushes} / {@code deliverPushes} driven with the real nacos-client.
 *
 * <p>"The listener heard nothing" is shown without waiting a fixed time: after the change whose push must be lost,
 * a service whose pushes are delivered changes too, and the same client's listener of that service is awaited.
 * Both pushes are scheduled with the same delay on the server's one push thread, so the lost one would have left
 * first, on the same stream, and the client hands both to its listeners in order through one event queue.
 */
class LostPushesTest {

    private static final Duration PUSH_TIMEOUT = Duration.ofSeconds(10);

    // The client's redo task runs every 3 s; reconnecting adds a little.
    private static final Duration REDO_TIMEOUT = Duration.ofSeconds(30);

    private final NamingClients clients = new NamingClients();

    private EmbeddedNacosServer server;

    @BeforeEach
    void startServer() {
        // Every push leaves as soon as its change is made, in the order of the changes.
        server = EmbeddedNacosServer.builder().pushDelay(Duration.ZERO).build().start();
    }

    @AfterEach
    void stopAll() throws Exception {
        clients.close();
        server.close();
    }

    @Test
    void aLostPushNeverReachesTheListenerWhileQueriesAnswerTheNewInstance() throws Exception {
        String lost = Names.unique("lost");
        String control = Names.unique("lost-control");
        NamingService provider = clients.create(server.serverAddr());
        NamingService consumer = clients.create(server.serverAddr());
        PushRecorder lostPushes = new PushRecorder();
        PushRecorder controlPushes = new PushRecorder();
        server.faults().losePushes("", "", lost);
        consumer.subscribe(lost, lostPushes);
        consumer.subscribe(control, controlPushes);

        provider.registerInstance(lost, "10.4.1.1", 8080);
        provider.registerInstance(control, "10.4.1.2", 8080);

        await().atMost(PUSH_TIMEOUT).until(() -> controlPushes.latestAddresses().contains("10.4.1.2:8080"));
        assertThat(lostPushes.events()).isEmpty();
        assertThat(consumer.getAllInstances(lost, false))
                .extracting(Instance::getIp)
                .containsExactly("10.4.1.1");
        assertThat(server.naming().subscriberCount("", "", lost)).isEqualTo(1);
        assertThat(server.faults().lostPushCount("", "", lost))
                .as("the push that follows the subscription and the push of the new instance")
                .isEqualTo(2);
        assertThat(server.faults().lostPushCount("", "", control)).isZero();
    }

    @Test
    void afterDeliverPushesNothingLostIsResentAndTheNextChangeBringsTheWholeList() throws Exception {
        String lost = Names.unique("delivered");
        String control = Names.unique("delivered-control");
        NamingService first = clients.create(server.serverAddr());
        NamingService second = clients.create(server.serverAddr());
        NamingService consumer = clients.create(server.serverAddr());
        PushRecorder lostPushes = new PushRecorder();
        PushRecorder controlPushes = new PushRecorder();
        server.faults().losePushes("", "", lost);
        consumer.subscribe(lost, lostPushes);
        consumer.subscribe(control, controlPushes);
        first.registerInstance(lost, "10.4.2.1", 8080);
        await().atMost(PUSH_TIMEOUT).until(() -> server.faults().lostPushCount("", "", lost) == 2);

        server.faults().deliverPushes("", "", lost);

        first.registerInstance(control, "10.4.2.9", 8080);
        await().atMost(PUSH_TIMEOUT).until(() -> controlPushes.count() == 1);
        assertThat(lostPushes.events()).as("deliverPushes sends nothing again").isEmpty();
        second.registerInstance(lost, "10.4.2.2", 8080);
        await().atMost(PUSH_TIMEOUT).until(() -> lostPushes.count() == 1);
        assertThat(lostPushes.latestAddresses()).containsExactlyInAnyOrder("10.4.2.1:8080", "10.4.2.2:8080");
        assertThat(server.faults().lostPushCount("", "", lost)).isEqualTo(2);
    }

    @Test
    void onlyTheNamedServiceIsLostNotTheSameNameInAnotherGroupNorOtherSubscribersServices() throws Exception {
        String service = Names.unique("lost-one");
        String otherGroup = "OTHER_GROUP";
        NamingService provider = clients.create(server.serverAddr());
        NamingService consumer = clients.create(server.serverAddr());
        NamingService otherConsumer = clients.create(server.serverAddr());
        PushRecorder lostPushes = new PushRecorder();
        PushRecorder otherGroupPushes = new PushRecorder();
        PushRecorder otherConsumerPushes = new PushRecorder();
        String otherService = Names.unique("lost-one-other");
        server.faults().losePushes("public", "DEFAULT_GROUP", service);
        consumer.subscribe(service, lostPushes);
        consumer.subscribe(service, otherGroup, otherGroupPushes);
        otherConsumer.subscribe(otherService, otherConsumerPushes);

        provider.registerInstance(service, "10.4.3.1", 8080);
        provider.registerInstance(service, otherGroup, "10.4.3.2", 8080);
        provider.registerInstance(otherService, "10.4.3.3", 8080);

        await().atMost(PUSH_TIMEOUT)
                .until(() -> otherGroupPushes.latestAddresses().contains("10.4.3.2:8080"));
        await().atMost(PUSH_TIMEOUT)
                .until(() -> otherConsumerPushes.latestAddresses().contains("10.4.3.3:8080"));
        assertThat(lostPushes.events()).isEmpty();
        assertThat(server.faults().lostPushCount("", otherGroup, service)).isZero();
        assertThat(server.faults().lostPushCount("", "", otherService)).isZero();
        assertThat(server.faults().lostPushCount("", "", service)).isEqualTo(2);
    }

    @Test
    void anEmptyPushOfALostServiceIsLostToo() throws Exception {
        String lost = Names.unique("lost-empty");
        String control = Names.unique("lost-empty-control");
        NamingService provider = clients.create(server.serverAddr());
        NamingService consumer = clients.create(server.serverAddr());
        PushRecorder lostPushes = new PushRecorder();
        PushRecorder controlPushes = new PushRecorder();
        consumer.subscribe(lost, lostPushes);
        consumer.subscribe(control, controlPushes);
        provider.registerInstance(lost, "10.4.4.1", 8080);
        await().atMost(PUSH_TIMEOUT).until(() -> lostPushes.latestAddresses().contains("10.4.4.1:8080"));
        server.faults().losePushes("", "", lost);
        long lostBefore = server.faults().lostPushCount("", "", lost);

        server.faults().pushEmpty("", "", lost);
        provider.registerInstance(control, "10.4.4.2", 8080);

        await().atMost(PUSH_TIMEOUT).until(() -> controlPushes.count() == 1);
        assertThat(lostPushes.latestAddresses()).containsExactly("10.4.4.1:8080");
        assertThat(server.faults().lostPushCount("", "", lost)).isEqualTo(lostBefore + 1);
    }

    @Test
    void pushesStayLostAcrossARestartSoTheRedoneSubscriberKeepsItsOldList() throws Exception {
        String lost = Names.unique("lost-restart");
        String control = Names.unique("lost-restart-control");
        NamingService provider = clients.create(server.serverAddr());
        NamingService consumer = clients.create(server.serverAddr());
        PushRecorder lostPushes = new PushRecorder();
        PushRecorder controlPushes = new PushRecorder();
        consumer.subscribe(lost, lostPushes);
        consumer.subscribe(control, controlPushes);
        provider.registerInstance(lost, "10.4.5.1", 8080);
        await().atMost(PUSH_TIMEOUT).until(() -> lostPushes.latestAddresses().contains("10.4.5.1:8080"));
        server.faults().losePushes("", "", lost);

        server.restart();

        await().atMost(REDO_TIMEOUT)
                .until(() -> server.naming().instances("", "", lost).size() == 1);
        await().atMost(REDO_TIMEOUT).until(() -> server.naming().subscriberCount("", "", control) == 1);
        await().atMost(REDO_TIMEOUT).until(() -> server.naming().subscriberCount("", "", lost) == 1);
        NamingService newcomer = clients.create(server.serverAddr());
        newcomer.registerInstance(lost, "10.4.5.2", 8080);
        newcomer.registerInstance(control, "10.4.5.3", 8080);
        await().atMost(PUSH_TIMEOUT).until(() -> controlPushes.latestAddresses().contains("10.4.5.3:8080"));
        assertThat(lostPushes.events()).extracting(PushRecorder::addresses).containsExactly(List.of("10.4.5.1:8080"));
        assertThat(consumer.getAllInstances(lost, false)).hasSize(2);
        assertThat(server.faults().lostPushCount("", "", lost)).isPositive();
    }
}
