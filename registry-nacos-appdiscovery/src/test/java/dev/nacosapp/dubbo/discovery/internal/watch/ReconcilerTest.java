package dev.nacosapp.dubbo.discovery.internal.watch;

import static dev.nacosapp.dubbo.discovery.internal.client.Instances.healthy;
import static org.assertj.core.api.Assertions.assertThat;

import com.alibaba.nacos.api.exception.NacosException;
import com.alibaba.nacos.api.naming.listener.EventListener;
import com.alibaba.nacos.api.naming.pojo.Instance;
import com.alibaba.nacos.api.naming.pojo.ListView;
import dev.nacosapp.dubbo.discovery.internal.client.InMemoryNacos;
import dev.nacosapp.dubbo.discovery.internal.client.NamingOperations;
import dev.nacosapp.dubbo.discovery.internal.client.SharedNamingClient;
import dev.nacosapp.dubbo.discovery.internal.config.MetadataSelector;
import dev.nacosapp.dubbo.discovery.internal.config.NacosAppConfig;
import dev.nacosapp.dubbo.discovery.internal.config.NacosAppConfigParser;
import dev.nacosapp.dubbo.discovery.internal.config.Tunables;
import dev.nacosapp.dubbo.discovery.internal.conversion.InstanceMapper;
import dev.nacosapp.dubbo.discovery.support.CapturedOutput;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.apache.dubbo.rpc.model.FrameworkModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The checks of a watched list against direct queries, driven tick by tick with a clock of the test's own, against
 * the in-memory Nacos: what the server holds is set with {@code publish} (which pushes nothing here, as the watch is
 * not subscribed through it), what the consumer was told with {@code offer}, as a push that may have lost a change.
 * Notifications run synchronously on the ticking thread.
 */
class ReconcilerTest {
    private static final long MINUTE = 60_000;
    /**
     * The test's clock starts a minute after now: a dropped push starts protection at the real wall-clock time, which
     * the ticks' answers then come after, as they do in a real run.
     */
    private final long t0 = System.currentTimeMillis() + MINUTE;

    private final InMemoryNacos nacos = new InMemoryNacos();
    private final AtomicInteger queries = new AtomicInteger();
    private final AtomicInteger notificationTasks = new AtomicInteger();
    private final SharedNamingClient client = new SharedNamingClient(counted(nacos.create(new Properties())));
    private final FrameworkModel framework = new FrameworkModel();
    private final ApplicationModel model = framework.newApplication();
    private final RecordingListener listener = new RecordingListener(Collections.singleton("orders"));

    @AfterEach
    void destroy() {
        framework.destroy();
    }

    private static NacosAppConfig config(String parameters) {
        return NacosAppConfigParser.system().parse(URL.valueOf("nacos-app://127.0.0.1:8848?" + parameters));
    }

    private AppWatch watch(NacosAppConfig config) {
        InstanceMapper mapper = new InstanceMapper(config);
        AppWatch watch = new AppWatch(
                "orders",
                new InstanceFilter(Collections.emptyList(), MetadataSelector.any()),
                (application, instance) -> mapper.toServiceInstance(application, instance, model),
                config.emptyPushProtection(),
                config.emptyPushProtectionTimeoutMillis(),
                new NotificationDispatcher(task -> {
                    notificationTasks.incrementAndGet();
                    task.run();
                }));
        watch.markSubscribed();
        watch.addListener(listener);
        return watch;
    }

    /**
     * A watch that was given one provider, then an empty push, which protection dropped: the providers are gone, the
     * server holds nothing.
     */
    private AppWatch protectingWatch(NacosAppConfig config) {
        AppWatch watch = watch(config);
        watch.offer(List.of(healthy("10.0.0.1", 1)));
        watch.offer(List.of());
        return watch;
    }

    private Reconciler reconciler(NacosAppConfig config, AppWatch watch) {
        return new Reconciler(config, client, () -> Collections.singletonList(watch));
    }

    /** Ticks once a second over {@code [from, to]}, as the scheduler does. */
    private static void tickEverySecond(Reconciler reconciler, long from, long to) {
        for (long now = from; now <= to; now += Tunables.RECONCILE_TICK_MILLIS) {
            reconciler.tick(now);
        }
    }

    @Test
    void aListThatMissedAChangeIsGivenNacosListWithinOneIntervalAndTheCorrectionIsCounted() {
        NacosAppConfig config = config("reconcile-interval=1m");
        AppWatch watch = watch(config);
        nacos.publish("DEFAULT_GROUP", "orders", List.of(healthy("10.0.0.1", 1), healthy("10.0.0.2", 2)));
        // The push that said 10.0.0.2 had come was lost: the consumer was told only of 10.0.0.1.
        watch.offer(List.of(healthy("10.0.0.1", 1)));
        assertThat(listener.lastAddresses("orders")).containsExactly("10.0.0.1:1");

        String log;
        try (CapturedOutput output = CapturedOutput.start()) {
            tickEverySecond(reconciler(config, watch), t0, t0 + MINUTE);
            log = output.text();
        }

        assertThat(listener.lastAddresses("orders")).containsExactlyInAnyOrder("10.0.0.1:1", "10.0.0.2:2");
        WatchSnapshot stats = watch.stats();
        assertThat(stats.corrections()).isEqualTo(1);
        assertThat(stats.lastCheckMillis()).isBetween(t0, t0 + MINUTE);
        assertThat(log).contains("application 'orders'").contains("a notification was lost");
    }

