package dev.nacosapp.it;

import static dev.nacosapp.it.support.Waits.eventually;
import static dev.nacosapp.it.support.Waits.within;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nacosapp.dubbo.discovery.WatchStats;
import dev.nacosapp.it.app.Consumer;
import dev.nacosapp.it.app.ProviderSpec;
import dev.nacosapp.it.support.FreePorts;
import dev.nacosapp.it.support.Names;
import dev.nacosapp.it.support.ProviderProcess;
import dev.nacosapp.it.support.Registry;
import dev.nacosapp.it.support.Started;
import dev.nacosapp.it.support.Timings;
import dev.nacosapp.it.support.Traffic;
import dev.nacosapp.testkit.embedded.EmbeddedNacosServer;
import dev.nacosapp.testkit.junit.WithNacos;
import dev.nacosapp.testkit.server.NacosTarget;
import java.time.Duration;
import java.util.List;
import org.apache.dubbo.rpc.RpcException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A consumer repairs what notifications alone get wrong: {@code reconcile-interval} compares each watched list with
 * a direct query of Nacos and delivers Nacos' list when a push was lost, and {@code empty-push-protection-timeout}
 * lets protection deliver the empty list once Nacos has kept answering, while connected, that the providers are
 * gone. Each fault test has a control consumer in the same test with the feature off, which keeps the wrong list:
 * that shows the fault bites and the feature is what repairs it. Settings are short (a period of 3 s, a timeout of
 * 6 s) so that the class stays quick; the times are reported.
 *
 * <p>Lost pushes and registrations held back after a restart are faults of the embedded server; those tests are
 * skipped on other targets. Killed providers need no fault, so that test runs everywhere.
 */
@WithNacos
class SelfHealingIT {

    private static final String RECONCILE_INTERVAL = "reconcile-interval";

    private static final String PROTECTION_TIMEOUT = "empty-push-protection-timeout";

    /** The consumers' {@code reconcile-interval} in the lost-push tests. */
    private static final Duration PERIOD = Duration.ofSeconds(3);

    /**
     * How long a correction may take: one period (+10% jitter, a 1 s tick, the query) is what the logic needs; the
     * rest is room for a loaded 2-core machine.
     */
    private static final Duration CORRECTION_WAIT = PERIOD.multipliedBy(5);

    /** The protected consumer's {@code empty-push-protection-timeout}. */
    private static final Duration PROTECTION = Duration.ofSeconds(6);

    /** {@code empty-push-protection-timeout}'s default. */
    private static final Duration DEFAULT_PROTECTION = Duration.ofSeconds(30);

    private final String namespace = Names.unique("it-self-healing");

    private final String application = Names.unique("healing-provider");

    private final Started started = new Started();

    @AfterEach
    void stopAll(NacosTarget nacos) throws Exception {
        try {
            started.close();
        } finally {
            nacos.embedded().ifPresent(server -> {
                server.faults().deliverPushes(namespace, "", application);
                server.faults().setRegistrationHoldAfterRestart(Duration.ZERO);
            });
        }
    }

