package dev.nacosapp.testkit.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.alibaba.nacos.api.naming.NamingService;
import com.alibaba.nacos.api.naming.pojo.Instance;
import dev.nacosapp.testkit.support.Names;
import dev.nacosapp.testkit.support.NamingClients;
import dev.nacosapp.testkit.support.PushRecorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * 10,000 instances and 500 subscriptions: every subscriber converges on the full lists and the server keeps its
 * few threads. Asserts behaviour only, no timings.
 */
class ScaleTest {

    private static final int PROVIDERS = 5;

    private static final int CONSUMERS = 5;

    private static final int SERVICES = 100;

    private static final int INSTANCES_PER_PROVIDER_AND_SERVICE = 20;

    private static final Duration CONVERGENCE_TIMEOUT = Duration.ofSeconds(60);

    private final NamingClients clients = new NamingClients();

    @AfterEach
    void shutDownClients() throws Exception {
        clients.close();
    }

    @Test
    void tenThousandInstancesAndFiveHundredSubscriptionsConverge() throws Exception {
        try (EmbeddedNacosServer server = EmbeddedNacosServer.builder().build().start()) {
            String group = Names.unique("scale");
            List<String> services = new ArrayList<>();
            for (int s = 0; s < SERVICES; s++) {
                services.add("svc-" + s);
            }
            List<PushRecorder> recorders = new ArrayList<>();
            for (int c = 0; c < CONSUMERS; c++) {
                NamingService consumer = clients.create(server.serverAddr());
                for (String service : services) {
                    PushRecorder recorder = new PushRecorder();
                    consumer.subscribe(service, group, recorder);
                    recorders.add(recorder);
                }
            }
            List<NamingService> providers = new ArrayList<>();
            for (int p = 0; p < PROVIDERS; p++) {
                NamingService provider = clients.create(server.serverAddr());
                providers.add(provider);
                for (String service : services) {
                    provider.batchRegisterInstance(service, group, instances(p, service));
                }
            }

            assertThat(server.naming().instanceCount())
                    .isEqualTo(PROVIDERS * SERVICES * INSTANCES_PER_PROVIDER_AND_SERVICE);
            assertThat(services)
                    .allSatisfy(service -> assertThat(server.naming().subscriberCount("", group, service))
                            .isEqualTo(CONSUMERS));
            int perService = PROVIDERS * INSTANCES_PER_PROVIDER_AND_SERVICE;
            await().atMost(CONVERGENCE_TIMEOUT).until(() -> recorders.stream()
                    .allMatch(r -> r.latestAddresses().size() == perService));
            assertThat(serverThreads()).isLessThanOrEqualTo(8);

            clients.shutDown(providers.get(0));

            int remaining = perService - INSTANCES_PER_PROVIDER_AND_SERVICE;
            await().atMost(CONVERGENCE_TIMEOUT).until(() -> recorders.stream()
                    .allMatch(r -> r.latestAddresses().size() == remaining));
            assertThat(server.naming().instanceCount()).isEqualTo(SERVICES * remaining);
        }
    }

    private static List<Instance> instances(int provider, String service) {
        List<Instance> result = new ArrayList<>();
        for (int i = 0; i < INSTANCES_PER_PROVIDER_AND_SERVICE; i++) {
            Instance instance = new Instance();
            instance.setIp("10.7." + provider + "." + i);
            instance.setPort(20000 + Integer.parseInt(service.substring(4)));
            result.add(instance);
        }
        return result;
    }

    private static long serverThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("nacos-testkit"))
                .count();
    }
}
