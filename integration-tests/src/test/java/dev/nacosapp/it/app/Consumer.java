package dev.nacosapp.it.app;

import dev.nacosapp.dubbo.discovery.NacosAppServiceDiscovery;
import dev.nacosapp.dubbo.discovery.WatchStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.ReferenceConfig;
import org.apache.dubbo.config.RegistryConfig;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;
import org.apache.dubbo.registry.client.ServiceDiscovery;
import org.apache.dubbo.registry.support.RegistryManager;
import org.apache.dubbo.rpc.model.FrameworkModel;

/**
 * A Dubbo consumer of {@link EchoService}, in a framework of its own (its own nacos-client, its own subscriptions): in
 * the test JVM, or in a consumer JVM whose main class runs it. Build it with {@link #of}, close it after the test.
 * Calls are thread-safe; start and close are not.
 */
public final class Consumer implements AutoCloseable {

    private final String providerApplication;

    private final FrameworkModel framework;

    private final DubboBootstrap bootstrap;

    private final EchoService echo;

    private Consumer(String providerApplication, FrameworkModel framework, DubboBootstrap bootstrap, EchoService echo) {
        this.providerApplication = providerApplication;
        this.framework = framework;
        this.bootstrap = bootstrap;
        this.echo = echo;
    }

    /**
     * Starts describing a consumer.
     *
     * @param registryAddress its registry address: {@code nacos-app://...}, or {@code nacos://...} for Dubbo's built-in
     *     discovery on the other side of a mixed fleet, for which {@link #watch()} and {@link #discovery()} are empty
     * @param providerApplication the application it calls ({@code providedBy})
     * @return a builder
     */
    public static Builder of(String registryAddress, String providerApplication) {
        return new Builder(registryAddress, providerApplication);
    }

    /**
     * Makes one call.
     *
     * @return the name of the provider that answered
     * @throws org.apache.dubbo.rpc.RpcException when the call fails
     */
    public String whoAmI() {
        return echo.whoAmI();
    }

    /**
     * Asks which endpoint answered.
     *
     * @return {@code protocol:port} as the provider saw it
     */
    public String endpoint() {
        return echo.endpoint();
    }

    /**
     * Asks where the provider saw the call come from.
     *
     * @return the caller's host address as the provider saw it
     */
    public String callerHost() {
        return echo.callerHost();
    }

