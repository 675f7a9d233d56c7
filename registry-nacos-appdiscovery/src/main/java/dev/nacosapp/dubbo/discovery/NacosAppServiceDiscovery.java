package dev.nacosapp.dubbo.discovery;

import static org.apache.dubbo.common.constants.LoggerCodeConstants.REGISTRY_NACOS_EXCEPTION;
import static org.apache.dubbo.common.constants.RegistryConstants.DEFAULT_ENABLE_EMPTY_PROTECTION;
import static org.apache.dubbo.common.constants.RegistryConstants.ENABLE_EMPTY_PROTECTION_KEY;
import static org.apache.dubbo.metadata.RevisionResolver.EMPTY_REVISION;
import static org.apache.dubbo.registry.client.metadata.ServiceInstanceMetadataUtils.EXPORTED_SERVICES_REVISION_PROPERTY_NAME;

import com.alibaba.nacos.api.exception.NacosException;
import dev.nacosapp.dubbo.discovery.internal.NacosAppResources;
import dev.nacosapp.dubbo.discovery.internal.client.ClientPool;
import dev.nacosapp.dubbo.discovery.internal.client.NacosErrors;
import dev.nacosapp.dubbo.discovery.internal.client.SharedNamingClient;
import dev.nacosapp.dubbo.discovery.internal.config.NacosAppConfig;
import dev.nacosapp.dubbo.discovery.internal.conversion.InstanceMapper;
import dev.nacosapp.dubbo.discovery.internal.conversion.MetadataOverLimitException;
import dev.nacosapp.dubbo.discovery.internal.conversion.PortMappedMetadata;
import dev.nacosapp.dubbo.discovery.internal.dubbo.DubboLine;
import dev.nacosapp.dubbo.discovery.internal.registration.Registration;
import dev.nacosapp.dubbo.discovery.internal.registration.RegistrationTracker;
import dev.nacosapp.dubbo.discovery.internal.registration.StartupRefusedException;
import dev.nacosapp.dubbo.discovery.internal.watch.WatchRegistry;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.common.Version;
import org.apache.dubbo.common.deploy.ModuleDeployer;
import org.apache.dubbo.common.logger.ErrorTypeAwareLogger;
import org.apache.dubbo.common.logger.LoggerFactory;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.metadata.MetadataInfo;
import org.apache.dubbo.registry.client.AbstractServiceDiscovery;
import org.apache.dubbo.registry.client.ServiceInstance;
import org.apache.dubbo.registry.client.event.listener.ServiceInstancesChangedListener;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.apache.dubbo.rpc.model.ModuleModel;

/**
 * Dubbo application-level discovery on Nacos: one Nacos service per Dubbo application. A thin adapter from Dubbo's
 * {@code ServiceDiscovery} to the startup check, this application's {@link Registration} and the
 * {@link WatchRegistry} of the applications it consumes. Thread-safe.
 */
public class NacosAppServiceDiscovery extends AbstractServiceDiscovery {
    private static final ErrorTypeAwareLogger LOGGER =
            LoggerFactory.getErrorTypeAwareLogger(NacosAppServiceDiscovery.class);

    private final NacosAppConfig config;
    private final ClientPool.Lease<SharedNamingClient> lease;
    private final SharedNamingClient client;
    private final Registration registration;
    private final RegistrationTracker registrations;
    private final WatchRegistry watches;
    private final AtomicBoolean firstRegistration = new AtomicBoolean(true);
    private final DubboLine dubbo = DubboLine.running();
    private final NacosAppResources resources;

    /** Created by {@link NacosAppServiceDiscoveryFactory} only: the config and resources it takes are internal. */
    NacosAppServiceDiscovery(
            ApplicationModel applicationModel, URL registryURL, NacosAppConfig config, NacosAppResources resources) {
        super(applicationModel, registryURL);
        this.config = config;
        this.resources = resources;
        for (String warning : config.warnings()) {
            LOGGER.warn(REGISTRY_NACOS_EXCEPTION, "suspicious registry parameter", "", warning);
        }
        reportIfDubboWillNotRegister(applicationModel);
        if (config.emptyPushProtection()
                && config.emptyPushProtectionTimeoutMillis() > 0
                && registryURL.getParameter(ENABLE_EMPTY_PROTECTION_KEY, DEFAULT_ENABLE_EMPTY_PROTECTION)) {
            LOGGER.info("nacos-app: enable-empty-protection=true: Dubbo ignores every empty provider list of an"
                    + " interface, so when Nacos has confirmed for " + config.emptyPushProtectionTimeoutMillis()
                    + " ms (empty-push-protection-timeout) that an application's providers are gone, the empty list"
                    + " nacos-app then delivers does not reach the invokers: consumers keep calling the last"
                    + " addresses, as with empty-push-protection-timeout=off");
        }
        this.lease = StartupCheck.connect(config, resources.pool());
        this.client = lease.client();
        final InstanceMapper mapper = new InstanceMapper(config);
        this.registration = new Registration(config, client, mapper, resources.retrier());
        final ApplicationModel model = applicationModel;
        this.watches = new WatchRegistry(
                config,
                client,
                (application, instance) -> mapper.toServiceInstance(application, instance, model),
                resources.dispatcher(),
                resources.retrier(),
                resources.reconcileScheduler());
        this.registrations = resources.registrations();
        registrations.add(registration);
    }

