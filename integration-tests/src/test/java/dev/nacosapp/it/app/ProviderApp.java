package dev.nacosapp.it.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.ProtocolConfig;
import org.apache.dubbo.config.RegistryConfig;
import org.apache.dubbo.config.ServiceConfig;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;
import org.apache.dubbo.metadata.report.MetadataReportInstance;
import org.apache.dubbo.registry.ListenerRegistryWrapper;
import org.apache.dubbo.registry.Registry;
import org.apache.dubbo.registry.client.ServiceDiscovery;
import org.apache.dubbo.registry.client.ServiceDiscoveryRegistry;
import org.apache.dubbo.registry.support.RegistryManager;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.apache.dubbo.rpc.model.FrameworkModel;

/**
 * Runs test providers with Dubbo's plain API: one Dubbo application model per {@link ProviderSpec}, all in one
 * framework (so they share nacos-app's Nacos clients, as several applications of one process do). Used by
 * {@link ProviderMain} in a child JVM and directly by tests whose provider only has to start or fail to start. Not
 * thread-safe; close it once.
 */
public final class ProviderApp implements AutoCloseable {

    private final FrameworkModel framework;

    private final List<DubboBootstrap> bootstraps;

    private ProviderApp(FrameworkModel framework, List<DubboBootstrap> bootstraps) {
        this.framework = framework;
        this.bootstraps = bootstraps;
    }

    /**
     * Starts one provider in a framework of its own.
     *
     * @param spec the provider
     * @return the running provider
     * @throws RuntimeException whatever Dubbo or nacos-app throws at startup; everything started is destroyed first
     */
    public static ProviderApp start(ProviderSpec spec) {
        return start(List.of(spec));
    }

    /**
     * Starts providers in one new framework, in order.
     *
     * @param specs the providers
     * @return the running providers
     * @throws RuntimeException whatever Dubbo or nacos-app throws at startup; everything started is destroyed first
     */
    public static ProviderApp start(List<ProviderSpec> specs) {
        FrameworkModel framework = new FrameworkModel();
        List<DubboBootstrap> started = new ArrayList<>();
        ProviderApp app = new ProviderApp(framework, started);
        try {
            for (ProviderSpec spec : specs) {
                DubboBootstrap bootstrap = DubboBootstrap.newInstance(framework);
                started.add(bootstrap);
                configure(bootstrap, spec).start();
            }
            return app;
        } catch (RuntimeException | Error e) {
            app.close();
            throw e;
        }
    }

    private static DubboBootstrap configure(DubboBootstrap bootstrap, ProviderSpec spec) {
        ApplicationConfig application = new ApplicationConfig(spec.application());
        // QoS listens on 22222 by default: a second provider on the machine would fail to bind it.
        application.setQosEnable(false);
        application.setLogger("slf4j");
        // Tests start from a clean state, not from metadata cached in ~/.dubbo by an earlier run.
        application.setEnableFileCache(false);
        if (spec.metadataType() != null) {
            application.setMetadataType(spec.metadataType());
        }
        if (!spec.dubboProperties().isEmpty()) {
            bootstrap.getApplicationModel().modelEnvironment().updateAppConfigMap(spec.dubboProperties());
        }
        if (!spec.labels().isEmpty()) {
            // Dubbo copies dubbo.labels into the instance metadata; set per application instead of JVM-wide.
            bootstrap
                    .getApplicationModel()
                    .modelEnvironment()
                    .updateAppConfigMap(Map.of("dubbo.labels", spec.dubboLabels()));
        }

        List<ProtocolConfig> protocols = new ArrayList<>();
        for (ProviderSpec.Endpoint endpoint : spec.protocols()) {
            ProtocolConfig protocol = new ProtocolConfig(endpoint.protocol(), endpoint.port());
            protocol.setId(endpoint.protocol() + "-" + endpoint.port());
            protocols.add(protocol);
        }

        ServiceConfig<EchoService> service = new ServiceConfig<>();
        service.setInterface(EchoService.class);
        service.setRef(new EchoServiceImpl(spec.name()));
        service.setProtocols(protocols);
        // Dubbo ramps a new provider's weight up over 10 minutes; weight tests need the Nacos weight at once.
        service.setWarmup(0);
        if (spec.exportDelayMillis() > 0) {
            service.setDelay(spec.exportDelayMillis());
        }

        bootstrap.application(application).protocols(protocols).service(service);
        if (spec.registriesFromProperties()) {
            return bootstrap;
        }
        RegistryConfig registry = new RegistryConfig(spec.registry());
        if (spec.registryUsername() != null) {
            registry.setUsername(spec.registryUsername());
            registry.setPassword(spec.registryPassword());
        }
        return bootstrap.registry(registry);
    }

    /**
     * Describes what Dubbo built for each provider application from its configuration: the interface-level
     * registries, the service discoveries (application level), the metadata centers and the config centers, by
     * implementation class. Read after startup.
     *
     * @return one line per application: {@code app registries=[...] discoveries=[...] metadata=[...] config=[...]}
     */
    public List<String> wiring() {
        List<String> lines = new ArrayList<>();
        for (DubboBootstrap bootstrap : bootstraps) {
            ApplicationModel model = bootstrap.getApplicationModel();
            List<String> registries = new ArrayList<>();
            for (Registry registry : RegistryManager.getInstance(model).getRegistries()) {
                Registry inner = registry instanceof ListenerRegistryWrapper wrapper ? wrapper.getRegistry() : registry;
                if (!(inner instanceof ServiceDiscoveryRegistry)) {
                    registries.add(inner.getClass().getSimpleName());
                }
            }
            List<String> discoveries = new ArrayList<>();
            for (ServiceDiscovery discovery : RegistryManager.getInstance(model).getServiceDiscoveries()) {
                discoveries.add(discovery.getClass().getSimpleName());
            }
            List<String> metadata = new ArrayList<>();
            model.getBeanFactory()
                    .getBean(MetadataReportInstance.class)
                    .getMetadataReports(false)
                    .values()
                    .forEach(report -> metadata.add(report.getClass().getSimpleName()));
            List<String> configCenters = new ArrayList<>();
            model.getApplicationConfigManager()
                    .getConfigCenters()
                    .forEach(center -> configCenters.add(center.getProtocol()));
            lines.add(model.getApplicationName() + " registries=" + registries + " discoveries=" + discoveries
                    + " metadata=" + metadata + " config=" + configCenters);
        }
        return lines;
    }

    /** Stops every provider as Dubbo's shutdown hook would: deregisters, then closes the servers. */
    @Override
    public void close() {
        for (DubboBootstrap bootstrap : bootstraps) {
            try {
                bootstrap.destroy();
            } catch (RuntimeException e) {
                // Keep destroying the others; the framework below releases what is left.
            }
        }
        framework.destroy();
    }
}
