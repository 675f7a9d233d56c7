package dev.nacosapp.dubbo.discovery.internal;

import com.alibaba.nacos.api.exception.NacosException;
import dev.nacosapp.dubbo.discovery.internal.client.ClientPool;
import dev.nacosapp.dubbo.discovery.internal.client.NacosErrors;
import dev.nacosapp.dubbo.discovery.internal.client.NacosNamingOperations;
import dev.nacosapp.dubbo.discovery.internal.client.NamingOperationsFactory;
import dev.nacosapp.dubbo.discovery.internal.client.Retrier;
import dev.nacosapp.dubbo.discovery.internal.client.SharedNamingClient;
import dev.nacosapp.dubbo.discovery.internal.config.NacosAppConfig;
import dev.nacosapp.dubbo.discovery.internal.config.Tunables;
import dev.nacosapp.dubbo.discovery.internal.metadata.ConfigOperations;
import dev.nacosapp.dubbo.discovery.internal.metadata.ConfigOperationsFactory;
import dev.nacosapp.dubbo.discovery.internal.metadata.NacosConfigOperations;
import dev.nacosapp.dubbo.discovery.internal.registration.RegistrationTracker;
import dev.nacosapp.dubbo.discovery.internal.watch.NotificationDispatcher;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.dubbo.common.resource.Disposable;
import org.apache.dubbo.common.utils.NamedThreadFactory;
import org.apache.dubbo.rpc.model.FrameworkModel;

/**
 * What every {@code nacos-app} discovery and metadata report of one Dubbo framework shares: the pools of Nacos naming
 * and config clients, the notification executor ({@value Tunables#NOTIFY_THREADS} threads named
 * {@code nacos-app-notify-*}),
 * the retry scheduler (one thread named {@code nacos-app-retry-*}), the scheduler of the checks against direct
 * queries (one thread named {@code nacos-app-reconcile-*}, ticking once a second while a consumer watches) and the scheduler that closes what nacos-client
 * opens after a config client's shutdown (one thread named {@code nacos-app-sweep-*}, started when a config client is
 * closed, for sweeps over the next 15 s). Idle threads end after a minute, so the thread count never grows with the
 * number of applications. Lives as a bean of the {@link FrameworkModel} and is shut down
 * with it. Internal: the discoveries, metadata reports, config centers and probes reach it through the bean factory;
 * no public type hands it out. Thread-safe.
 */
public final class NacosAppResources implements Disposable {

    private final ClientPool<SharedNamingClient> pool;
    private final ClientPool<ConfigOperations> configPool;
    private final ThreadPoolExecutor notifyExecutor;
    private final ScheduledThreadPoolExecutor retryExecutor;
    /** Checks watched lists against direct queries of Nacos (see Reconciler): one tick a second per discovery. */
    private final ScheduledThreadPoolExecutor reconcileExecutor;
    /** Closes what nacos-client's config services open after their shutdown (see NacosConfigOperations). */
    private final ScheduledThreadPoolExecutor sweepExecutor;

    private final NotificationDispatcher dispatcher;
    private final Retrier retrier;
    private final RegistrationTracker registrations = new RegistrationTracker();

    public NacosAppResources(NamingOperationsFactory factory) {
        this(factory, null);
    }

