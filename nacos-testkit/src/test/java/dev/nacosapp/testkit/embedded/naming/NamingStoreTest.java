package dev.nacosapp.testkit.embedded.naming;

import static org.assertj.core.api.Assertions.assertThat;

import com.alibaba.nacos.api.naming.pojo.Instance;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The naming state rules, without any network. */
class NamingStoreTest {

    private static final ServiceKey SERVICE = ServiceKey.of("", "", "orders");

    private final List<String> changes = new ArrayList<>();

    private final AtomicLong clock = new AtomicLong(1_000);

    private final NamingStore store = new NamingStore(
            new NamingChangeListener() {
                @Override
                public void serviceChanged(ServiceKey key) {
                    changes.add("changed " + key.name());
                }

                @Override
                public void subscribed(ServiceKey key, String connectionId) {
                    changes.add("subscribed " + key.name() + " by " + connectionId);
                }
            },
            clock::get);

    @Test
    void aConnectionsNewPublicationReplacesItsOldOne() {
        store.publish("c1", SERVICE, List.of(instance("10.0.0.1")));
        store.publish("c1", SERVICE, List.of(instance("10.0.0.2"), instance("10.0.0.3")));

        assertThat(store.instances(SERVICE)).extracting(Instance::getIp).containsExactly("10.0.0.2", "10.0.0.3");
        assertThat(changes).containsExactly("changed orders", "changed orders");
    }

    @Test
    void removingAConnectionForgetsItsInstancesAndSubscriptions() {
        store.publish("c1", SERVICE, List.of(instance("10.0.0.1")));
        store.publish("c2", SERVICE, List.of(instance("10.0.0.2")));
        store.subscribe("c1", SERVICE, "");

        store.removeConnection("c1");

        assertThat(store.instances(SERVICE)).extracting(Instance::getIp).containsExactly("10.0.0.2");
        assertThat(store.subscribers(SERVICE)).isEmpty();
    }

    @Test
    void unpublishingSomethingNeverPublishedChangesNothing() {
        store.unpublish("c1", SERVICE);

        assertThat(changes).isEmpty();
        assertThat(store.exists(SERVICE)).isFalse();
    }

    @Test
    void editsAreLaidOverTheRegisteredInstance() {
        Instance registered = instance("10.0.0.1");
        registered.setMetadata(Map.of("a", "1", "b", "2"));
        store.publish("c1", SERVICE, List.of(registered));

        store.edit(SERVICE, "10.0.0.1", 8080, "DEFAULT", new InstanceEdit(false, 7, Map.of("b", "edited")));

        assertThat(store.instances(SERVICE)).singleElement().satisfies(i -> {
            assertThat(i.isEnabled()).isFalse();
            assertThat(i.getWeight()).isEqualTo(7);
            assertThat(i.getMetadata()).containsEntry("a", "1").containsEntry("b", "edited");
        });
    }

    @Test
    void editsOfUnknownServicesAreRefused() {
        assertThat(store.edit(SERVICE, "10.0.0.1", 8080, "DEFAULT", new InstanceEdit(true, 1, Map.of())))
                .isFalse();
    }

    @Test
    void emptyServicesAreRemovedOnlyAfterTheRetention() {
        store.publish("c1", SERVICE, List.of(instance("10.0.0.1")));
        store.unpublish("c1", SERVICE);

        clock.addAndGet(999);
        store.removeEmptyServices(1_000);
        assertThat(store.serviceNames("public", "DEFAULT_GROUP")).containsExactly("orders");

        clock.addAndGet(1);
        store.removeEmptyServices(1_000);
        assertThat(store.serviceNames("public", "DEFAULT_GROUP")).isEmpty();
    }

    @Test
    void subscriptionsDoNotCreateServices() {
        store.subscribe("c1", SERVICE, "");

        assertThat(store.exists(SERVICE)).isFalse();
        assertThat(store.serviceNames("public", "DEFAULT_GROUP")).isEmpty();
        assertThat(changes).containsExactly("subscribed orders by c1");
    }

    @Test
    void returnedInstancesAreCopies() {
        store.publish("c1", SERVICE, List.of(instance("10.0.0.1")));

        store.instances(SERVICE).get(0).setIp("changed");

        assertThat(store.instances(SERVICE)).extracting(Instance::getIp).containsExactly("10.0.0.1");
    }

    private static Instance instance(String ip) {
        Instance instance = new Instance();
        instance.setIp(ip);
        instance.setPort(8080);
        return Instances.normalise(SERVICE, instance, true);
    }
}
