package dev.nacosapp.dubbo.discovery.internal.watch;

import static dev.nacosapp.dubbo.discovery.internal.client.Instances.disabled;
import static dev.nacosapp.dubbo.discovery.internal.client.Instances.healthy;
import static dev.nacosapp.dubbo.discovery.internal.client.Instances.inCluster;
import static dev.nacosapp.dubbo.discovery.internal.client.Instances.unhealthy;
import static dev.nacosapp.dubbo.discovery.internal.client.Instances.withMetadata;
import static dev.nacosapp.dubbo.discovery.internal.client.Instances.withWeight;
import static org.assertj.core.api.Assertions.assertThat;

import com.alibaba.nacos.api.naming.listener.NamingEvent;
import com.alibaba.nacos.api.naming.pojo.Instance;
import dev.nacosapp.dubbo.discovery.internal.config.MetadataSelector;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import org.apache.dubbo.registry.client.DefaultServiceInstance;
import org.junit.jupiter.api.Test;

/** Runs notifications by hand, so every step is deterministic. */
class AppWatchTest {
    private final Deque<Runnable> tasks = new ArrayDeque<>();
    private final NotificationDispatcher dispatcher = new NotificationDispatcher(tasks::add);

    private AppWatch watch(String app, InstanceFilter filter, boolean protection) {
        return new AppWatch(
                app,
                filter,
                (application, i) -> new DefaultServiceInstance(application, i.getIp(), i.getPort(), null),
                protection,
                0,
                dispatcher);
    }

    private AppWatch watch(String app) {
        return watch(app, new InstanceFilter(Collections.emptyList(), MetadataSelector.any()), true);
    }

    private void runAll() {
        while (!tasks.isEmpty()) {
            tasks.poll().run();
        }
    }

    private static List<Instance> list(Instance... instances) {
        return Arrays.asList(instances);
    }

    @Test
    void nacosEventThreadOnlyQueuesWork() {
        AppWatch watch = watch("orders");
        RecordingListener listener = new RecordingListener(Collections.singleton("orders"));
        watch.addListener(listener);

        watch.onEvent(new NamingEvent("orders", list(healthy("10.0.0.1", 1))));

        assertThat(listener.events()).isEmpty();
        assertThat(tasks).hasSize(1);
        runAll();
        assertThat(listener.lastAddresses("orders")).containsExactly("10.0.0.1:1");
    }

    @Test
    void dropsUnhealthyDisabledAndZeroWeightInstancesFromEveryPush() {
        AppWatch watch = watch("orders");
        RecordingListener listener = new RecordingListener(Collections.singleton("orders"));
        watch.addListener(listener);

        watch.offer(list(healthy("10.0.0.1", 1), unhealthy("10.0.0.2", 2), disabled("10.0.0.3", 3)));
        runAll();
        watch.offer(list(healthy("10.0.0.1", 1), withWeight("10.0.0.4", 4, 0), healthy("10.0.0.5", 5)));
        runAll();
        watch.offer(list(unhealthy("10.0.0.1", 1), healthy("10.0.0.5", 5)));
        runAll();

        assertThat(listener.events()).hasSize(3);
        assertThat(listener.events().get(0).getServiceInstances())
                .extracting(i -> i.getAddress())
                .containsExactly("10.0.0.1:1");
        assertThat(listener.events().get(1).getServiceInstances())
                .extracting(i -> i.getAddress())
                .containsExactly("10.0.0.1:1", "10.0.0.5:5");
        assertThat(listener.lastAddresses("orders")).containsExactly("10.0.0.5:5");
    }

    @Test
    void selectorAndClusterFilterApplyToEveryPushAndTheFirstLoad() {
        InstanceFilter filter =
                new InstanceFilter(Arrays.asList("hz-a", "DEFAULT"), MetadataSelector.parse("env:prod,zone:hz"));
        AppWatch watch = watch("orders", filter, false);
        RecordingListener listener = new RecordingListener(Collections.singleton("orders"));
        watch.addListener(listener);
        Instance prodHz = withMetadata("10.0.0.1", 1, "env", "prod", "zone", "hz");
        Instance prodSh = withMetadata("10.0.0.2", 2, "env", "prod", "zone", "sh");
        Instance devHz = withMetadata("10.0.0.3", 3, "env", "dev", "zone", "hz");
        Instance prodHzOtherCluster = withMetadata("10.0.0.4", 4, "env", "prod", "zone", "hz");
        prodHzOtherCluster.setClusterName("bj");

        assertThat(watch.firstLoad(list(prodHz, prodSh, devHz, prodHzOtherCluster)))
                .extracting(i -> i.getAddress())
                .containsExactly("10.0.0.1:1");
        watch.offer(list(prodSh, devHz, prodHz, prodHzOtherCluster));
        runAll();
        assertThat(listener.lastAddresses("orders")).containsExactly("10.0.0.1:1");
        watch.offer(list(prodSh, devHz));
        runAll();
        assertThat(listener.lastAddresses("orders")).isEmpty();
    }

