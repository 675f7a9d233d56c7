package dev.nacosapp.dubbo.discovery.internal.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.alibaba.nacos.api.config.ConfigService;
import com.alibaba.nacos.api.config.listener.AbstractListener;
import com.alibaba.nacos.api.exception.NacosException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The wrapper of a real nacos-client config service. nacos-client 2.5.1's config service starts a new connection for
 * a read or write after {@code shutDown()}, which nothing would ever close; so after its shutdown the wrapper must not
 * hand any call to it. Its listen loop can start one on its own after {@code shutDown()}; the sweeps the wrapper then
 * schedules shut the service down again when a config connection appeared in the JVM meanwhile. The config service
 * here only records the calls it gets (a proxy, so that the test compiles against both client lines, whose interfaces
 * differ); the JVM's config connections are a set the test changes, and the scheduled sweeps run when the test says.
 */
class NacosConfigOperationsTest {
    private final List<String> calls = new CopyOnWriteArrayList<>();
    /** The JVM's config connections, told apart by identity as the real ones are. */
    private final Set<Object> connections = identitySet(List.of(new Object()));

    private volatile boolean failShutdown;
    private volatile boolean raceShutdown;
    private final ConfigService recording = (ConfigService) Proxy.newProxyInstance(
            ConfigService.class.getClassLoader(), new Class<?>[] {ConfigService.class}, (proxy, method, args) -> {
                calls.add(method.getName());
                if (raceShutdown && method.getName().equals("shutDown")) {
                    // nacos-client's listen loop, caught by the shutdown, starts a connection meanwhile.
                    connections.add(new Object());
                }
                if (failShutdown && method.getName().equals("shutDown")) {
                    throw new NacosException(NacosException.SERVER_ERROR, "shutdown failed");
                }
                Class<?> type = method.getReturnType();
                return type == boolean.class ? Boolean.TRUE : null;
            });
    private final List<Runnable> sweeps = new ArrayList<>();
    private final List<Long> sweepDelays = new ArrayList<>();

    private final NacosConfigOperations operations = new NacosConfigOperations(
            recording,
            (sweep, delayMillis) -> {
                sweeps.add(sweep);
                sweepDelays.add(delayMillis);
            },
            () -> identitySet(connections));

    @Test
    void afterShutdownNoCallReachesNacosClient() throws Exception {
        operations.shutdown();
        calls.clear();

        assertThatThrownBy(() -> operations.getConfig("d", "g", 100))
                .isInstanceOf(NacosException.class)
                .hasMessageContaining("shut down");
        assertThatThrownBy(() -> operations.publishConfig("d", "g", "c")).isInstanceOf(NacosException.class);
        assertThatThrownBy(() -> operations.publishConfigCas("d", "g", "c", "m"))
                .isInstanceOf(NacosException.class);
        assertThatThrownBy(() -> operations.removeConfig("d", "g")).isInstanceOf(NacosException.class);
        AbstractListener listener = new AbstractListener() {
            @Override
            public void receiveConfigInfo(String content) {}
        };
        operations.addListener("d", "g", listener);
        operations.removeListener("d", "g", listener);

        assertThat(calls).isEmpty();
    }

    @Test
    void aConfigConnectionStartedAfterShutdownIsClosedByShuttingDownAgain() throws Exception {
        operations.shutdown();
        assertThat(calls).containsExactly("shutDown");
        assertThat(sweepDelays).containsExactly(1000L, 5000L, 15000L);

        sweeps.get(0).run();
        assertThat(calls).as("no connection appeared yet").containsExactly("shutDown");

        connections.add(new Object());
        sweeps.get(1).run();
        assertThat(calls).containsExactly("shutDown", "shutDown");
    }

    @Test
    void aConnectionStartedWhileShuttingDownIsClosedByTheFirstSweep() throws Exception {
        raceShutdown = true;
        operations.shutdown();
        raceShutdown = false;

        sweeps.get(0).run();

        assertThat(calls).containsExactly("shutDown", "shutDown");
    }

    @Test
    void aSweepThatFailsToShutDownLogsAndLetsTheNextOneTry() throws Exception {
        operations.shutdown();
        connections.add(new Object());
        failShutdown = true;

        sweeps.forEach(Runnable::run);

        assertThat(calls).filteredOn("shutDown"::equals).hasSize(1 + sweeps.size());
    }

    @Test
    void beforeShutdownEveryCallIsNacosClients() throws Exception {
        operations.getConfig("d", "g", 100);
        operations.publishConfig("d", "g", "c");

        assertThat(calls).containsExactly("getConfig", "publishConfig");
    }

    private static Set<Object> identitySet(Collection<Object> members) {
        Set<Object> set = Collections.newSetFromMap(new IdentityHashMap<>());
        set.addAll(members);
        return set;
    }
}