    /**
     * @param factory creates the naming clients
     * @param configFactory creates the config clients; {@code null} for real nacos-client config services
     */
    public NacosAppResources(NamingOperationsFactory factory, ConfigOperationsFactory configFactory) {
        this.sweepExecutor = new ScheduledThreadPoolExecutor(1, new NamedThreadFactory("nacos-app-sweep", true));
        this.sweepExecutor.setKeepAliveTime(Tunables.IDLE_THREAD_SECONDS, TimeUnit.SECONDS);
        this.sweepExecutor.allowCoreThreadTimeOut(true);
        ConfigOperationsFactory configs = configFactory != null
                ? configFactory
                : NacosConfigOperations.factory(
                        (sweep, delayMillis) -> sweepExecutor.schedule(sweep, delayMillis, TimeUnit.MILLISECONDS));
        this.pool = new ClientPool<SharedNamingClient>(
                "naming",
                config -> new SharedNamingClient(factory.create(config.toClientProperties())),
                SharedNamingClient::shutdown);
        this.configPool = new ClientPool<ConfigOperations>(
                "config", config -> configs.create(config.toClientProperties()), ConfigOperations::shutdown);
        this.notifyExecutor = new ThreadPoolExecutor(
                Tunables.NOTIFY_THREADS,
                Tunables.NOTIFY_THREADS,
                Tunables.IDLE_THREAD_SECONDS,
                TimeUnit.SECONDS,
                // Holds at most one task per watched application (see NotificationDispatcher).
                new LinkedBlockingQueue<Runnable>(),
                new NamedThreadFactory("nacos-app-notify", true));
        this.notifyExecutor.allowCoreThreadTimeOut(true);
        this.retryExecutor = new ScheduledThreadPoolExecutor(1, new NamedThreadFactory("nacos-app-retry", true));
        this.retryExecutor.setKeepAliveTime(Tunables.IDLE_THREAD_SECONDS, TimeUnit.SECONDS);
        this.retryExecutor.allowCoreThreadTimeOut(true);
        this.retryExecutor.setRemoveOnCancelPolicy(true);
        this.reconcileExecutor =
                new ScheduledThreadPoolExecutor(1, new NamedThreadFactory("nacos-app-reconcile", true));
        this.reconcileExecutor.setKeepAliveTime(Tunables.IDLE_THREAD_SECONDS, TimeUnit.SECONDS);
        this.reconcileExecutor.allowCoreThreadTimeOut(true);
        this.reconcileExecutor.setRemoveOnCancelPolicy(true);
        this.dispatcher = new NotificationDispatcher(notifyExecutor);
        this.retrier = new Retrier(retryExecutor);
    }

    /** The resources of a framework, created with real nacos-clients on first use. */
    public static NacosAppResources of(FrameworkModel framework) {
        return framework
                .getBeanFactory()
                .getOrRegisterBean(
                        NacosAppResources.class, type -> new NacosAppResources(NacosNamingOperations.FACTORY));
    }

    public ClientPool<SharedNamingClient> pool() {
        return pool;
    }

    /** The config clients of the metadata reports and config centers. */
    public ClientPool<ConfigOperations> configPool() {
        return configPool;
    }

    /**
     * A lease on the shared config client for a metadata report or config center. Creating a config client does not
     * connect (nacos-client connects on first use): the startup-timeout bound only keeps a stuck creation from
     * holding Dubbo's startup.
     *
     * @throws IllegalStateException naming the target when nacos-client cannot be created, or when interrupted
     */
    public ClientPool.Lease<ConfigOperations> leaseConfigClient(NacosAppConfig config) {
        try {
            return configPool.acquire(config, config.startupTimeoutMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("nacos-app: interrupted while creating the Nacos config client for "
                    + config.describeTarget() + "; the application is being stopped");
        } catch (NacosException e) {
            throw new IllegalStateException(
                    "nacos-app: cannot create a Nacos config client for " + config.describeTarget() + ": "
                            + NacosErrors.describe(e),
                    e);
        }
    }

    public NotificationDispatcher dispatcher() {
        return dispatcher;
    }

    public Retrier retrier() {
        return retrier;
    }

    /** Runs every discovery's checks of its watched lists against direct queries. */
    public ScheduledExecutorService reconcileScheduler() {
        return reconcileExecutor;
    }

    /** The registrations of the framework's open discoveries, which the QoS probes ask. */
    public RegistrationTracker registrations() {
        return registrations;
    }

    @Override
    public void destroy() {
        retryExecutor.shutdownNow();
        reconcileExecutor.shutdownNow();
        notifyExecutor.shutdownNow();
        pool.closeAll();
        configPool.closeAll();
        // Lets the sweeps the config clients' shutdown scheduled still run; the thread ends after the last one.
        sweepExecutor.shutdown();
    }
}