    /**
     * Provider A runs and two consumers call it; then every push of the provider application is lost and provider B
     * starts. The consumer with {@code reconcile-interval=3s} finds B at its next check and calls both; the control
     * consumer, with reconciliation off, never hears of B.
     */
    @Test
    void aPushTheServerNeverDeliversIsRepairedByTheNextCheck(NacosTarget nacos) {
        EmbeddedNacosServer server = nacos.requireEmbedded("Pushes the server never delivers");
        Registry registry = Registry.of(nacos).namespace(namespace);
        started.add(ProviderProcess.start(getClass(), provider("healing-a", registry)));
        Consumer healing = consumer(registry.with(RECONCILE_INTERVAL, "3s"), "healing-consumer");
        Consumer control = consumer(registry.with(RECONCILE_INTERVAL, "off"), "healing-control");
        eventually().ignoreExceptions().until(healing::whoAmI, "healing-a"::equals);
        eventually().ignoreExceptions().until(control::whoAmI, "healing-a"::equals);

        server.faults().losePushes(namespace, "", application);
        long lostBefore = server.faults().lostPushCount(namespace, "", application);
        started.add(ProviderProcess.start(getClass(), provider("healing-b", registry)));
        eventually()
                .until(() -> nacos.http().instances(namespace, "", application).size() == 2);
        long registeredAt = System.nanoTime();
        // B's registration was pushed to neither consumer.
        eventually().until(() -> server.faults().lostPushCount(namespace, "", application) >= lostBefore + 2);

        within(CORRECTION_WAIT).until(() -> watchOf(healing).instanceCount() == 2);
        Timings.report(
                nacos.kind(),
                "lost push: B registered until the consumer's list was corrected (reconcile-interval=3s)",
                sinceNanos(registeredAt));
        eventually().untilAsserted(() -> assertThat(healing.calls(20).answers())
                .containsOnlyKeys("healing-a", "healing-b"));
        assertThat(watchOf(healing).corrections()).isGreaterThanOrEqualTo(1);

        within(PERIOD.multipliedBy(4))
                .during(PERIOD.multipliedBy(2))
                .until(() -> watchOf(control).instanceCount() == 1);
        assertThat(control.calls(20).answers())
                .as("calls of the consumer with reconcile-interval=off, two periods after the other was corrected")
                .containsOnlyKeys("healing-a");
        assertThat(watchOf(control).corrections()).isZero();
    }

    /**
     * The sequence of a whole fleet restarted at once (Dubbo issue 15107, there with the built-in registry): the
     * consumer is stopped, the providers are killed, the server restarts and comes back empty. The consumer starts
     * again (same application name) while the provider application has no instance, so Nacos gives it nothing to
     * call; then the providers start and the push that should tell it is lost. To make that order deterministic, the
     * pushes of the provider application are lost from the restart on, the consumers have subscribed (the server
     * counts both subscribers) before the providers start, and the providers are two in one JVM. The consumer with
     * {@code reconcile-interval=3s} calls both within about a period; the control consumer, reconciliation off, has
     * no provider two periods after that.
     */
    @Test
    void aConsumerRestartedWithTheWholeFleetFindsProvidersWhosePushIsLost(NacosTarget nacos) {
        EmbeddedNacosServer server = nacos.requireEmbedded("Pushes the server never delivers, across a restart");
        Registry registry = Registry.of(nacos).namespace(namespace);
        Registry healingRegistry = registry.with(RECONCILE_INTERVAL, "3s");
        String consumerApplication = Names.unique("fleet-consumer");
        ProviderProcess before = started.add(ProviderProcess.start(getClass(), provider("fleet-before", registry)));
        try (Consumer first = Consumer.of(healingRegistry.address(), application)
                .application(consumerApplication)
                .start()) {
            eventually().ignoreExceptions().until(first::whoAmI, "fleet-before"::equals);
        }
        before.kill();
        before.awaitExit();
        server.restart();
        server.faults().losePushes(namespace, "", application);

        Consumer healing = started.add(Consumer.of(healingRegistry.address(), application)
                .application(consumerApplication)
                .start());
        Consumer control = consumer(registry.with(RECONCILE_INTERVAL, "off"), "fleet-control");
        eventually().until(() -> server.naming().subscriberCount(namespace, "", application) == 2);
        assertThat(watchOf(healing).instanceCount()).isZero();
        assertThat(watchOf(control).instanceCount()).isZero();

        long lostBefore = server.faults().lostPushCount(namespace, "", application);
        started.add(ProviderProcess.start(
                getClass(), provider("fleet-after-1", registry), provider("fleet-after-2", registry)));
        eventually()
                .until(() -> nacos.http().instances(namespace, "", application).size() == 2);
        long registeredAt = System.nanoTime();
        eventually().until(() -> server.faults().lostPushCount(namespace, "", application) >= lostBefore + 2);

        within(CORRECTION_WAIT).until(() -> watchOf(healing).instanceCount() == 2);
        Timings.report(
                nacos.kind(),
                "fleet restart, lost push: providers registered until the restarted consumer's list was corrected"
                        + " (reconcile-interval=3s)",
                sinceNanos(registeredAt));
        eventually().untilAsserted(() -> assertThat(healing.calls(20).answers())
                .containsOnlyKeys("fleet-after-1", "fleet-after-2"));
        assertThat(watchOf(healing).corrections()).isGreaterThanOrEqualTo(1);

        within(PERIOD.multipliedBy(4))
                .during(PERIOD.multipliedBy(2))
                .until(() -> watchOf(control).instanceCount() == 0);
        assertThatThrownBy(control::whoAmI)
                .as("a call of the consumer with reconcile-interval=off, two periods after the other called both")
                .isInstanceOf(RpcException.class)
                .hasMessageContaining("No provider available");
    }

