package dev.nacosapp.dubbo.discovery.internal.watch;

import static org.apache.dubbo.common.constants.LoggerCodeConstants.REGISTRY_NACOS_EXCEPTION;

import com.alibaba.nacos.api.exception.NacosException;
import dev.nacosapp.dubbo.discovery.internal.client.NacosErrors;
import dev.nacosapp.dubbo.discovery.internal.client.Retrier;
import dev.nacosapp.dubbo.discovery.internal.client.SharedNamingClient;
import dev.nacosapp.dubbo.discovery.internal.config.NacosAppConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.dubbo.common.logger.ErrorTypeAwareLogger;
import org.apache.dubbo.common.logger.LoggerFactory;
import org.apache.dubbo.registry.client.ServiceInstance;
import org.apache.dubbo.registry.client.event.listener.ServiceInstancesChangedListener;

/**
 * The watched applications of one discovery: one {@link AppWatch} and one Nacos subscription per application, shared
 * by every Dubbo listener of it and removed with the last one. Thread-safe; subscribe and unsubscribe are serialised
 * so a watch is never subscribed twice or leaked.
 *
 * <p>A failed subscribe never loses an application. nacos-client keeps the listener and its redo data even when the
 * request fails, so with {@code check=false} the watch stays and the subscription completes as soon as the server
 * answers. With {@code check=true} the failure is thrown and everything this listener's addition did is undone, in
 * nacos-client too, so that Dubbo's next attempt with the same listener starts afresh.
 *
 * <p>Longer than most classes because subscribe, its retry, its undo and unsubscribe share one lock and are only
 * correct read together; the direct query lives in {@link DirectQuery}.
 */
public final class WatchRegistry {
    private static final ErrorTypeAwareLogger LOGGER = LoggerFactory.getErrorTypeAwareLogger(WatchRegistry.class);

    private final NacosAppConfig config;
    private final SharedNamingClient client;
    private final InstanceFilter filter;
    private final InstanceConverter converter;
    private final NotificationDispatcher dispatcher;
    private final Retrier retrier;
    private final Reconciler reconciler;
    private final DirectQuery query;
    private final ScheduledExecutorService reconcileScheduler;
    private final ConcurrentMap<String, AppWatch> watches = new ConcurrentHashMap<String, AppWatch>();
    /** By identity, as Dubbo's listeners compare equal when they watch the same applications. Guarded by lock. */
    private final Set<ServiceInstancesChangedListener> listeners =
            Collections.newSetFromMap(new IdentityHashMap<ServiceInstancesChangedListener, Boolean>());

    private final Object lock = new Object();

    /**
     * @param reconcileScheduler runs the checks of every watch against direct queries ({@link Reconciler}), when
     *     reconcile-interval or empty-push-protection-timeout is on
     */
    public WatchRegistry(
            NacosAppConfig config,
            SharedNamingClient client,
            InstanceConverter converter,
            NotificationDispatcher dispatcher,
            Retrier retrier,
            ScheduledExecutorService reconcileScheduler) {
        this.config = config;
        this.client = client;
        this.filter = InstanceFilter.of(config);
        this.converter = converter;
        this.dispatcher = dispatcher;
        this.retrier = retrier;
        this.reconciler = new Reconciler(config, client, new Reconciler.Watches() {
            @Override
            public Collection<AppWatch> current() {
                return watches.values();
            }
        });
        this.reconcileScheduler = reconcileScheduler;
        this.query = new DirectQuery(config, client, filter, converter, watches, lock);
    }

    /**
     * The usable instances of an application, read from Nacos. When Nacos does not answer and
     * {@code load-cache-at-start} is on, nacos-client's cached list (from disk, or from a subscription) stands in.
     * If the application is watched, what is returned seeds its last good list, unless a push newer than the read
     * arrived meanwhile (then the push's list is returned). It makes no watch: Dubbo hands what is returned to the
     * listener it adds next, and the new watch protects what that listener holds ({@link #add}); a first load with
     * no listener after it leaves nothing behind.
     */
    public List<ServiceInstance> getInstances(String application) {
        return query.getInstances(application);
    }

    /** Watches every application of the listener, subscribing where it is the first listener. */
    public void add(ServiceInstancesChangedListener listener) {
        // Read before taking the lock: Dubbo calls its listener holding the listener's monitor.
        Map<String, List<ServiceInstance>> held = heldBy(listener);
        synchronized (lock) {
            if (!listeners.add(listener)) {
                return;
            }
            // From the first watch on, until the discovery is destroyed; a discovery that only registers needs none.
            reconciler.start(reconcileScheduler);
            List<AppWatch> subscribedNow = new ArrayList<AppWatch>();
            try {
                for (String application : listener.getServiceNames()) {
                    AppWatch watch = watchOf(application);
                    watch.addListener(listener);
                    if (!watch.isSubscribed()) {
                        List<ServiceInstance> alreadyHeld = held.get(application);
                        if (alreadyHeld != null) {
                            watch.adopt(alreadyHeld);
                        }
                        subscribedNow.add(watch);
                        subscribe(watch);
                    }
                }
            } catch (RuntimeException e) {
                undo(listener, subscribedNow);
                throw e;
            }
        }
    }