    @Test
    void clusterFilterTreatsAMissingClusterAsDefault() {
        AppWatch watch = watch("orders", new InstanceFilter(List.of("DEFAULT"), MetadataSelector.any()), false);
        Instance noCluster = healthy("10.0.0.1", 1);
        noCluster.setClusterName(null);

        assertThat(watch.firstLoad(list(noCluster, inCluster("10.0.0.2", 2, "hz-a"))))
                .extracting(i -> i.getAddress())
                .containsExactly("10.0.0.1:1");
    }

    @Test
    void emptyPushProtectionKeepsTheLastGoodListAndCountsTheDrop() {
        AppWatch watch = watch("orders");
        RecordingListener listener = new RecordingListener(Collections.singleton("orders"));
        watch.addListener(listener);
        watch.offer(list(healthy("10.0.0.1", 1), healthy("10.0.0.2", 2)));
        runAll();

        watch.offer(Collections.emptyList());
        runAll();
        watch.offer(list(unhealthy("10.0.0.1", 1), unhealthy("10.0.0.2", 2)));
        runAll();

        assertThat(listener.events()).hasSize(1);
        assertThat(watch.stats().protectingSinceMillis()).isPositive();
        assertThat(watch.stats().dropped()).isEqualTo(2);
        assertThat(watch.stats().instanceCount()).isEqualTo(2);
        assertThat(watch.firstLoad(Collections.emptyList()))
                .as("a query that finds nothing also keeps the last good list")
                .extracting(i -> i.getAddress())
                .containsExactly("10.0.0.1:1", "10.0.0.2:2");

        watch.offer(list(healthy("10.0.0.3", 3)));
        runAll();
        assertThat(listener.lastAddresses("orders")).containsExactly("10.0.0.3:3");
        assertThat(watch.stats().protectingSinceMillis()).isZero();
    }

    @Test
    void anExplicitDrainIsHonouredEvenWhenNothingIsLeft() {
        AppWatch watch = watch("orders");
        RecordingListener listener = new RecordingListener(Collections.singleton("orders"));
        watch.addListener(listener);
        watch.offer(list(healthy("10.0.0.1", 1), healthy("10.0.0.2", 2)));
        runAll();

        Instance drained = healthy("10.0.0.1", 1);
        drained.setWeight(0);
        watch.offer(list(drained, disabled("10.0.0.2", 2)));
        runAll();

        assertThat(listener.lastAddresses("orders"))
                .as("weight 0 and disabled are an operator's choice, not a server hiccup")
                .isEmpty();
        assertThat(watch.stats().dropped()).isZero();
        assertThat(watch.stats().protectingSinceMillis()).isZero();
    }

    @Test
    void aSelectorThatMatchesNothingIsHonoured() {
        AppWatch watch =
                watch("orders", new InstanceFilter(Collections.emptyList(), MetadataSelector.parse("env:prod")), true);
        RecordingListener listener = new RecordingListener(Collections.singleton("orders"));
        watch.addListener(listener);
        Instance prod = healthy("10.0.0.1", 1);
        prod.getMetadata().put("env", "prod");
        watch.offer(list(prod));
        runAll();

        watch.offer(list(healthy("10.0.0.1", 1)));
        runAll();

        assertThat(listener.lastAddresses("orders")).isEmpty();
        assertThat(watch.stats().dropped()).isZero();
    }

    @Test
    void anInstanceListEmptyInTheSubscribedClustersIsProtected() {
        AppWatch watch =
                watch("orders", new InstanceFilter(Collections.singletonList("hz-a"), MetadataSelector.any()), true);
        RecordingListener listener = new RecordingListener(Collections.singleton("orders"));
        watch.addListener(listener);
        Instance local = healthy("10.0.0.1", 1);
        local.setClusterName("hz-a");
        watch.offer(list(local));
        runAll();

        Instance remote = healthy("10.0.0.2", 2);
        remote.setClusterName("hz-b");
        watch.offer(list(remote));
        runAll();

        assertThat(listener.lastAddresses("orders")).containsExactly("10.0.0.1:1");
        assertThat(watch.stats().dropped()).isEqualTo(1);
    }