    /**
     * Both providers of an application die at once (SIGKILL to the one JVM that runs both, so that Nacos pushes a
     * single empty list). Empty-push protection drops that push and keeps both; with
     * {@code empty-push-protection-timeout=6s} the consumer then queries Nacos, and once Nacos has answered "no
     * instance" for the timeout it delivers the empty list: not before the timeout counted from when protection
     * started holding, and well within a minute. The control consumer, timeout off, keeps both.
     */
    @Test
    void providersThatAreReallyGoneReachDubboOnceNacosHasConfirmedItForTheTimeout(NacosTarget nacos) {
        Registry registry = Registry.of(nacos).namespace(namespace);
        ProviderProcess providers = started.add(
                ProviderProcess.start(getClass(), provider("gone-1", registry), provider("gone-2", registry)));
        Consumer released = consumer(registry.with(PROTECTION_TIMEOUT, "6s"), "gone-consumer");
        Consumer control = consumer(registry.with(PROTECTION_TIMEOUT, "off"), "gone-control");
        for (Consumer each : List.of(released, control)) {
            eventually()
                    .untilAsserted(() -> assertThat(each.calls(20).answers()).containsOnlyKeys("gone-1", "gone-2"));
        }

        providers.kill();
        eventually().until(() -> watchOf(released).dropped() >= 1);
        WatchStats holding = watchOf(released);
        assertThat(holding.protectingSinceMillis())
                .as("protection holds: %s", holding)
                .isNotZero();
        assertThat(holding.instanceCount()).as("instances kept: %s", holding).isEqualTo(2);

        within(Duration.ofSeconds(60)).until(() -> watchOf(released).instanceCount() == 0);
        Duration held = Duration.ofMillis(System.currentTimeMillis() - holding.protectingSinceMillis());
        Timings.report(
                nacos.kind(),
                "providers gone: protection started holding until the empty list was delivered"
                        + " (empty-push-protection-timeout=6s)",
                held);
        assertThat(held).isGreaterThanOrEqualTo(PROTECTION).isLessThan(Duration.ofSeconds(60));
        WatchStats after = watchOf(released);
        assertThat(after.protectingSinceMillis())
                .as("protection ended: %s", after)
                .isZero();
        eventually().untilAsserted(() -> assertThatThrownBy(released::whoAmI)
                .isInstanceOf(RpcException.class)
                .hasMessageContaining("No provider available"));

        WatchStats kept = watchOf(control);
        assertThat(kept.instanceCount())
                .as("instances kept by the consumer with empty-push-protection-timeout=off: %s", kept)
                .isEqualTo(2);
        assertThat(kept.protectingSinceMillis()).isNotZero();
    }

