package dev.nacosapp.dubbo.discovery.internal.watch;

import static dev.nacosapp.dubbo.discovery.internal.client.Instances.healthy;
import static dev.nacosapp.dubbo.discovery.internal.client.Instances.withMetadata;
import static org.assertj.core.api.Assertions.assertThat;

import com.alibaba.nacos.api.naming.pojo.Instance;
import com.alibaba.nacos.client.naming.event.InstancesDiff;
import com.alibaba.nacos.client.naming.listener.NamingChangeEvent;
import dev.nacosapp.dubbo.discovery.internal.config.MetadataSelector;
import dev.nacosapp.dubbo.discovery.internal.config.NacosAppConfigParser;
import dev.nacosapp.dubbo.discovery.internal.conversion.InstanceMapper;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.registry.client.ServiceInstance;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.apache.dubbo.rpc.model.FrameworkModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A push converts only what changed; everything else reaches Dubbo as the very objects it already has. */
class IncrementalPushTest {
    private final Deque<Runnable> tasks = new ArrayDeque<>();
    private final FrameworkModel framework = new FrameworkModel();
    private final ApplicationModel model = framework.newApplication();
    private final InstanceMapper mapper =
            new InstanceMapper(NacosAppConfigParser.system().parse(URL.valueOf("nacos-app://127.0.0.1:8848")));
    private final AppWatch watch = new AppWatch(
            "orders",
            new InstanceFilter(Collections.emptyList(), MetadataSelector.any()),
            (application, instance) -> mapper.toServiceInstance(application, instance, model),
            true,
            0,
            new NotificationDispatcher(tasks::add));
    private final RecordingListener listener = new RecordingListener(Collections.singleton("orders"));

    IncrementalPushTest() {
        watch.addListener(listener);
    }

    @AfterEach
    void destroyModel() {
        framework.destroy();
    }

    /** Pushes a list as nacos-client delivers it: fresh objects, with its comparison of added and modified ones. */
    private List<ServiceInstance> push(List<Instance> instances, List<Instance> added, List<Instance> modified) {
        watch.onEvent(new NamingChangeEvent(
                "orders", instances, new InstancesDiff(added, Collections.<Instance>emptyList(), modified)));
        return runAndGetLast();
    }

    /** Pushes a list without nacos-client's comparison (an older client, a test double). */
    private List<ServiceInstance> pushWithoutDiff(List<Instance> instances) {
        watch.offer(instances);
        return runAndGetLast();
    }

    private List<ServiceInstance> runAndGetLast() {
        while (!tasks.isEmpty()) {
            tasks.poll().run();
        }
        return listener.events().get(listener.events().size() - 1).getServiceInstances();
    }

