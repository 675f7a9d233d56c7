package dev.nacosapp.dubbo.discovery;

import static org.apache.dubbo.common.constants.LoggerCodeConstants.REGISTRY_NACOS_EXCEPTION;
import static org.apache.dubbo.metadata.RevisionResolver.EMPTY_REVISION;
import static org.apache.dubbo.registry.client.metadata.ServiceInstanceMetadataUtils.EXPORTED_SERVICES_REVISION_PROPERTY_NAME;

import com.alibaba.nacos.api.exception.NacosException;
import com.alibaba.nacos.api.naming.pojo.Instance;
import dev.nacosapp.dubbo.discovery.client.SharedNamingClient;
import dev.nacosapp.dubbo.discovery.config.NacosAppConfig;
import dev.nacosapp.dubbo.discovery.mapping.InstanceMapper;
import dev.nacosapp.dubbo.discovery.mapping.MetadataTooLargeException;
import dev.nacosapp.dubbo.discovery.mapping.PortMappedMetadata;
import dev.nacosapp.dubbo.discovery.watch.AppWatch;
import dev.nacosapp.dubbo.discovery.watch.InstanceFilter;
import dev.nacosapp.dubbo.discovery.watch.WatchStats;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.common.logger.ErrorTypeAwareLogger;
import org.apache.dubbo.common.logger.LoggerFactory;
import org.apache.dubbo.metadata.MetadataInfo;
import org.apache.dubbo.registry.client.AbstractServiceDiscovery;
import org.apache.dubbo.registry.client.ServiceInstance;
import org.apache.dubbo.registry.client.event.listener.ServiceInstancesChangedListener;
import org.apache.dubbo.rpc.model.ApplicationModel;

/**
 * Dubbo application-level discovery on Nacos: one Nacos service per Dubbo application. Registers this application's
 * instance, answers instance queries, and keeps one Nacos subscription per watched application. Thread-safe.
 */
public class NacosAppServiceDiscovery extends AbstractServiceDiscovery {
    private static final ErrorTypeAwareLogger LOGGER =
            LoggerFactory.getErrorTypeAwareLogger(NacosAppServiceDiscovery.class);
    private static final long SERVER_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final NacosAppConfig config;
    private final NacosAppResources resources;
    private final SharedNamingClient client;
    private final InstanceMapper mapper;
    private final InstanceFilter filter;
    private final ConcurrentMap<String, AppWatch> watches = new ConcurrentHashMap<String, AppWatch>();
    /** Serialises subscribe and unsubscribe so a watch is never subscribed twice or leaked. */
    private final Object watchLock = new Object();

    private final AtomicBoolean registrationAttempted = new AtomicBoolean();
    /** The Nacos instance this discovery last published for its own application, or {@code null}. */
    private volatile Instance registered;

