package dev.nacosapp.dubbo.discovery.internal.watch;

import com.alibaba.nacos.api.exception.NacosException;
import com.alibaba.nacos.api.naming.pojo.Instance;
import dev.nacosapp.dubbo.discovery.internal.client.NacosErrors;
import dev.nacosapp.dubbo.discovery.internal.client.SharedNamingClient;
import dev.nacosapp.dubbo.discovery.internal.config.NacosAppConfig;
import dev.nacosapp.dubbo.discovery.internal.config.Tunables;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.dubbo.common.logger.ErrorTypeAwareLogger;
import org.apache.dubbo.common.logger.LoggerFactory;

/**
 * Checks the lists a discovery's watches hold against direct queries of Nacos (not nacos-client's subscription
 * cache), so that a lost notification is repaired and empty-push protection learns when providers are really gone.
 * nacos-client only calls back when a push changes its cache; a push that never arrives, or a listener that missed
 * one, would otherwise leave a consumer on a wrong list for good.
 *
 * <p>When each watch is checked, on one tick a second, and only while the client is connected:
 * <ul>
 *   <li>every {@code reconcile-interval}, +-10% so that applications spread out, the first time at a random point
 *       within the first interval: one query per application and period;
 *   <li>a few seconds ({@value Tunables#RECONCILE_AFTER_RECONNECT_MILLIS} ms, spread over up to
 *       {@value Tunables#RECONCILE_RECONNECT_SPREAD_MILLIS} ms)
 *       after the connection comes back, when nacos-client's redo (every 3 s) has subscribed again and pushes may
 *       have been missed;
 *   <li>while protection holds an old list and {@code empty-push-protection-timeout} is on, every fifth of that
 *       timeout (1 to 10 s), so that the empty list is delivered soon after the timeout, not a period later.
 * </ul>
 * The answer goes to the watch, which compares it on the dispatcher like a push ({@link AppWatch#offerQueried}).
 * The queries of one discovery run one after another on the shared reconcile thread. Thread-safe.
 */
final class Reconciler {
    private static final ErrorTypeAwareLogger LOGGER = LoggerFactory.getErrorTypeAwareLogger(Reconciler.class);

    /** The watches to check. */
    interface Watches {
        Collection<AppWatch> current();
    }

    private final NacosAppConfig config;
    private final SharedNamingClient client;
    private final Watches watches;
    private final long intervalMillis;
    private final long confirmMillis;
    private ScheduledFuture<?> ticking;
    /** Touched by the tick alone. */
    private boolean connected;

    private boolean everConnected;

    Reconciler(NacosAppConfig config, SharedNamingClient client, Watches watches) {
        this.config = config;
        this.client = client;
        this.watches = watches;
        this.intervalMillis = config.reconcileIntervalMillis();
        long timeout = config.emptyPushProtection() ? config.emptyPushProtectionTimeoutMillis() : 0;
        this.confirmMillis = timeout == 0
                ? 0
                : Math.max(
                        Tunables.RECONCILE_MIN_CONFIRM_MILLIS,
                        Math.min(Tunables.RECONCILE_MAX_CONFIRM_MILLIS, timeout / 5));
    }

    /** Whether anything is to be checked at all: reconciliation or protection's timeout is on. */
    boolean isNeeded() {
        return intervalMillis > 0 || confirmMillis > 0;
    }

    synchronized void start(ScheduledExecutorService scheduler) {
        if (ticking == null && isNeeded()) {
            ticking = scheduler.scheduleWithFixedDelay(
                    new Runnable() {
                        @Override
                        public void run() {
                            tick(System.currentTimeMillis());
                        }
                    },
                    Tunables.RECONCILE_TICK_MILLIS,
                    Tunables.RECONCILE_TICK_MILLIS,
                    TimeUnit.MILLISECONDS);
        }
    }

    synchronized void stop() {
        if (ticking != null) {
            ticking.cancel(false);
            ticking = null;
        }
    }

    /** One round: notices a lost or regained connection, and checks the watches that are due. */
    void tick(long now) {
        try {
            if (!client.isServerUp()) {
                if (connected) {
                    connected = false;
                    for (AppWatch watch : watches.current()) {
                        watch.connectionLost();
                    }
                }
                return;
            }
            boolean reconnected = !connected && everConnected;
            connected = true;
            everConnected = true;
            for (AppWatch watch : watches.current()) {
                if (!watch.isSubscribed()) {
                    continue;
                }
                if (reconnected) {
                    watch.nextCheckAt(now
                            + Tunables.RECONCILE_AFTER_RECONNECT_MILLIS
                            + random(Math.min(spreadMillis(), Tunables.RECONCILE_RECONNECT_SPREAD_MILLIS)));
                } else if (watch.nextCheckMillis() == 0) {
                    // A new watch: its subscribe just read the server; the first check comes within one period.
                    watch.nextCheckAt(intervalMillis > 0 ? now + random(intervalMillis) : Long.MAX_VALUE);
                }
                if (now >= dueMillis(watch)) {
                    check(watch, now);
                    watch.nextCheckAt(intervalMillis > 0 ? now + jittered(intervalMillis) : Long.MAX_VALUE);
                }
            }
        } catch (RuntimeException e) {
            // Never let one round end the schedule.
            LOGGER.debug("nacos-app: a reconciliation round failed: " + e);
        }
    }

    private long spreadMillis() {
        return intervalMillis > 0 ? intervalMillis : Tunables.RECONCILE_RECONNECT_SPREAD_MILLIS;
    }

    /** When the watch is due: its next check, or sooner while protection waits for Nacos to confirm. */
    private long dueMillis(AppWatch watch) {
        long due = watch.nextCheckMillis();
        if (confirmMillis > 0 && watch.isProtecting()) {
            due = Math.min(due, watch.lastCheckMillis() + confirmMillis);
        }
        return due;
    }

    private void check(AppWatch watch, long now) {
        long ticket = watch.ticket();
        List<Instance> instances;
        try {
            instances = client.getAllInstances(watch.application(), config.group());
        } catch (NacosException e) {
            LOGGER.debug("nacos-app: checking the instances of application '" + watch.application() + "' failed: "
                    + NacosErrors.describe(e) + "; checked again next time");
            return;
        }
        watch.offerQueried(instances, ticket, now);
    }

    private static long random(long boundMillis) {
        return boundMillis <= 0 ? 0 : ThreadLocalRandom.current().nextLong(boundMillis);
    }

    private static long jittered(long millis) {
        long tenth = Math.max(1, millis / 10);
        return millis - tenth + random(2 * tenth + 1);
    }
}
