package dev.nacosapp.dubbo.discovery.internal.client;

import static dev.nacosapp.dubbo.discovery.internal.client.Instances.healthy;
import static org.assertj.core.api.Assertions.assertThat;

import com.alibaba.nacos.api.naming.listener.NamingEvent;
import com.alibaba.nacos.api.naming.pojo.Instance;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SharedNamingClientTest {
    private final InMemoryNacos nacos = new InMemoryNacos();
    private final SharedNamingClient client = new SharedNamingClient(nacos.create(new Properties()));

    private List<String> addresses() {
        List<String> addresses = new ArrayList<>();
        nacos.instances("G", "orders").forEach(i -> addresses.add(i.toInetAddr()));
        return addresses;
    }

    @Test
    void severalInstancesOfOneApplicationAreAllRegistered() throws Exception {
        client.register("G", "orders", healthy("127.0.0.1", 20880));
        client.register("G", "orders", healthy("127.0.0.1", 20881));
        client.register("G", "orders", healthy("127.0.0.1", 20882));

        assertThat(addresses()).containsExactly("127.0.0.1:20880", "127.0.0.1:20881", "127.0.0.1:20882");
        assertThat(nacos.operations())
                .containsExactly("register orders 127.0.0.1:20880", "batch orders 2", "batch orders 3");
    }

    @Test
    void deregisteringOneKeepsTheOthers() throws Exception {
        Instance a = healthy("127.0.0.1", 20880);
        Instance b = healthy("127.0.0.1", 20881);
        client.register("G", "orders", a);
        client.register("G", "orders", b);

        client.deregister("G", "orders", a);
        assertThat(addresses()).containsExactly("127.0.0.1:20881");
        client.deregister("G", "orders", b);
        assertThat(addresses()).isEmpty();
        assertThat(client.isWanted("G", "orders", b)).isFalse();
    }

    @Test
    void replacingAnInstanceNeverLeavesTheServiceEmpty() throws Exception {
        List<List<Instance>> pushes = new ArrayList<>();
        nacos.create(new Properties())
                .subscribe("orders", "G", event -> pushes.add(((NamingEvent) event).getInstances()));
        Instance before = healthy("127.0.0.1", 20880);
        before.getMetadata().put("dubbo.metadata.revision", "r1");
        client.register("G", "orders", before);
        Instance after = healthy("127.0.0.1", 20880);
        after.getMetadata().put("dubbo.metadata.revision", "r2");

        client.replace("G", "orders", before, after);

        assertThat(pushes).isNotEmpty().allSatisfy(list -> assertThat(list).hasSize(1));
        assertThat(nacos.instances("G", "orders").get(0).getMetadata()).containsEntry("dubbo.metadata.revision", "r2");
        assertThat(nacos.operations()).doesNotContain("deregister orders 127.0.0.1:20880");
    }

    @Test
    void aFailedRegistrationStaysWantedAndIsPublishedByARetry() throws Exception {
        Instance instance = healthy("127.0.0.1", 20880);
        nacos.setUp(false);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.register("G", "orders", instance))
                .isInstanceOf(com.alibaba.nacos.api.exception.NacosException.class);
        assertThat(client.isWanted("G", "orders", instance)).isTrue();

        nacos.setUp(true);
        assertThat(client.republish("G", "orders", instance)).isTrue();

        assertThat(addresses()).containsExactly("127.0.0.1:20880");
        client.deregister("G", "orders", instance);
        assertThat(client.republish("G", "orders", instance))
                .as("nothing to publish once deregistered")
                .isFalse();
    }

    @Test
    void listsServicesAcrossPages() throws Exception {
        for (int i = 0; i < 1203; i++) {
            nacos.create(new Properties()).registerInstance("app-" + i, "G", healthy("127.0.0.1", 1));
        }

        assertThat(client.getServices("G")).hasSize(1203).contains("app-0", "app-1202");
    }
}