    /**
     * Dubbo 3.2 does not register an application whose {@code register-consumer} is false, even one that exports
     * services, and starts it without a word: its consumers would find no provider. Said once, at ERROR, when this
     * discovery is created for such an application (Dubbo creates it at the first export).
     */
    private void reportIfDubboWillNotRegister(ApplicationModel model) {
        ApplicationConfig application =
                model.getApplicationConfigManager().getApplication().orElse(null);
        if (application == null || dubbo.registersProviders(application.getRegisterConsumer())) {
            return;
        }
        for (ModuleModel module : model.getModuleModels()) {
            if (!module.isInternal() && !module.getConfigManager().getServices().isEmpty()) {
                LOGGER.error(
                        REGISTRY_NACOS_EXCEPTION,
                        "register-consumer=false on Dubbo 3.2",
                        "",
                        "nacos-app: Dubbo " + Version.getVersion() + " will not register application '"
                                + application.getName() + "' in " + config.describeTarget()
                                + ", so no consumer finds its services: dubbo.application.register-consumer=false"
                                + " stops Dubbo 3.2 from registering an application's instance even when it exports"
                                + " services. Leave register-consumer unset (or true) in applications that export"
                                + " services; set it to false only in applications that just consume.");
                return;
            }
        }
    }

    @Override
    protected void doRegister(ServiceInstance serviceInstance) {
        try {
            registration.register(serviceInstance, starting());
        } catch (StartupRefusedException e) {
            throw startupError(e);
        }
    }

    /** The public failure for a refused first registration; the internals that detect it do not know the API types. */
    private static NacosAppStartupError startupError(StartupRefusedException refused) {
        Throwable cause = refused.getCause();
        if (cause instanceof MetadataOverLimitException) {
            cause = new MetadataTooLargeException(cause.getMessage()).initCause(cause);
        }
        return new NacosAppStartupError(refused.getMessage(), cause);
    }

    /**
     * Whether this registration is the one the application starts with, so a failure may stop it. Decided from Dubbo's
     * module deployers: Dubbo registers the instance while a module is still starting (3.3 when the module exports its
     * first service, 3.2 as soon as the module has started), on the thread that started it, where a thrown
     * {@code Error} stops the start. A service exported later, with a delay or by hand, registers once every module has
     * completed, on Dubbo's refresh task, where an {@code Error} would end that task for good. The two lines mark the
     * end of a module's start differently ({@link DubboLine}).
     */
    private boolean starting() {
        if (!firstRegistration.getAndSet(false)) {
            return false;
        }
        for (ModuleModel module : applicationModel.getModuleModels()) {
            ModuleDeployer deployer = module.getDeployer();
            if (!module.isInternal() && deployer != null && dubbo.isStarting(deployer)) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected void doUpdate(ServiceInstance oldServiceInstance, ServiceInstance newServiceInstance) {
        this.serviceInstance = newServiceInstance;
        if (EMPTY_REVISION.equals(newServiceInstance.getMetadata().get(EXPORTED_SERVICES_REVISION_PROPERTY_NAME))) {
            // Every service was unexported: nothing is left to offer.
            registration.unregister(newServiceInstance.getServiceName());
            return;
        }
        reportMetadata(newServiceInstance.getServiceMetadata());
        registration.update(newServiceInstance);
    }

    @Override
    protected void doUnregister(ServiceInstance serviceInstance) {
        registration.unregister(serviceInstance.getServiceName());
    }

    @Override
    public Set<String> getServices() {
        try {
            return new LinkedHashSet<String>(client.getServices(config.group()));
        } catch (NacosException e) {
            throw new IllegalStateException(
                    "nacos-app: listing services of " + config.describeTarget() + " failed: " + NacosErrors.describe(e),
                    e);
        }
    }

    /** Cheap and never throws: whether this discovery is open and its client connected to a server. */
    @Override
    public boolean isAvailable() {
        return !isDestroy() && client.isServerUp();
    }

    @Override
    public List<ServiceInstance> getInstances(String application) {
        return watches.getInstances(application);
    }

    @Override
    public void addServiceInstancesChangedListener(ServiceInstancesChangedListener listener) {
        watches.add(listener);
    }

    @Override
    public void removeServiceInstancesChangedListener(ServiceInstancesChangedListener listener) {
        watches.remove(listener);
    }

    @Override
    public MetadataInfo getRemoteMetadata(String revision, List<ServiceInstance> instances) {
        return PortMappedMetadata.adjust(super.getRemoteMetadata(revision, instances), instances);
    }

    @Override
    protected void doDestroy() {
        // Deregister before the client may close, so consumers learn at once rather than on connection loss.
        registration.unregister(serviceName);
        registrations.remove(registration);
        watches.closeAll();
        lease.release();
    }

    /** Per watched application: last push time, instance count, pushes delivered, coalesced and dropped. */
    public Map<String, WatchStats> watchStats() {
        return WatchStats.of(watches.stats());
    }

    /** Whether Nacos holds an accepted registration of this application's instance (a consumer has none). */
    boolean registrationAccepted() {
        return registration.isAccepted();
    }

    /** Whether an instance of this application waits for Nacos to accept it, retried in the background. */
    boolean registrationWaiting() {
        return registration.awaitsAcceptance();
    }

    /** Failed registrations and subscriptions being retried, for every nacos-app discovery of the process. */
    int retriesPending() {
        return resources.retrier().pending();
    }

    @Override
    public String toString() {
        return "NacosAppServiceDiscovery{application=" + serviceName + ", " + config.describeTarget() + "}";
    }
}
