package dev.nacosapp.dubbo.discovery.internal.watch;

import static dev.nacosapp.dubbo.discovery.internal.client.Instances.healthy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nacosapp.dubbo.discovery.internal.config.MetadataSelector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.dubbo.registry.client.DefaultServiceInstance;
import org.apache.dubbo.registry.client.event.ServiceInstancesChangedEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The dispatcher on real threads: isolation between applications and order within one. */
class NotificationDispatcherTest {
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final NotificationDispatcher dispatcher = new NotificationDispatcher(executor);

    @AfterEach
    void shutdown() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }

    private AppWatch watch(String app) {
        return new AppWatch(
                app,
                new InstanceFilter(Collections.emptyList(), MetadataSelector.any()),
                (application, i) -> new DefaultServiceInstance(application, i.getIp(), i.getPort(), null),
                true,
                0,
                dispatcher);
    }

    @Test
    void aSlowListenerOfOneApplicationDoesNotDelayAnother() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        AppWatch slowApp = watch("slow");
        RecordingListener slowListener = new RecordingListener(Collections.singleton("slow")) {
            @Override
            public void onEvent(ServiceInstancesChangedEvent event) {
                super.onEvent(event);
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        slowApp.addListener(slowListener);
        AppWatch fastApp = watch("fast");
        RecordingListener fastListener = new RecordingListener(Collections.singleton("fast"));
        fastApp.addListener(fastListener);

        slowApp.offer(List.of(healthy("10.0.0.1", 1)));
        await().atMost(Duration.ofSeconds(10)).until(() -> slowListener.events().size() == 1);
        for (int i = 1; i <= 20; i++) {
            fastApp.offer(List.of(healthy("10.0.1." + i, i)));
            int expectedPort = i;
            await().atMost(Duration.ofSeconds(10)).until(() -> ("10.0.1." + expectedPort + ":" + expectedPort)
                    .equals(firstOrNull(fastListener.lastAddresses("fast"))));
        }
        slowApp.offer(List.of(healthy("10.0.0.2", 2)));
        slowApp.offer(List.of(healthy("10.0.0.3", 3)));
        release.countDown();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(slowListener.lastAddresses("slow"))
                .containsExactly("10.0.0.3:3"));
        assertThat(slowListener.events()).as("the queued pushes coalesced").hasSize(2);
    }

    @Test
    void notificationsOfOneApplicationArriveInPushOrder() {
        AppWatch watch = watch("ordered");
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        watch.addListener(new RecordingListener(Collections.singleton("ordered")) {
            @Override
            public void onEvent(ServiceInstancesChangedEvent event) {
                seen.add(event.getServiceInstances().get(0).getAddress());
            }
        });

        for (int i = 1; i <= 500; i++) {
            watch.offer(List.of(healthy("10.0.0.1", i)));
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("10.0.0.1:500"));
        List<Integer> ports = new ArrayList<>();
        synchronized (seen) {
            seen.forEach(address -> ports.add(Integer.parseInt(address.substring(address.indexOf(':') + 1))));
        }
        assertThat(ports).isSorted().endsWith(500);
        assertThat(watch.stats().notifications() + watch.stats().coalesced()).isEqualTo(500);
    }

    private static String firstOrNull(List<String> addresses) {
        return addresses == null || addresses.isEmpty() ? null : addresses.get(0);
    }
}
