package dev.nacosapp.dubbo.discovery.internal.registration;

import static org.apache.dubbo.common.constants.LoggerCodeConstants.REGISTRY_NACOS_EXCEPTION;
import static org.apache.dubbo.registry.client.metadata.ServiceInstanceMetadataUtils.EXPORTED_SERVICES_REVISION_PROPERTY_NAME;

import com.alibaba.nacos.api.exception.NacosException;
import com.alibaba.nacos.api.naming.pojo.Instance;
import dev.nacosapp.dubbo.discovery.internal.client.NacosErrors;
import dev.nacosapp.dubbo.discovery.internal.client.Retrier;
import dev.nacosapp.dubbo.discovery.internal.client.SharedNamingClient;
import dev.nacosapp.dubbo.discovery.internal.config.NacosAppConfig;
import dev.nacosapp.dubbo.discovery.internal.config.Tunables;
import dev.nacosapp.dubbo.discovery.internal.conversion.InstanceMapper;
import dev.nacosapp.dubbo.discovery.internal.conversion.MetadataOverLimitException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.dubbo.common.logger.ErrorTypeAwareLogger;
import org.apache.dubbo.common.logger.LoggerFactory;
import org.apache.dubbo.registry.client.ServiceInstance;

/**
 * This discovery's own instance in Nacos: what was last published, and what happens when Nacos refuses.
 *
 * <p>Only the first registration made while the application starts can stop it (as a {@link StartupRefusedException},
 * which the discovery turns into an {@code Error}, because Dubbo only logs exceptions there): metadata over the limit
 * at once, a refusal with {@code check=true} once startup-timeout has passed without a success. Every later registration or update runs on Dubbo's refresh task,
 * whose thread must never see an {@code Error}: a refusal is retried until Nacos accepts, and metadata that grew past
 * the limit is logged at ERROR once per revision while the last good registration stays. Thread-safe.
 */
public final class Registration {
    private static final ErrorTypeAwareLogger LOGGER = LoggerFactory.getErrorTypeAwareLogger(Registration.class);

    private final NacosAppConfig config;
    private final SharedNamingClient client;
    private final InstanceMapper mapper;
    private final Retrier retrier;

    /**
     * The instance last handed to Nacos (registered or being retried), or {@code null}. Written under this lock;
     * volatile so that {@link #awaitsAcceptance()} never waits for a registration in progress.
     */
    private volatile Instance published;
    /** Whether Nacos has acknowledged a registration of this discovery at least once; never reset. */
    private volatile boolean accepted;
    /** The revision whose metadata was last refused as too large, so it is logged once. Guarded by this. */
    private String refusedRevision;

    public Registration(NacosAppConfig config, SharedNamingClient client, InstanceMapper mapper, Retrier retrier) {
        this.config = config;
        this.client = client;
        this.mapper = mapper;
        this.retrier = retrier;
    }

    /** Registers the instance; {@code starting} tells whether this is the registration the application starts with. */
    public synchronized void register(ServiceInstance serviceInstance, boolean starting) {
        String application = serviceInstance.getServiceName();
        Instance instance;
        try {
            instance = mapper.toInstance(serviceInstance);
        } catch (MetadataOverLimitException e) {
            if (starting) {
                throw new StartupRefusedException(e.getMessage(), e);
            }
            refuse(serviceInstance, e);
            return;
        }
        if (starting && config.check()) {
            registerWhileStarting(application, instance);
            return;
        }
        published = instance;
        try {
            client.register(config.group(), application, instance);
            accepted = true;
            logRegistered(application, instance);
        } catch (NacosException e) {
            retry(application, instance, e);
        }
    }