    /**
     * A server restart in which the consumer's redone subscription is answered before the provider is registered
     * again (the embedded server refuses registrations for 8 s after the restart, long enough for a check to read it
     * without the provider: the confirmations while protection holds come every 6 s): the consumer gets an empty push,
     * and its checks (every 2 s, one a few seconds after the reconnection, and the confirmations while protection
     * holds) read a server without the provider. With the default timeout (30 s) protection keeps the provider
     * throughout: every call of the consumer, which makes no retry, succeeds, and before each call its subscription
     * held the provider. The calls also show that the checks did read the empty server (protection counted an
     * answer with no instance).
     */
    @Test
    void checksThatReadARestartedServerBeforeTheProvidersRedoDeliverNoEmptyList(NacosTarget nacos) {
        EmbeddedNacosServer server = nacos.requireEmbedded("A restart that holds registrations back");
        server.faults().setRegistrationHoldAfterRestart(Duration.ofSeconds(8));
        Registry registry = Registry.of(nacos).namespace(namespace);
        started.add(ProviderProcess.start(getClass(), provider("restart-kept", registry)));
        Consumer consumer =
                started.add(Consumer.of(registry.with(RECONCILE_INTERVAL, "2s").address(), application)
                        .application(Names.unique("restart-consumer"))
                        .retries(0)
                        .start());
        eventually().ignoreExceptions().until(consumer::whoAmI, "restart-kept"::equals);
        eventually().until(() -> watchOf(consumer).lastCheckMillis() != 0);

        try (Traffic traffic = Traffic.start(consumer, Duration.ofMillis(20))) {
            server.stop();
            long downAt = System.currentTimeMillis();
            // Down long enough for the reconciler's one-second tick to see the connection lost.
            eventually().until(() -> traffic.since(downAt).size() >= 100);
            server.start();
            long upAt = System.currentTimeMillis();

            within(Duration.ofSeconds(60))
                    .until(() ->
                            nacos.http().instances(namespace, "", application).size() == 1);
            Timings.report(
                    nacos.kind(),
                    "restart with protection: server up until the provider was registered again (8 s hold)",
                    Duration.ofMillis(System.currentTimeMillis() - upAt));
            eventually().until(() -> watchOf(consumer).protectingSinceMillis() == 0);
            // Past the check after the reconnection (5 to 7 s after the reconciler saw the connection back) and two
            // periods more.
            within(Duration.ofSeconds(60)).until(() -> watchOf(consumer).lastCheckMillis() > upAt + 12_000);

            List<Traffic.Call> calls = traffic.since(downAt);
            assertThat(traffic.failures())
                    .as("calls that failed across the restart (no retries)")
                    .isEmpty();
            assertThat(calls)
                    .as("calls before which the consumer's subscription held no instance")
                    .filteredOn(call -> call.watch().instanceCount() == 0)
                    .isEmpty();
            assertThat(calls)
                    .as("calls made while empty-push protection held the provider")
                    .anyMatch(call -> call.watch().protectingSinceMillis() != 0);
            assertThat(calls)
                    .as("calls made after a check had found Nacos without instance (protection counting towards its"
                            + " timeout)")
                    .anyMatch(call -> call.watch().protectionReleaseMillis() != 0);
            long firstEmptyAnswerAt = calls.stream()
                            .mapToLong(call -> call.watch().protectionReleaseMillis())
                            .filter(release -> release != 0)
                            .min()
                            .orElseThrow()
                    - DEFAULT_PROTECTION.toMillis();
            Timings.report(
                    nacos.kind(),
                    "restart with protection: server up until a check found it without the provider",
                    Duration.ofMillis(firstEmptyAnswerAt - upAt));
            System.out.printf(
                    "[measure] restart with protection: %d calls since the server stopped; consumer's watch: %s%n",
                    calls.size(), watchOf(consumer));
        }
    }

    private Consumer consumer(Registry registry, String namePrefix) {
        return started.add(Consumer.of(registry.address(), application)
                .application(Names.unique(namePrefix))
                .start());
    }

    private ProviderSpec provider(String name, Registry registry) {
        return ProviderSpec.of(application, name, registry.address()).withProtocol("dubbo", FreePorts.next());
    }

    private static WatchStats watchOf(Consumer consumer) {
        return consumer.watch().orElseThrow();
    }

    private static Duration sinceNanos(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
