package dev.nacosapp.testkit.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.alibaba.nacos.api.naming.NamingService;
import com.alibaba.nacos.api.naming.pojo.Instance;
import dev.nacosapp.testkit.http.InstanceUpdate;
import dev.nacosapp.testkit.http.NacosHttpClients;
import dev.nacosapp.testkit.http.RegisteredInstance;
import dev.nacosapp.testkit.support.NamingClients;
import dev.nacosapp.testkit.support.PushRecorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The order in which the server lists a service's instances. A Nacos server collects them in a {@link HashSet} of
 * {@link Instance} ({@code ServiceStorage#getAllInstancesFromIndex}, 2.5.1 and 3.0.3), whose hash is that of the
 * instance's {@code toString()}: every reader (pushes, gRPC queries, the HTTP lists) gets that set's order, not the
 * order of registration, and a changed instance can take another place. Code that relies on registration order
 * works against an embedded server that keeps it and breaks against a real one.
 *
 * <p>The expected orders come from the rule itself ({@link #nacosOrder}), not from the embedded server.
 */
class InstanceOrderTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final String IP = "10.7.0.1";

    private static final List<Integer> REGISTRATION_ORDER =
            IntStream.rangeClosed(1001, 1006).boxed().toList();

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
    void everyReaderGetsNacosHashOrderNotRegistrationOrder() throws Exception {
        String service = "order-of-six";
        List<Integer> expected = nacosOrder(service, Map.of());
        assertThat(expected).as("the rule's order for these names").isNotEqualTo(REGISTRATION_ORDER);
        NamingService provider = clients.create(server.serverAddr());
        NamingService consumer = clients.create(server.serverAddr());
        PushRecorder pushes = new PushRecorder();
        consumer.subscribe(service, pushes);

        provider.batchRegisterInstance(service, "DEFAULT_GROUP", instances(REGISTRATION_ORDER));

        await().atMost(TIMEOUT)
                .untilAsserted(() ->
                        assertThat(ports(pushes.latest().orElse(List.of()))).isEqualTo(expected));
        assertThat(ports(consumer.getAllInstances(service, false)))
                .as("gRPC query")
                .isEqualTo(expected);
        assertThat(ports(server.naming().instances("", "", service)))
                .as("accessor")
                .isEqualTo(expected);
        assertThat(httpPorts(NacosHttpClients.create(server.serverAddr()).instances("", "", service)))
                .as("HTTP v1 list")
                .isEqualTo(expected);
    }

    @Test
    void anInstanceWhoseWeightChangesTakesItsNewPlace() throws Exception {
        String service = "order-after-edit";
        int edited = 1004;
        List<Integer> before = nacosOrder(service, Map.of());
        List<Integer> after = nacosOrder(service, Map.of(edited, 2.0));
        assertThat(after.indexOf(edited)).as("the rule moves it").isNotEqualTo(before.indexOf(edited));
        NamingService provider = clients.create(server.serverAddr());
        NamingService consumer = clients.create(server.serverAddr());
        PushRecorder pushes = new PushRecorder();
        consumer.subscribe(service, pushes);
        provider.batchRegisterInstance(service, "DEFAULT_GROUP", instances(REGISTRATION_ORDER));
        await().atMost(TIMEOUT)
                .untilAsserted(() ->
                        assertThat(ports(pushes.latest().orElse(List.of()))).isEqualTo(before));

        NacosHttpClients.create(server.serverAddr())
                .updateInstance("", "", service, InstanceUpdate.of(IP, edited).withWeight(2.0));

        await().atMost(TIMEOUT)
                .untilAsserted(() ->
                        assertThat(ports(pushes.latest().orElse(List.of()))).isEqualTo(after));
        assertThat(ports(consumer.getAllInstances(service, false))).isEqualTo(after);
    }

    /**
     * The order Nacos serves instances that carry no metadata in: each made as {@code InstanceUtil
     * .parseToApiInstance} makes it (with the console weight laid over it), collected in a {@link HashSet}.
     */
    private static List<Integer> nacosOrder(String service, Map<Integer, Double> editedWeights) {
        Set<Instance> collected = new HashSet<>();
        for (int port : REGISTRATION_ORDER) {
            Instance instance = new Instance();
            // The id a real Nacos gives an instance sent without a cluster.
            instance.setInstanceId(IP + "#" + port + "#null#DEFAULT_GROUP@@" + service);
            instance.setIp(IP);
            instance.setPort(port);
            instance.setWeight(editedWeights.getOrDefault(port, 1.0));
            instance.setHealthy(true);
            instance.setEnabled(true);
            instance.setEphemeral(true);
            instance.setClusterName("DEFAULT");
            instance.setServiceName("DEFAULT_GROUP@@" + service);
            instance.setMetadata(new HashMap<>());
            collected.add(instance);
        }
        return ports(new ArrayList<>(collected));
    }

    private static List<Instance> instances(List<Integer> ports) {
        List<Instance> instances = new ArrayList<>();
        for (int port : ports) {
            Instance instance = new Instance();
            instance.setIp(IP);
            instance.setPort(port);
            instances.add(instance);
        }
        return instances;
    }

    private static List<Integer> ports(List<Instance> instances) {
        return instances.stream().map(Instance::getPort).toList();
    }

    private static List<Integer> httpPorts(List<RegisteredInstance> instances) {
        return instances.stream().map(RegisteredInstance::port).toList();
    }
}
