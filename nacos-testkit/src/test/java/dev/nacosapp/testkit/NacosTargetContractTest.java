package dev.nacosapp.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.alibaba.nacos.api.naming.NamingService;
import com.alibaba.nacos.api.naming.pojo.Instance;
import dev.nacosapp.testkit.embedded.EmbeddedNacosServer;
import dev.nacosapp.testkit.http.InstanceUpdate;
import dev.nacosapp.testkit.http.RegisteredInstance;
import dev.nacosapp.testkit.junit.WithNacos;
import dev.nacosapp.testkit.server.NacosTarget;
import dev.nacosapp.testkit.support.Names;
import dev.nacosapp.testkit.support.NamingClients;
import dev.nacosapp.testkit.support.PushRecorder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Runs unchanged against whichever target {@code nacos.target} selects: {@code embedded} (default), {@code container}
 * or {@code external}. Faults a target cannot produce skip with the reason.
 */
@WithNacos
class NacosTargetContractTest {

    // Real servers batch pushes for ~0.5 s and their open API can lag; the client's redo runs every 3 s.
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final NamingClients clients = new NamingClients();

    private final NacosTarget nacos;

    NacosTargetContractTest(NacosTarget nacos) {
        this.nacos = nacos;
    }

    @AfterEach
    void shutDownClients() throws Exception {
        clients.close();
    }

    @Test
    void registeredInstancesArePushedAndListedOverHttp() throws Exception {
        String service = Names.unique("contract");
        NamingService provider = clients.create(nacos.clientProperties());
        NamingService consumer = clients.create(nacos.clientProperties());
        PushRecorder pushes = new PushRecorder();
        consumer.subscribe(service, pushes);

        provider.registerInstance(service, "10.9.0.1", 8080);

        await().atMost(TIMEOUT).until(() -> pushes.latestAddresses().contains("10.9.0.1:8080"));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(nacos.http().instances("", "", service))
                .extracting(RegisteredInstance::instanceId)
                .containsExactly("10.9.0.1#8080#DEFAULT#DEFAULT_GROUP@@" + service));
        assertThat(nacos.http().services("", "", 1, 1000).names()).contains(service);
    }

    @Test
    void consoleEditsArePushedToSubscribers() throws Exception {
        String service = Names.unique("contract-edit");
        NamingService provider = clients.create(nacos.clientProperties());
        NamingService consumer = clients.create(nacos.clientProperties());
        PushRecorder pushes = new PushRecorder();
        consumer.subscribe(service, pushes);
        provider.registerInstance(service, "10.9.1.1", 8080);
        await().atMost(TIMEOUT).until(() -> pushes.latestAddresses().contains("10.9.1.1:8080"));

        nacos.http()
                .updateInstance(
                        "",
                        "",
                        service,
                        InstanceUpdate.of("10.9.1.1", 8080).withWeight(3).withMetadata(Map.of("edited", "yes")));

        await().atMost(TIMEOUT).until(() -> pushes.latest().orElseThrow().stream()
                .anyMatch(i ->
                        i.getWeight() == 3.0 && "yes".equals(i.getMetadata().get("edited"))));
    }

    @Test
    void deregistrationPushesAnEmptyList() throws Exception {
        String service = Names.unique("contract-deregister");
        NamingService provider = clients.create(nacos.clientProperties());
        NamingService consumer = clients.create(nacos.clientProperties());
        PushRecorder pushes = new PushRecorder();
        consumer.subscribe(service, pushes);
        provider.registerInstance(service, "10.9.2.1", 8080);
        await().atMost(TIMEOUT).until(() -> pushes.latestAddresses().contains("10.9.2.1:8080"));

        provider.deregisterInstance(service, "10.9.2.1", 8080);

        await().atMost(TIMEOUT).until(() -> pushes.latest().orElseThrow().isEmpty());
    }

    @Test
    void afterARestartTheClientRedoRestoresItsInstance() throws Exception {
        String service = Names.unique("contract-restart");
        NamingService provider = clients.create(nacos.clientProperties());
        provider.registerInstance(service, "10.9.3.1", 8080);
        await().atMost(TIMEOUT)
                .until(() -> nacos.http().instances("", "", service).size() == 1);

        nacos.restart();

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(nacos.http().instances("", "", service))
                .extracting(RegisteredInstance::address)
                .containsExactly("10.9.3.1:8080"));
    }

    @Test
    void pausedPushesNeedTheEmbeddedServer() throws Exception {
        EmbeddedNacosServer server = nacos.requireEmbedded("Pausing pushes");
        String service = Names.unique("contract-pause");
        NamingService provider = clients.create(nacos.clientProperties());
        NamingService consumer = clients.create(nacos.clientProperties());
        PushRecorder pushes = new PushRecorder();
        consumer.subscribe(service, pushes);
        await().atMost(TIMEOUT).until(() -> server.naming().subscriberCount("", "", service) == 1);

        server.faults().pausePushes();
        provider.registerInstance(service, "10.9.4.1", 8080);
        assertThat(server.naming().instances("", "", service))
                .extracting(Instance::getIp)
                .isEqualTo(List.of("10.9.4.1"));
        server.faults().resumePushes();

        await().atMost(TIMEOUT).until(() -> pushes.latestAddresses().contains("10.9.4.1:8080"));
    }
}
