package dev.nacosapp.benchmarks.footprint;

import com.alibaba.nacos.api.exception.NacosException;
import com.alibaba.nacos.api.naming.NamingFactory;
import com.alibaba.nacos.api.naming.NamingService;
import com.alibaba.nacos.api.naming.pojo.Instance;
import dev.nacosapp.benchmarks.fixture.Instances;
import java.util.ArrayList;
import java.util.List;

/**
 * The providers the footprint consumers subscribe to, registered from the harness: many small applications from one
 * nacos-client, and the one large application from several (Nacos keeps one batch per connection and service; a
 * batch of 1,000 keeps each request well under the gRPC message limit). Closing it shuts the clients down, which
 * removes their ephemeral instances.
 */
final class Population implements AutoCloseable {
    private static final int BATCH = 1000;
    private static final int SMALL_APP_FIRST_PORT = 21000;
    private static final int LARGE_APP_FIRST_PORT = 30000;

    private final List<NamingService> clients = new ArrayList<>();

    static Population register(String serverAddr, int smallApps, List<Integer> largeApps) throws NacosException {
        Population population = new Population();
        try {
            NamingService small = population.client(serverAddr);
            for (int app = 0; app < smallApps; app++) {
                small.batchRegisterInstance(
                        Scenario.smallApp(app),
                        "DEFAULT_GROUP",
                        Instances.toRegister(Scenario.SMALL_APP_INSTANCES, SMALL_APP_FIRST_PORT));
            }
            for (int size : largeApps) {
                for (int first = 0; first < size; first += BATCH) {
                    List<Instance> batch = Instances.toRegister(Math.min(BATCH, size - first), 0);
                    for (int i = 0; i < batch.size(); i++) {
                        // 50,000 instances need more addresses than one host has ports: documentation addresses
                        // (RFC 5737), registered as data only; nothing connects to them.
                        int n = first + i;
                        batch.get(i).setIp("198.51.100." + (1 + n % 250));
                        batch.get(i).setPort(LARGE_APP_FIRST_PORT + n / 250);
                    }
                    population
                            .client(serverAddr)
                            .batchRegisterInstance(Scenario.largeApp(size), "DEFAULT_GROUP", batch);
                }
            }
            return population;
        } catch (NacosException | RuntimeException e) {
            population.close();
            throw e;
        }
    }

    private NamingService client(String serverAddr) throws NacosException {
        NamingService client = NamingFactory.createNamingService(serverAddr);
        clients.add(client);
        return client;
    }

    @Override
    public void close() {
        for (NamingService client : clients) {
            try {
                client.shutDown();
            } catch (NacosException e) {
                System.err.println("Closing a footprint provider client failed: " + e);
            }
        }
    }
}