    /**
     * Makes calls one after another and counts who answered; failures are counted, not thrown.
     *
     * @param count how many calls
     * @return the outcome
     */
    public Calls calls(int count) {
        Map<String, Integer> answers = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            try {
                answers.merge(echo.whoAmI(), 1, Integer::sum);
            } catch (RuntimeException e) {
                failures.add(String.valueOf(e.getMessage()));
            }
        }
        return new Calls(answers, failures);
    }

    /**
     * Creates a reference while the consumer runs, in its module, as an application that refers to a service only
     * when it first needs it does. Dubbo subscribes to the provider application then.
     *
     * @param application the provider application ({@code providedBy})
     * @return the service, without retries
     * @throws RuntimeException whatever Dubbo or nacos-app throws while referring
     */
    public EchoService refer(String application) {
        ReferenceConfig<EchoService> reference =
                new ReferenceConfig<>(bootstrap.getApplicationModel().getDefaultModule());
        reference.setInterface(EchoService.class);
        reference.setProvidedBy(application);
        reference.setCheck(false);
        reference.setRetries(0);
        reference.setId("runtime-" + application);
        return reference.get();
    }

    /**
     * Returns what nacos-app's subscription to the provider application has seen.
     *
     * @return the statistics, or empty before the subscription exists
     */
    public Optional<WatchStats> watch() {
        return discovery().map(d -> d.watchStats().get(providerApplication));
    }

    /**
     * Returns this consumer's nacos-app discovery.
     *
     * @return the discovery, or empty when Dubbo has not created it (yet)
     */
    public Optional<NacosAppServiceDiscovery> discovery() {
        for (ServiceDiscovery each :
                RegistryManager.getInstance(bootstrap.getApplicationModel()).getServiceDiscoveries()) {
            if (each instanceof NacosAppServiceDiscovery nacosApp) {
                return Optional.of(nacosApp);
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        try {
            bootstrap.destroy();
        } finally {
            framework.destroy();
        }
    }

    /**
     * What a series of calls gave.
     *
     * @param answers per provider name, how many calls it answered
     * @param failures the messages of failed calls
     */
    public record Calls(Map<String, Integer> answers, List<String> failures) {

        /**
         * Returns the share of calls one provider answered.
         *
         * @param provider the provider name
         * @return between 0 and 1
         */
        public double shareOf(String provider) {
            int total = answers.values().stream().mapToInt(Integer::intValue).sum() + failures.size();
            return total == 0 ? 0 : answers.getOrDefault(provider, 0) / (double) total;
        }
    }

    /** Describes a consumer; defaults: random load balancing, Dubbo's failover with 2 retries, 3 s timeout. */
    public static final class Builder {

        private final String registry;

        private final String providerApplication;

        // Unique, in the form of support.Names, which this package does not import (it runs in child JVMs, the
        // test-side
        // helpers start them): tests sharing a Nacos server never share state.
        private String application =
                "it-consumer-" + UUID.randomUUID().toString().substring(0, 8);

        private String protocol;

        private String loadbalance = "random";

        private Integer retries;

        private int timeoutMillis = 3000;

        private boolean providedBy = true;

        private boolean metadataCenter = true;

        private boolean configCenter = true;

        private String metadataType;

        private Builder(String registry, String providerApplication) {
            this.registry = registry;
            this.providerApplication = providerApplication;
        }

        public Builder application(String name) {
            this.application = name;
            return this;
        }

        /**
         * Calls only this protocol's endpoints.
         *
         * @param name {@code dubbo} or {@code tri}
         * @return this builder
         */
        public Builder protocol(String name) {
            this.protocol = name;
            return this;
        }

        public Builder loadbalance(String name) {
            this.loadbalance = name;
            return this;
        }

        /**
         * Sets how often a failed call is tried on another provider; 0 makes every failure visible.
         *
         * @param count retries after the first attempt
         * @return this builder
         */
        public Builder retries(int count) {
            this.retries = count;
            return this;
        }

        /**
         * Leaves {@code providedBy} out: Dubbo then finds the provider application through the interface-to-application
         * mapping of the metadata center.
         *
         * @return this builder
         */
        public Builder withoutProvidedBy() {
            this.providedBy = false;
            return this;
        }

        /**
         * Tells Dubbo not to use the registry as metadata center ({@code dubbo.registry.use-as-metadata-center=false}):
         * no interface-to-application mapping, so only {@code providedBy} finds the provider.
         *
         * @return this builder
         */
        public Builder withoutMetadataCenter() {
            this.metadataCenter = false;
            return this;
        }

        /**
         * Tells Dubbo not to use the registry as config center ({@code dubbo.registry.use-as-config-center=false}):
         * governance rules in Nacos config do not reach the consumer.
         *
         * @return this builder
         */
        public Builder withoutConfigCenter() {
            this.configCenter = false;
            return this;
        }

        /**
         * Sets Dubbo's metadata type; with {@code remote} the consumer reads providers' metadata from the metadata
         * center instead of calling their MetadataService.
         *
         * @param type {@code local} or {@code remote}
         * @return this builder
         */
        public Builder metadataType(String type) {
            this.metadataType = type;
            return this;
        }

        public Builder timeoutMillis(int millis) {
            this.timeoutMillis = millis;
            return this;
        }

        /**
         * Starts the consumer. The reference does not check for providers ({@code check=false}), so it starts
         * before any provider is known.
         *
         * @return the running consumer
         */
        public Consumer start() {
            FrameworkModel framework = new FrameworkModel();
            DubboBootstrap bootstrap = DubboBootstrap.newInstance(framework);
            try {
                ApplicationConfig app = new ApplicationConfig(application);
                app.setQosEnable(false);
                app.setLogger("slf4j");
                // Tests start from a clean state, not from metadata cached in ~/.dubbo by an earlier run.
                app.setEnableFileCache(false);
                // Dubbo 3.2 registers consumers by default: it exports a MetadataService for them on the dubbo port
                // (20880, every interface), which a second consumer cannot bind. 3.3's default is false.
                app.setRegisterConsumer(false);
                if (metadataType != null) {
                    app.setMetadataType(metadataType);
                }

                ReferenceConfig<EchoService> reference = new ReferenceConfig<>();
                reference.setInterface(EchoService.class);
                if (providedBy) {
                    reference.setProvidedBy(providerApplication);
                }
                reference.setCheck(false);
                reference.setLoadbalance(loadbalance);
                reference.setTimeout(timeoutMillis);
                if (retries != null) {
                    reference.setRetries(retries);
                }
                if (protocol != null) {
                    reference.setProtocol(protocol);
                }

                RegistryConfig registryConfig = new RegistryConfig(registry);
                if (!metadataCenter) {
                    registryConfig.setUseAsMetadataCenter(false);
                }
                if (!configCenter) {
                    registryConfig.setUseAsConfigCenter(false);
                }
                bootstrap
                        .application(app)
                        .registry(registryConfig)
                        .reference(reference)
                        .start();
                return new Consumer(providerApplication, framework, bootstrap, reference.get());
            } catch (RuntimeException | Error e) {
                bootstrap.destroy();
                framework.destroy();
                throw e;
            }
        }
    }
}
