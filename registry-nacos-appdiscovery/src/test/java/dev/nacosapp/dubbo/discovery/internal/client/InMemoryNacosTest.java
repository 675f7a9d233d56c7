package dev.nacosapp.dubbo.discovery.internal.client;

import static dev.nacosapp.dubbo.discovery.internal.client.Instances.healthy;
import static dev.nacosapp.dubbo.discovery.internal.client.Instances.withWeight;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.alibaba.nacos.api.exception.NacosException;
import com.alibaba.nacos.api.naming.listener.Event;
import com.alibaba.nacos.api.naming.listener.EventListener;
import com.alibaba.nacos.client.naming.listener.NamingChangeEvent;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The double behaves as nacos-client 2.5.1 does where the library depends on it. */
class InMemoryNacosTest {
    private final InMemoryNacos nacos = new InMemoryNacos();

    private static final class Recorder implements EventListener {
        final List<NamingChangeEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(Event event) {
            events.add((NamingChangeEvent) event);
        }
    }

    private static Properties loadingCache() {
        Properties properties = new Properties();
        properties.setProperty("namingLoadCacheAtStart", "true");
        return properties;
    }

    @Test
    void notifiesOnlyChangesWithTheDiffOverTheEventsOwnInstances() throws Exception {
        NamingOperations client = nacos.create(new Properties());
        Recorder recorder = new Recorder();
        client.subscribe("inm-a", "G", recorder);
        assertThat(recorder.events).as("empty to empty is not an event").isEmpty();

        nacos.push("G", "inm-a", List.of(healthy("10.0.0.1", 1), healthy("10.0.0.2", 2)));
        nacos.push("G", "inm-a", List.of(healthy("10.0.0.1", 1), healthy("10.0.0.2", 2)));
        nacos.push("G", "inm-a", List.of(healthy("10.0.0.1", 1), withWeight("10.0.0.2", 2, 2.0)));

        assertThat(recorder.events).hasSize(2);
        NamingChangeEvent modified = recorder.events.get(1);
        assertThat(modified.getAddedInstances()).isEmpty();
        assertThat(modified.getRemovedInstances()).isEmpty();
        assertThat(modified.getModifiedInstances()).singleElement().satisfies(i -> assertThat(modified.getInstances())
                .anySatisfy(pushed -> assertThat(pushed).isSameAs(i)));
    }

    @Test
    void aSubscribeAnswerEqualToTheDiskCacheNotifiesNobody() throws Exception {
        nacos.create(new Properties()).registerInstance("inm-b", "G", healthy("10.0.0.1", 1));
        nacos.preloadCache("G", "inm-b", List.of(healthy("10.0.0.1", 1)));
        NamingOperations client = nacos.create(loadingCache());
        Recorder recorder = new Recorder();

        client.subscribe("inm-b", "G", recorder);

        assertThat(recorder.events).isEmpty();
        assertThat(client.cachedInstances("inm-b", "G")).hasSize(1);
    }

    @Test
    void afterShutdownEveryRequestFailsAndNoListenerIsNotified() throws Exception {
        NamingOperations client = nacos.create(new Properties());
        Recorder recorder = new Recorder();
        client.subscribe("inm-c", "G", recorder);
        client.shutdown();

        nacos.push("G", "inm-c", List.of(healthy("10.0.0.1", 1)));

        assertThat(recorder.events).isEmpty();
        assertThat(client.isServerUp()).isFalse();
        assertThatThrownBy(() -> client.getAllInstances("inm-c", "G"))
                .isInstanceOf(NacosException.class)
                .hasMessageContaining("SHUTDOWN");
        assertThatThrownBy(() -> client.registerInstance("inm-c", "G", healthy("10.0.0.2", 2)))
                .isInstanceOf(NacosException.class);
        assertThatThrownBy(() -> client.unsubscribe("inm-c", "G", recorder)).isInstanceOf(NacosException.class);
        assertThatThrownBy(() -> client.subscribe("inm-c", "G", new Recorder())).isInstanceOf(NacosException.class);
    }
}