    @Test
    void aNewListenerAloneIsGivenTheCurrentList() {
        AppWatch watch = watch("orders");
        RecordingListener first = new RecordingListener(Collections.singleton("orders"));
        watch.addListener(first);
        watch.offer(list(healthy("10.0.0.1", 1)));
        runAll();

        RecordingListener second = new RecordingListener(Collections.singleton("orders"));
        watch.addListener(second);
        runAll();

        assertThat(second.lastAddresses("orders")).containsExactly("10.0.0.1:1");
        assertThat(first.events()).as("the others are not notified again").hasSize(1);
    }

    @Test
    void aListenerAddedToAWatchThatHoldsOnlyAFirstLoadIsGivenItAtOnce() {
        AppWatch watch = watch("orders");
        // No push yet: what the watch holds came from a first load (nacos-client calls back only on a change).
        watch.firstLoad(list(healthy("10.0.0.1", 1)));

        RecordingListener late = new RecordingListener(Collections.singleton("orders"));
        watch.addListener(late);
        runAll();

        assertThat(late.lastAddresses("orders")).containsExactly("10.0.0.1:1");
    }

    @Test
    void withoutProtectionAnEmptyPushEmptiesTheList() {
        AppWatch watch = watch("orders", new InstanceFilter(List.of(), MetadataSelector.any()), false);
        RecordingListener listener = new RecordingListener(Collections.singleton("orders"));
        watch.addListener(listener);
        watch.offer(list(healthy("10.0.0.1", 1)));
        runAll();

        watch.offer(Collections.emptyList());
        runAll();

        assertThat(listener.events()).hasSize(2);
        assertThat(listener.lastAddresses("orders")).isEmpty();
        assertThat(watch.stats().dropped()).isZero();
    }

    @Test
    void protectionDoesNotHideAnApplicationThatNeverHadInstances() {
        AppWatch watch = watch("orders");
        RecordingListener listener = new RecordingListener(Collections.singleton("orders"));
        watch.addListener(listener);

        watch.offer(Collections.emptyList());
        runAll();

        assertThat(listener.lastAddresses("orders")).isEmpty();
    }

    @Test
    void aBurstOfPushesCoalescesIntoOneNotificationWithTheNewestList() {
        AppWatch watch = watch("orders");
        RecordingListener listener = new RecordingListener(Collections.singleton("orders"));
        watch.addListener(listener);

        watch.offer(list(healthy("10.0.0.1", 1)));
        watch.offer(list(healthy("10.0.0.2", 2)));
        watch.offer(list(healthy("10.0.0.3", 3)));
        assertThat(tasks).as("one queued task per application").hasSize(1);
        runAll();

        assertThat(listener.events()).hasSize(1);
        assertThat(listener.lastAddresses("orders")).containsExactly("10.0.0.3:3");
        WatchSnapshot stats = watch.stats();
        assertThat(stats.pushes()).isEqualTo(3);
        assertThat(stats.coalesced()).isEqualTo(2);
        assertThat(stats.notifications()).isEqualTo(1);
        assertThat(stats.lastPushMillis()).isPositive();
    }

    @Test
    void aThrowingListenerDoesNotStopTheOthersNorLaterPushes() {
        AppWatch watch = watch("orders");
        RecordingListener failing = new RecordingListener(Collections.singleton("orders")) {
            @Override
            public void onEvent(org.apache.dubbo.registry.client.event.ServiceInstancesChangedEvent event) {
                super.onEvent(event);
                throw new IllegalStateException("listener bug");
            }
        };
        RecordingListener healthyListener = new RecordingListener(Collections.singleton("orders"));
        watch.addListener(failing);
        watch.addListener(healthyListener);

        watch.offer(list(healthy("10.0.0.1", 1)));
        runAll();
        watch.offer(list(healthy("10.0.0.2", 2)));
        runAll();

        assertThat(healthyListener.events()).hasSize(2);
        assertThat(failing.events()).hasSize(2);
    }

    @Test
    void aLateListenerGetsTheLatestListAgain() {
        AppWatch watch = watch("orders");
        RecordingListener early = new RecordingListener(Collections.singleton("orders"));
        watch.addListener(early);
        watch.offer(list(healthy("10.0.0.1", 1)));
        runAll();

        RecordingListener late = new RecordingListener(Collections.singleton("orders"));
        watch.addListener(late);
        runAll();

        assertThat(late.lastAddresses("orders")).containsExactly("10.0.0.1:1");
    }

    @Test
    void aClosedWatchIgnoresPushes() {
        AppWatch watch = watch("orders");
        RecordingListener listener = new RecordingListener(Collections.singleton("orders"));
        watch.addListener(listener);
        watch.close();

        watch.offer(list(healthy("10.0.0.1", 1)));
        runAll();

        assertThat(listener.events()).isEmpty();
        assertThat(watch.hasListeners()).isFalse();
    }
}