    @Test
    void aListThatMatchesNacosIsLeftAsItIsWithTheSameObjects() {
        NacosAppConfig config = config("reconcile-interval=1m");
        AppWatch watch = watch(config);
        nacos.publish("DEFAULT_GROUP", "orders", List.of(healthy("10.0.0.1", 1)));
        watch.offer(List.of(healthy("10.0.0.1", 1)));
        int events = listener.events().size();
        int tasks = notificationTasks.get();

        tickEverySecond(reconciler(config, watch), t0, t0 + 5 * MINUTE);

        assertThat(listener.events()).hasSize(events);
        assertThat(notificationTasks.get())
                .as("an unchanged answer costs no notification task")
                .isEqualTo(tasks);
        assertThat(watch.stats().corrections()).isZero();
        assertThat(queries.get()).as("one query per application and interval").isBetween(4, 6);
    }

    @Test
    void aPushConvertedWhileTheQueryWasAnsweredIsNewerAndWins() {
        NacosAppConfig config = config("reconcile-interval=1m");
        AppWatch watch = watch(config);
        nacos.publish("DEFAULT_GROUP", "orders", List.of(healthy("10.0.0.1", 1), healthy("10.0.0.2", 2)));
        watch.offer(List.of(healthy("10.0.0.1", 1)));
        // Between the server's answer and its arrival, a push with a third instance is converted.
        nacos.beforeNextQueryAnswer(
                () -> watch.offer(List.of(healthy("10.0.0.1", 1), healthy("10.0.0.2", 2), healthy("10.0.0.3", 3))));

        Reconciler reconciler = reconciler(config, watch);
        long checkedAt = t0;
        while (queries.get() == 0) {
            reconciler.tick(checkedAt += Tunables.RECONCILE_TICK_MILLIS);
        }

        assertThat(listener.lastAddresses("orders"))
                .containsExactlyInAnyOrder("10.0.0.1:1", "10.0.0.2:2", "10.0.0.3:3");
        assertThat(watch.stats().corrections()).isZero();
    }

    @Test
    void nothingIsQueriedWhileDisconnectedAndACheckFollowsAFewSecondsAfterTheConnectionIsBack() {
        NacosAppConfig config = config("reconcile-interval=10m");
        AppWatch watch = watch(config);
        watch.offer(List.of(healthy("10.0.0.1", 1)));
        Reconciler reconciler = reconciler(config, watch);
        reconciler.tick(t0);
        nacos.setUp(false);
        int before = queries.get();

        tickEverySecond(reconciler, t0 + 1000, t0 + 30 * MINUTE);
        assertThat(queries.get()).as("queries while disconnected").isEqualTo(before);

        nacos.setUp(true);
        long back = t0 + 31 * MINUTE;
        reconciler.tick(back);
        long firstQuery = 0;
        for (long now = back + 1000; firstQuery == 0 && now < back + 10 * MINUTE; now += 1000) {
            reconciler.tick(now);
            if (queries.get() > before) {
                firstQuery = now;
            }
        }
        assertThat(firstQuery - back)
                .as("after reconnecting: 5 s, spread over up to 30 s more")
                .isBetween(
                        Tunables.RECONCILE_AFTER_RECONNECT_MILLIS, Tunables.RECONCILE_AFTER_RECONNECT_MILLIS + 30_000);
    }

    @Test
    void protectionDeliversTheEmptyListOnlyOnceNacosHasAnsweredNoneAtEveryQueryForTheTimeout() {
        NacosAppConfig config = config("reconcile-interval=off&empty-push-protection-timeout=10s");
        AppWatch watch = protectingWatch(config);
        assertThat(watch.stats().protectingSinceMillis()).isPositive();
        Reconciler reconciler = reconciler(config, watch);

        reconciler.tick(t0);
        assertThat(watch.stats().protectionReleaseMillis()).isEqualTo(t0 + 10_000);
        tickEverySecond(reconciler, t0 + 1000, t0 + 9_000);
        assertThat(listener.lastAddresses("orders")).as("before the timeout").containsExactly("10.0.0.1:1");

        String log;
        try (CapturedOutput output = CapturedOutput.start()) {
            tickEverySecond(reconciler, t0 + 10_000, t0 + 12_000);
            log = output.text();
        }
        assertThat(listener.lastAddresses("orders")).as("after the timeout").isEmpty();
        assertThat(watch.stats().protectingSinceMillis()).isZero();
        assertThat(watch.stats().protectionReleaseMillis()).isZero();
        assertThat(log).contains("its providers are gone: delivering the empty list");
        assertThat(queries.get())
                .as("a query every fifth of the timeout, 1 s at least")
                .isBetween(5, 7);
    }