    private static List<Instance> fleet(int size) {
        List<Instance> fleet = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            fleet.add(withMetadata("10.0.0." + (i + 1), 20880, "dubbo.metadata.revision", "r1", "timestamp", "" + i));
        }
        return fleet;
    }

    /** A copy as a new push carries it: equal content, other objects, other strings. */
    private static Instance fresh(Instance instance) {
        Instance copy = new Instance();
        copy.setIp(new String(instance.getIp()));
        copy.setPort(instance.getPort());
        copy.setWeight(instance.getWeight());
        copy.setHealthy(instance.isHealthy());
        copy.setEnabled(instance.isEnabled());
        copy.setClusterName(new String(instance.getClusterName()));
        Map<String, String> metadata = new HashMap<>();
        instance.getMetadata().forEach((k, v) -> metadata.put(k, new String(v)));
        copy.setMetadata(metadata);
        return copy;
    }

    private static List<Instance> fresh(List<Instance> instances) {
        List<Instance> copies = new ArrayList<>();
        instances.forEach(i -> copies.add(fresh(i)));
        return copies;
    }

    private static void assertSameObjects(List<ServiceInstance> actual, List<ServiceInstance> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i)).as("instance %d", i).isSameAs(expected.get(i));
        }
    }

    @Test
    void instancesNacosClientReportsUnchangedReachDubboAsTheSameObjects() {
        List<Instance> first = fleet(3);
        List<ServiceInstance> before = push(first, first, Collections.emptyList());

        List<Instance> second = fresh(first);
        second.get(1).getMetadata().put("timestamp", "changed");
        List<ServiceInstance> after = push(second, Collections.emptyList(), Arrays.asList(second.get(1)));

        assertThat(after.get(0)).isSameAs(before.get(0));
        assertThat(after.get(2)).isSameAs(before.get(2));
        assertThat(after.get(1)).isNotSameAs(before.get(1)).isNotEqualTo(before.get(1));
        assertThat(after.get(1).getMetadata()).containsEntry("timestamp", "changed");
    }

    @Test
    void withoutNacosClientsComparisonEveryInstanceIsComparedInFull() {
        List<ServiceInstance> before = pushWithoutDiff(fleet(3));

        List<Instance> second = fresh(fleet(3));
        second.get(0).getMetadata().put("dubbo.metadata.revision", "r2");
        second.get(1).setWeight(2);
        second.get(2).getMetadata().put("extra", "x");
        List<ServiceInstance> changed = pushWithoutDiff(second);

        for (int i = 0; i < 3; i++) {
            assertThat(changed.get(i)).as("instance %d", i).isNotSameAs(before.get(i));
        }
        assertThat(changed.get(0).getMetadata()).containsEntry("dubbo.metadata.revision", "r2");
        assertThat(changed.get(1).getMetadata()).containsEntry("weight", "200");

        assertSameObjects(pushWithoutDiff(fresh(second)), changed);
    }

    @Test
    void aChangedWeightHealthOrEnabledFlagIsANewInstanceEvenIfTheDiffMissedIt() {
        List<Instance> first = fleet(2);
        List<ServiceInstance> before = push(first, first, Collections.emptyList());

        List<Instance> second = fresh(first);
        second.get(0).setWeight(0.5);
        List<ServiceInstance> after = push(second, Collections.emptyList(), Collections.emptyList());

        assertThat(after.get(0)).isNotSameAs(before.get(0));
        assertThat(after.get(0).getMetadata()).containsEntry("weight", "50");
        assertThat(after.get(1)).isSameAs(before.get(1));
    }

    @Test
    void unhealthyOrDisabledInstancesLeaveAndComeBackAsNewInstances() {
        List<Instance> first = fleet(3);
        List<ServiceInstance> before = push(first, first, Collections.emptyList());

        List<Instance> second = fresh(first);
        second.get(0).setHealthy(false);
        second.get(2).setEnabled(false);
        List<ServiceInstance> filtered =
                push(second, Collections.emptyList(), Arrays.asList(second.get(0), second.get(2)));
        assertThat(filtered).extracting(ServiceInstance::getHost).containsExactly("10.0.0.2");
        assertThat(filtered.get(0)).isSameAs(before.get(1));

        List<Instance> third = fresh(first);
        List<ServiceInstance> back = push(third, Collections.emptyList(), Arrays.asList(third.get(0), third.get(2)));
        assertThat(back).extracting(ServiceInstance::getHost).containsExactly("10.0.0.1", "10.0.0.2", "10.0.0.3");
        assertThat(back.get(1)).isSameAs(before.get(1));
        assertThat(back.get(0).isHealthy()).isTrue();
    }

    @Test
    void additionsAndRemovalsAnywhereKeepTheOthersAsTheyWere() {
        List<Instance> first = fleet(6);
        List<ServiceInstance> before = push(first, first, Collections.emptyList());

        List<Instance> second = fresh(first);
        second.remove(4);
        second.remove(1);
        Instance added = healthy("10.0.1.1", 20880);
        second.add(0, added);
        Collections.swap(second, 3, 4);
        List<ServiceInstance> after = push(second, Arrays.asList(added), Collections.emptyList());

        assertThat(after)
                .extracting(ServiceInstance::getHost)
                .containsExactly("10.0.1.1", "10.0.0.1", "10.0.0.3", "10.0.0.6", "10.0.0.4");
        assertThat(after.get(1)).isSameAs(before.get(0));
        assertThat(after.get(2)).isSameAs(before.get(2));
        assertThat(after.get(3)).isSameAs(before.get(5));
        assertThat(after.get(4)).isSameAs(before.get(3));
    }

    @Test
    void aChangeInACoalescedPushIsNotLostWhenTheNextPushReportsNoChange() {
        List<Instance> first = fleet(2);
        List<ServiceInstance> before = push(first, first, Collections.emptyList());

        List<Instance> second = fresh(first);
        second.get(0).getMetadata().put("timestamp", "changed");
        watch.onEvent(new NamingChangeEvent(
                "orders",
                second,
                new InstancesDiff(Collections.emptyList(), Collections.emptyList(), Arrays.asList(second.get(0)))));
        List<Instance> third = fresh(second);
        List<ServiceInstance> after = push(third, Collections.emptyList(), Collections.emptyList());

        assertThat(listener.events()).hasSize(2);
        assertThat(after.get(0)).isNotSameAs(before.get(0));
        assertThat(after.get(0).getMetadata()).containsEntry("timestamp", "changed");
        assertThat(after.get(1)).isSameAs(before.get(1));
    }

    @Test
    void anInstanceReportedModifiedIsConvertedWithoutComparingItAgain() {
        List<Instance> first = fleet(2);
        List<ServiceInstance> before = push(first, first, Collections.emptyList());

        List<Instance> second = fresh(first);
        List<ServiceInstance> after = push(second, Collections.emptyList(), Collections.singletonList(second.get(0)));

        assertThat(after.get(0)).isNotSameAs(before.get(0));
        assertThat(after.get(1)).isSameAs(before.get(1));
    }

    @Test
    void aChangeInAPushDroppedByProtectionIsNotLost() {
        List<Instance> first = fleet(2);
        List<ServiceInstance> before = push(first, first, Collections.emptyList());

        List<Instance> outage = fresh(first);
        outage.forEach(i -> i.setHealthy(false));
        outage.get(0).getMetadata().put("timestamp", "changed");
        watch.onEvent(new NamingChangeEvent(
                "orders", outage, new InstancesDiff(Collections.emptyList(), Collections.emptyList(), outage)));
        while (!tasks.isEmpty()) {
            tasks.poll().run();
        }
        assertThat(listener.events()).as("protection kept the last list").hasSize(1);

        List<Instance> recovered = fresh(outage);
        recovered.forEach(i -> i.setHealthy(true));
        List<ServiceInstance> after = push(recovered, Collections.emptyList(), recovered);

        assertThat(after.get(0).getMetadata()).containsEntry("timestamp", "changed");
        assertThat(after.get(1)).as("changed and changed back").isSameAs(before.get(1));
    }

    @Test
    void aFirstLoadIsComparedInFullAndSharesObjectsWithPushes() {
        List<Instance> queried = fleet(2);
        List<ServiceInstance> loaded = watch.firstLoad(queried);

        List<Instance> pushed = fresh(queried);
        pushed.get(1).getMetadata().put("timestamp", "changed");
        // nacos-client compared this push with its own cache, not with what the query returned.
        List<ServiceInstance> after = push(pushed, Collections.emptyList(), Collections.emptyList());

        assertThat(after.get(0)).isSameAs(loaded.get(0));
        assertThat(after.get(1)).isNotSameAs(loaded.get(1));
        assertThat(after.get(1).getMetadata()).containsEntry("timestamp", "changed");
    }

    @Test
    void metadataDubboWroteToIsNeverReused() {
        List<Instance> first = fleet(1);
        List<ServiceInstance> before = push(first, first, Collections.emptyList());
        before.get(0).getMetadata().put("written-by-dubbo", "x");

        List<ServiceInstance> after = push(fresh(first), Collections.emptyList(), Collections.emptyList());

        assertThat(after.get(0)).isNotSameAs(before.get(0));
        assertThat(after.get(0).getMetadata()).doesNotContainKey("written-by-dubbo");
    }
}