    public NacosAppServiceDiscovery(
            ApplicationModel applicationModel, URL registryURL, NacosAppConfig config, NacosAppResources resources) {
        super(applicationModel, registryURL);
        this.config = config;
        this.resources = resources;
        this.mapper = new InstanceMapper(config);
        this.filter = InstanceFilter.of(config);
        // The timeout covers creating the client too: nacos-client already tries to connect while it starts.
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.startupTimeoutMillis());
        try {
            this.client = resources.pool().acquire(config);
        } catch (NacosException e) {
            throw new NacosAppStartupError(
                    "nacos-app: cannot create a Nacos client for " + config.describeTarget() + ": " + describe(e), e);
        }
        if (config.check()) {
            awaitServer(deadline);
            verifyAccess();
        } else if (!client.isServerUp()) {
            LOGGER.warn(
                    REGISTRY_NACOS_EXCEPTION,
                    "Nacos unreachable",
                    "",
                    "nacos-app: " + config.describeTarget() + " is not reachable yet; starting anyway (check=false)."
                            + " Registrations and subscriptions complete once it is.");
        }
    }

    private void awaitServer(long deadline) {
        while (!client.isServerUp()) {
            if (System.nanoTime() - deadline >= 0 || Thread.currentThread().isInterrupted()) {
                resources.pool().release(client);
                throw new NacosAppStartupError("nacos-app: no Nacos server answered within "
                        + config.startupTimeoutMillis() + " ms: " + config.describeTarget()
                        + ". Start Nacos or fix the registry address; or set check=false on the registry to start"
                        + " without Nacos and register as soon as it is reachable.");
            }
            LockSupport.parkNanos(SERVER_POLL_NANOS);
        }
    }

    /** A connection alone does not prove the credentials: one read does, before anything is registered. */
    private void verifyAccess() {
        try {
            client.probe(config.group());
        } catch (NacosException e) {
            resources.pool().release(client);
            String advice = e.getErrCode() == NacosException.NO_RIGHT
                    ? ". Nacos refused the credentials: check the registry's username and password (or accessKey and"
                            + " secretKey) and the user's permissions on this namespace."
                    : ".";
            throw new NacosAppStartupError(
                    "nacos-app: " + config.describeTarget() + " answered a first query with an error: " + describe(e)
                            + advice,
                    e);
        }
    }

    @Override
    protected void doRegister(ServiceInstance serviceInstance) {
        final String application = serviceInstance.getServiceName();
        final boolean starting = starting();
        registrationAttempted.set(true);
        final Instance instance;
        try {
            instance = mapper.toInstance(serviceInstance);
        } catch (MetadataTooLargeException e) {
            if (starting) {
                throw new NacosAppStartupError(e.getMessage(), e);
            }
            throw e;
        }
        try {
            client.register(config.group(), application, instance);
            registered = instance;
            LOGGER.info("nacos-app: registered " + describe(instance) + " of application '" + application + "' on "
                    + config.describeTarget());
        } catch (NacosException e) {
            if (config.check() && starting) {
                abandon(application, instance);
                throw new NacosAppStartupError(
                        "nacos-app: registering " + describe(instance) + " of application '" + application + "' on "
                                + config.describeTarget() + " failed: " + describe(e)
                                + ". With check=false the application would start and keep retrying.",
                        e);
            }
            registered = instance;
            retryRegistration(application, instance, e);
        }
    }

    /** Takes back a refused registration, so nacos-client's redo does not repeat it until the process exits. */
    private void abandon(String application, Instance instance) {
        try {
            client.deregister(config.group(), application, instance);
        } catch (NacosException e) {
            LOGGER.debug("nacos-app: taking back the refused registration failed too: " + describe(e));
        }
    }

    /**
     * Whether this is the application's first registration, which Dubbo makes while it starts: a failure now can stop
     * it. Later registrations (new metadata revisions) run on Dubbo's refresh thread, where nobody could act on a
     * failure, so those are retried instead.
     */
    private boolean starting() {
        return !registrationAttempted.get();
    }

    @Override
    protected void doUpdate(ServiceInstance oldServiceInstance, ServiceInstance newServiceInstance) {
        if (EMPTY_REVISION.equals(revisionOf(newServiceInstance))
                || EMPTY_REVISION.equals(revisionOf(oldServiceInstance))
                || registered == null) {
            super.doUpdate(oldServiceInstance, newServiceInstance);
            return;
        }
        String application = newServiceInstance.getServiceName();
        Instance next = mapper.toInstance(newServiceInstance);
        this.serviceInstance = newServiceInstance;
        reportMetadata(newServiceInstance.getServiceMetadata());
        Instance previous = registered;
        registered = next;
        try {
            // One publication replaces the instance in place: consumers never see it missing.
            client.replace(config.group(), application, previous, next);
            LOGGER.info("nacos-app: updated " + describe(next) + " of application '" + application + "' (revision "
                    + revisionOf(newServiceInstance) + ")");
        } catch (NacosException e) {
            retryRegistration(application, next, e);
        }
    }

    @Override
    protected void doUnregister(ServiceInstance serviceInstance) {
        Instance instance = registered != null ? registered : mapper.toInstance(serviceInstance);
        registered = null;
        deregister(serviceInstance.getServiceName(), instance);
    }

    private void deregister(String application, Instance instance) {
        try {
            client.deregister(config.group(), application, instance);
            LOGGER.info("nacos-app: deregistered " + describe(instance) + " of application '" + application + "' from "
                    + config.describeTarget());
        } catch (NacosException e) {
            LOGGER.warn(
                    REGISTRY_NACOS_EXCEPTION,
                    "deregistration failed",
                    "",
                    "nacos-app: deregistering " + describe(instance) + " of application '" + application + "' from "
                            + config.describeTarget() + " failed: " + describe(e)
                            + "; Nacos removes an ephemeral instance when this process's connection closes.");
        }
    }

    private void retryRegistration(final String application, final Instance instance, NacosException cause) {
        LOGGER.warn(
                REGISTRY_NACOS_EXCEPTION,
                "Nacos unreachable or refusing",
                "",
                "nacos-app: registering " + describe(instance) + " of application '" + application + "' on "
                        + config.describeTarget() + " failed: " + describe(cause) + "; retrying in the background");
        resources
                .retrier()
                .retry(
                        "registration of " + describe(instance) + " of application '" + application + "'",
                        config.retryMaxDelayMillis(),
                        () -> client.republish(config.group(), application, instance));
    }

    @Override
    public Set<String> getServices() {
        try {
            return new LinkedHashSet<String>(client.getServices(config.group()));
        } catch (NacosException e) {
            throw new IllegalStateException(
                    "nacos-app: listing services of " + config.describeTarget() + " failed: " + describe(e), e);
        }
    }

    @Override
    public List<ServiceInstance> getInstances(String application) {
        AppWatch watch = watches.get(application);
        List<Instance> queried;
        try {
            queried = client.getAllInstances(application, config.group());
        } catch (NacosException e) {
            if (config.check() && watch == null) {
                throw new IllegalStateException(
                        "nacos-app: querying instances of application '" + application + "' on "
                                + config.describeTarget() + " failed: " + describe(e),
                        e);
            }
            LOGGER.warn(
                    REGISTRY_NACOS_EXCEPTION,
                    "query failed",
                    "",
                    "nacos-app: querying instances of application '" + application + "' failed: " + describe(e)
                            + "; its subscription delivers them once Nacos answers");
            queried = Collections.emptyList();
        }
        return (watch != null ? watch : newWatch(application)).firstLoad(queried);
    }

    @Override
    public void addServiceInstancesChangedListener(ServiceInstancesChangedListener listener) {
        if (!instanceListeners.add(listener)) {
            return;
        }
        for (String application : listener.getServiceNames()) {
            synchronized (watchLock) {
                AppWatch watch = watches.get(application);
                if (watch != null) {
                    watch.addListener(listener);
                    continue;
                }
                watch = newWatch(application);
                watch.addListener(listener);
                watches.put(application, watch);
                subscribe(watch);
            }
        }
    }

    private void subscribe(final AppWatch watch) {
        final String application = watch.application();
        try {
            client.subscribe(application, config.group(), watch);
            LOGGER.info("nacos-app: subscribed to application '" + application + "' on " + config.describeTarget());
        } catch (NacosException e) {
            if (config.check()) {
                watches.remove(application);
                watch.close();
                throw new IllegalStateException(
                        "nacos-app: subscribing to application '" + application + "' on " + config.describeTarget()
                                + " failed: " + describe(e),
                        e);
            }
            LOGGER.warn(
                    REGISTRY_NACOS_EXCEPTION,
                    "Nacos unreachable or refusing",
                    "",
                    "nacos-app: subscribing to application '" + application + "' failed: " + describe(e)
                            + "; retrying in the background");
            resources
                    .retrier()
                    .retry("subscription to application '" + application + "'", config.retryMaxDelayMillis(), () -> {
                        synchronized (watchLock) {
                            if (watches.get(application) == watch) {
                                client.subscribe(application, config.group(), watch);
                            }
                        }
                    });
        }
    }

    @Override
    public void removeServiceInstancesChangedListener(ServiceInstancesChangedListener listener) {
        if (!instanceListeners.remove(listener)) {
            return;
        }
        for (String application : listener.getServiceNames()) {
            synchronized (watchLock) {
                AppWatch watch = watches.get(application);
                if (watch != null && watch.removeListener(listener)) {
                    watches.remove(application);
                    unsubscribe(watch);
                }
            }
        }
    }

    private void unsubscribe(AppWatch watch) {
        watch.close();
        try {
            client.unsubscribe(watch.application(), config.group(), watch);
            LOGGER.info("nacos-app: unsubscribed from application '" + watch.application() + "'");
        } catch (NacosException e) {
            LOGGER.warn(
                    REGISTRY_NACOS_EXCEPTION,
                    "unsubscribe failed",
                    "",
                    "nacos-app: unsubscribing from application '" + watch.application() + "' failed: " + describe(e));
        }
    }

    @Override
    public MetadataInfo getRemoteMetadata(String revision, List<ServiceInstance> instances) {
        return PortMappedMetadata.adjust(super.getRemoteMetadata(revision, instances), instances);
    }

    @Override
    protected void doDestroy() {
        Instance mine = registered;
        if (mine != null) {
            // Deregister before the client may close, so consumers learn at once rather than on connection loss.
            registered = null;
            deregister(serviceName, mine);
        }
        synchronized (watchLock) {
            for (AppWatch watch : watches.values()) {
                unsubscribe(watch);
            }
            watches.clear();
        }
        resources.pool().release(client);
    }

    /** Per watched application: last push time, instance count, pushes delivered, coalesced and dropped. */
    public Map<String, WatchStats> watchStats() {
        Map<String, WatchStats> stats = new TreeMap<String, WatchStats>();
        for (AppWatch watch : watches.values()) {
            stats.put(watch.application(), watch.stats());
        }
        return stats;
    }

    private AppWatch newWatch(final String application) {
        final ApplicationModel model = applicationModel;
        return new AppWatch(
                application,
                filter,
                instance -> mapper.toServiceInstance(application, instance, model),
                config.emptyPushProtection(),
                resources.dispatcher());
    }

    private static String revisionOf(ServiceInstance instance) {
        return instance.getMetadata().get(EXPORTED_SERVICES_REVISION_PROPERTY_NAME);
    }

    private static String describe(Instance instance) {
        return instance.getIp() + ":" + instance.getPort() + " (cluster " + instance.getClusterName() + ")";
    }

    static String describe(NacosException e) {
        String message = e.getErrMsg() != null ? e.getErrMsg() : String.valueOf(e.getMessage());
        return message + " (Nacos error code " + e.getErrCode() + ")";
    }

    @Override
    public String toString() {
        return "NacosAppServiceDiscovery{application=" + serviceName + ", " + config.describeTarget() + "}";
    }
}