    /**
     * What the listener already holds per application: Dubbo gives a new listener the first load of each application
     * before adding it ({@code ServiceDiscoveryRegistry.subscribeURLs}), and keeps lists in {@code getAllInstances()},
     * written only in its {@code synchronized} event handling.
     */
    private static Map<String, List<ServiceInstance>> heldBy(ServiceInstancesChangedListener listener) {
        Map<String, List<ServiceInstance>> held = new HashMap<String, List<ServiceInstance>>();
        synchronized (listener) {
            Map<String, List<ServiceInstance>> all = listener.getAllInstances();
            if (all != null) {
                for (Map.Entry<String, List<ServiceInstance>> entry : all.entrySet()) {
                    if (entry.getValue() != null) {
                        held.put(entry.getKey(), new ArrayList<ServiceInstance>(entry.getValue()));
                    }
                }
            }
        }
        return held;
    }

    private AppWatch watchOf(String application) {
        AppWatch watch = watches.get(application);
        if (watch == null) {
            AppWatch created = new AppWatch(
                    application,
                    filter,
                    converter,
                    config.emptyPushProtection(),
                    config.emptyPushProtectionTimeoutMillis(),
                    dispatcher);
            watch = watches.putIfAbsent(application, created);
            if (watch == null) {
                watch = created;
            }
        }
        return watch;
    }

    private void subscribe(final AppWatch watch) {
        final String application = watch.application();
        // Marked first: nacos-client holds the listener from here on, whatever the request's outcome.
        watch.markSubscribed();
        try {
            client.subscribe(application, config.group(), watch);
            LOGGER.info("nacos-app: subscribed to application '" + application + "' on " + config.describeTarget());
            seed(watch);
        } catch (NacosException e) {
            if (config.check()) {
                throw new IllegalStateException(
                        "nacos-app: subscribing to application '" + application + "' on " + config.describeTarget()
                                + " failed: " + NacosErrors.describe(e),
                        e);
            }
            LOGGER.warn(
                    REGISTRY_NACOS_EXCEPTION,
                    "Nacos unreachable or refusing",
                    "",
                    "nacos-app: subscribing to application '" + application + "' failed: " + NacosErrors.describe(e)
                            + "; completed as soon as Nacos answers");
            retrier.retry(
                    "subscription to application '" + application + "'",
                    config.retryMaxDelayMillis(),
                    () -> watches.get(application) == watch && watch.isSubscribed(),
                    client::isServerUp,
                    () -> {
                        synchronized (lock) {
                            if (watches.get(application) == watch && watch.isSubscribed()) {
                                client.subscribe(application, config.group(), watch);
                                seed(watch);
                            }
                        }
                    });
        }
    }

    /**
     * Gives a just subscribed watch the list nacos-client holds now, which the subscribe just filled from the server,
     * as its last good list. nacos-client tells a new subscription nothing when that answer equals what it had cached
     * (its disk cache, or what an earlier subscription left), so without this the watch would have nothing to protect
     * and the next empty push would empty the consumer. A push converted meanwhile is newer and is kept.
     */
    private void seed(AppWatch watch) {
        long ticket = watch.ticket();
        try {
            // Answered from nacos-client's cache: the service is subscribed and its answer cached.
            watch.firstLoad(client.cachedInstances(watch.application(), config.group()), ticket);
        } catch (NacosException e) {
            LOGGER.debug("nacos-app: reading the cached instances of application '" + watch.application() + "' failed: "
                    + NacosErrors.describe(e) + "; its pushes bring them");
        }
    }

    /** Takes back what adding this listener did, so that adding it again starts from scratch. */
    private void undo(ServiceInstancesChangedListener listener, List<AppWatch> subscribedNow) {
        listeners.remove(listener);
        for (String application : listener.getServiceNames()) {
            AppWatch watch = watches.get(application);
            if (watch != null && watch.removeListener(listener) && subscribedNow.contains(watch)) {
                watches.remove(application);
                unsubscribe(watch);
            }
        }
    }

    /** Stops watching the listener's applications; the last listener of an application ends its subscription. */
    public void remove(ServiceInstancesChangedListener listener) {
        synchronized (lock) {
            if (!listeners.remove(listener)) {
                return;
            }
            for (String application : listener.getServiceNames()) {
                AppWatch watch = watches.get(application);
                if (watch != null && watch.removeListener(listener)) {
                    watches.remove(application);
                    unsubscribe(watch);
                }
            }
        }
    }

    /** Ends every subscription. */
    public void closeAll() {
        reconciler.stop();
        synchronized (lock) {
            for (AppWatch watch : watches.values()) {
                unsubscribe(watch);
            }
            watches.clear();
            listeners.clear();
        }
    }

    private void unsubscribe(AppWatch watch) {
        boolean subscribed = watch.isSubscribed();
        watch.close();
        if (!subscribed) {
            return;
        }
        try {
            // nacos-client drops the listener and its redo data even when the request fails.
            client.unsubscribe(watch.application(), config.group(), watch);
            LOGGER.info("nacos-app: unsubscribed from application '" + watch.application() + "'");
        } catch (NacosException e) {
            LOGGER.warn(
                    REGISTRY_NACOS_EXCEPTION,
                    "unsubscribe failed",
                    "",
                    "nacos-app: unsubscribing from application '" + watch.application() + "' failed: "
                            + NacosErrors.describe(e));
        }
    }

    /**
     * Per watched application (every watch held, subscribed or still being subscribed): last push time, instance
     * count, pushes delivered, coalesced and dropped.
     */
    public Map<String, WatchSnapshot> stats() {
        Map<String, WatchSnapshot> stats = new TreeMap<String, WatchSnapshot>();
        for (AppWatch watch : watches.values()) {
            stats.put(watch.application(), watch.stats());
        }
        return stats;
    }
}