    /**
     * Retries a refused first registration until startup-timeout has passed: one transient refusal must not stop the
     * application, a lasting one must.
     */
    private void registerWhileStarting(String application, Instance instance) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.startupTimeoutMillis());
        long pause = Tunables.REGISTER_FIRST_PAUSE_NANOS;
        while (true) {
            NacosException failure;
            try {
                client.register(config.group(), application, instance);
                published = instance;
                accepted = true;
                logRegistered(application, instance);
                return;
            } catch (NacosException e) {
                failure = e;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || Thread.currentThread().isInterrupted()) {
                abandon(application, instance);
                String why = Thread.currentThread().isInterrupted()
                        ? " was interrupted after a refusal: "
                        : " was refused for " + config.startupTimeoutMillis() + " ms (startup-timeout): ";
                throw new StartupRefusedException(
                        "nacos-app: registering " + describe(instance) + " of application '" + application + "' on "
                                + config.describeTarget() + why + NacosErrors.describe(failure)
                                + ". With check=false the application would start and keep retrying.",
                        failure);
            }
            LockSupport.parkNanos(Math.min(pause, left));
            pause = Math.min(pause * 2, Tunables.REGISTER_MAX_PAUSE_NANOS);
        }
    }

    /** Publishes a new revision in place of the last one; registers it if nothing was published yet. */
    public synchronized void update(ServiceInstance serviceInstance) {
        if (published == null) {
            register(serviceInstance, false);
            return;
        }
        String application = serviceInstance.getServiceName();
        Instance next;
        try {
            next = mapper.toInstance(serviceInstance);
        } catch (MetadataOverLimitException e) {
            refuse(serviceInstance, e);
            return;
        }
        Instance previous = published;
        published = next;
        try {
            // One publication replaces the instance in place: consumers never see it missing.
            client.replace(config.group(), application, previous, next);
            accepted = true;
            LOGGER.info("nacos-app: updated " + describe(next) + " of application '" + application + "' (revision "
                    + revisionOf(serviceInstance) + ")");
        } catch (NacosException e) {
            retry(application, next, e);
        }
    }

    /**
     * Whether an instance is to be registered that Nacos has not yet accepted: true while a registration is being
     * retried before the server first acknowledged one, false from that acknowledgement on for good, whatever happens
     * to the connection later. False when nothing was handed to Nacos (a consumer registers nothing) or after
     * unregistering. The registration an application starts with under {@code check=true} is not counted while it
     * runs: Dubbo's start waits for it, and fails if Nacos keeps refusing. Never blocks.
     */
    public boolean awaitsAcceptance() {
        return !accepted && published != null;
    }

    /**
     * Whether this discovery has an instance in Nacos that Nacos accepted: true from the first acknowledgement until
     * unregistering; an update being retried keeps it true, the previous registration being still there. Never blocks.
     */
    public boolean isAccepted() {
        return accepted && published != null;
    }

    /** Takes this application's instance out of Nacos, if one was published. */
    public synchronized void unregister(String application) {
        Instance instance = published;
        published = null;
        if (instance == null) {
            return;
        }
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
                            + config.describeTarget() + " failed: " + NacosErrors.describe(e)
                            + "; Nacos removes an ephemeral instance when this process's connection closes.");
        }
    }

    private void refuse(ServiceInstance serviceInstance, MetadataOverLimitException e) {
        String revision = revisionOf(serviceInstance);
        if (revision != null && revision.equals(refusedRevision)) {
            return;
        }
        refusedRevision = revision;
        LOGGER.error(
                REGISTRY_NACOS_EXCEPTION,
                "metadata too large",
                "",
                e.getMessage() + " Revision " + revision + " is not registered; "
                        + (published != null
                                ? "the last accepted registration stays in Nacos."
                                : "this application stays unregistered until its metadata fits."),
                e);
    }

    /** Takes back a refused registration, so nacos-client's redo does not repeat it until the process exits. */
    private void abandon(String application, Instance instance) {
        try {
            client.deregister(config.group(), application, instance);
        } catch (NacosException e) {
            LOGGER.debug("nacos-app: taking back the refused registration failed too: " + NacosErrors.describe(e));
        }
    }

    private void retry(final String application, final Instance instance, NacosException cause) {
        LOGGER.warn(
                REGISTRY_NACOS_EXCEPTION,
                "Nacos unreachable or refusing",
                "",
                "nacos-app: registering " + describe(instance) + " of application '" + application + "' on "
                        + config.describeTarget() + " failed: " + NacosErrors.describe(cause)
                        + "; retrying in the background");
        retrier.retry(
                "registration of " + describe(instance) + " of application '" + application + "'",
                config.retryMaxDelayMillis(),
                () -> isPublished(instance),
                client::isServerUp,
                () -> {
                    if (client.republish(config.group(), application, instance)) {
                        accepted = true;
                    }
                });
    }

    /** Whether {@code instance} is still the one to have in Nacos: not unregistered, not replaced by a newer one. */
    private synchronized boolean isPublished(Instance instance) {
        return published == instance;
    }

    private void logRegistered(String application, Instance instance) {
        LOGGER.info("nacos-app: registered " + describe(instance) + " of application '" + application + "' on "
                + config.describeTarget());
    }

    private static String revisionOf(ServiceInstance instance) {
        return instance.getMetadata().get(EXPORTED_SERVICES_REVISION_PROPERTY_NAME);
    }

    static String describe(Instance instance) {
        String cluster = instance.getClusterName();
        return instance.getIp() + ":" + instance.getPort() + " (cluster "
                + (cluster == null ? NacosAppConfig.DEFAULT_CLUSTER : cluster) + ")";
    }
}