    @Test
    void aLostConnectionStartsTheCountAgain() {
        NacosAppConfig config = config("reconcile-interval=off&empty-push-protection-timeout=10s");
        AppWatch watch = protectingWatch(config);
        Reconciler reconciler = reconciler(config, watch);
        tickEverySecond(reconciler, t0, t0 + 6_000);

        nacos.setUp(false);
        reconciler.tick(t0 + 7_000);
        nacos.setUp(true);
        tickEverySecond(reconciler, t0 + 8_000, t0 + 17_000);
        assertThat(listener.lastAddresses("orders"))
                .as("10 s since the count began, 9 s since it began again")
                .containsExactly("10.0.0.1:1");

        tickEverySecond(reconciler, t0 + 18_000, t0 + 20_000);
        assertThat(listener.lastAddresses("orders")).isEmpty();
    }

    @Test
    void anAnswerWithInstancesEndsProtectionAndItsCount() {
        NacosAppConfig config = config("reconcile-interval=off&empty-push-protection-timeout=10s");
        AppWatch watch = protectingWatch(config);
        Reconciler reconciler = reconciler(config, watch);
        tickEverySecond(reconciler, t0, t0 + 4_000);

        // A provider registers again, but its push is lost too.
        nacos.publish("DEFAULT_GROUP", "orders", List.of(healthy("10.0.0.2", 2)));
        tickEverySecond(reconciler, t0 + 5_000, t0 + 30_000);

        assertThat(listener.lastAddresses("orders")).containsExactly("10.0.0.2:2");
        assertThat(listener.events())
                .noneMatch(event -> event.getServiceInstances().isEmpty());
        assertThat(watch.stats().protectingSinceMillis()).isZero();
    }

    @Test
    void withTheTimeoutOffProtectionKeepsTheLastListWhateverNacosAnswers() {
        NacosAppConfig config = config("reconcile-interval=1m&empty-push-protection-timeout=off");
        AppWatch watch = protectingWatch(config);

        tickEverySecond(reconciler(config, watch), t0, t0 + 30 * MINUTE);

        assertThat(listener.events())
                .noneMatch(event -> event.getServiceInstances().isEmpty());
        assertThat(watch.stats().protectingSinceMillis()).isPositive();
        assertThat(watch.stats().protectionReleaseMillis()).isZero();
    }

    @Test
    void aConsumerWithoutProtectionIsGivenTheEmptyListAtTheNextCheck() {
        NacosAppConfig config = config("reconcile-interval=1m&empty-push-protection=false");
        AppWatch watch = watch(config);
        watch.offer(List.of(healthy("10.0.0.1", 1)));

        tickEverySecond(reconciler(config, watch), t0, t0 + 2 * MINUTE);

        assertThat(listener.lastAddresses("orders")).isEmpty();
        assertThat(watch.stats().corrections()).isEqualTo(1);
    }

    @Test
    void withBothSwitchedOffNothingIsScheduled() {
        NacosAppConfig config = config("reconcile-interval=off&empty-push-protection-timeout=off");
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
        try {
            Reconciler reconciler = reconciler(config, watch(config));
            reconciler.start(scheduler);

            assertThat(reconciler.isNeeded()).isFalse();
            assertThat(scheduler.getQueue()).isEmpty();
        } finally {
            scheduler.shutdownNow();
        }
    }

    /** The client's operations, with the direct queries counted. */
    private NamingOperations counted(NamingOperations operations) {
        return new NamingOperations() {
            @Override
            public void registerInstance(String serviceName, String group, Instance instance) throws NacosException {
                operations.registerInstance(serviceName, group, instance);
            }

            @Override
            public void batchRegisterInstance(String serviceName, String group, List<Instance> instances)
                    throws NacosException {
                operations.batchRegisterInstance(serviceName, group, instances);
            }

            @Override
            public void deregisterInstance(String serviceName, String group, Instance instance) throws NacosException {
                operations.deregisterInstance(serviceName, group, instance);
            }

            @Override
            public List<Instance> getAllInstances(String serviceName, String group) throws NacosException {
                queries.incrementAndGet();
                return new ArrayList<>(operations.getAllInstances(serviceName, group));
            }

            @Override
            public List<Instance> cachedInstances(String serviceName, String group) throws NacosException {
                return operations.cachedInstances(serviceName, group);
            }

            @Override
            public ListView<String> getServicesOfServer(int pageNo, int pageSize, String group) throws NacosException {
                return operations.getServicesOfServer(pageNo, pageSize, group);
            }

            @Override
            public void subscribe(String serviceName, String group, EventListener listener) throws NacosException {
                operations.subscribe(serviceName, group, listener);
            }

            @Override
            public void unsubscribe(String serviceName, String group, EventListener listener) throws NacosException {
                operations.unsubscribe(serviceName, group, listener);
            }

            @Override
            public boolean isServerUp() {
                return operations.isServerUp();
            }

            @Override
            public void shutdown() throws NacosException {
                operations.shutdown();
            }
        };
    }
}
