package dev.nacosapp.dubbo.discovery;

import static dev.nacosapp.dubbo.discovery.internal.client.Instances.healthy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nacosapp.dubbo.discovery.internal.NacosAppResources;
import dev.nacosapp.dubbo.discovery.internal.client.InMemoryNacos;
import dev.nacosapp.dubbo.discovery.internal.config.NacosAppConfigParser;
import dev.nacosapp.dubbo.discovery.internal.watch.RecordingListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.MetricsConfig;
import org.apache.dubbo.metrics.collector.MetricsCollector;
import org.apache.dubbo.metrics.model.sample.CounterMetricSample;
import org.apache.dubbo.metrics.model.sample.GaugeMetricSample;
import org.apache.dubbo.metrics.model.sample.MetricSample;
import org.apache.dubbo.registry.client.DefaultServiceInstance;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.apache.dubbo.rpc.model.FrameworkModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NacosAppMetricsCollectorTest {
    private final FrameworkModel framework = new FrameworkModel();
    private final InMemoryNacos nacos = new InMemoryNacos();
    private final NacosAppResources resources = new NacosAppResources(nacos);
    private final List<NacosAppServiceDiscovery> discoveries = new ArrayList<>();

    @AfterEach
    void destroy() throws Exception {
        for (NacosAppServiceDiscovery discovery : discoveries) {
            discovery.destroy();
        }
        resources.destroy();
        framework.destroy();
    }

    @Test
    void isADubboMetricsCollectorActiveByDefault() {
        ApplicationModel model = framework.newApplication();

        assertThat(model.getExtensionLoader(MetricsCollector.class).getActivateExtensions())
                .hasAtLeastOneElementOfType(NacosAppMetricsCollector.class);
    }

    @Test
    void reportsNothingUnlessDubboRegistryMetricsAreEnabled() throws Exception {
        ApplicationModel model = application("web", null);
        NacosAppMetricsCollector collector = collectorOf(model);
        watch(model, "orders");

        assertThat(collector.calSamplesChanged()).isFalse();
        assertThat(collector.collect()).isEmpty();
    }

    @Test
    void followsPushesDropsAndProtectionPerWatchedApplication() throws Exception {
        ApplicationModel model = application("web", true);
        NacosAppMetricsCollector collector = collectorOf(model);
        NacosAppServiceDiscovery discovery = watch(model, "orders");

        nacos.publish("DEFAULT_GROUP", "orders", List.of(healthy("10.0.0.1", 1), healthy("10.0.0.2", 2)));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> discovery.watchStats().get("orders").instanceCount() == 2);
        assertThat(collector.calSamplesChanged()).as("new series").isTrue();
        assertThat(collector.calSamplesChanged()).as("nothing new since").isFalse();
        List<MetricSample> samples = collector.collect();

        assertThat(value(samples, "dubbo.registry.nacosapp.instances", "orders"))
                .isEqualTo(2);
        assertThat(value(samples, "dubbo.registry.nacosapp.pushes.received.total", "orders"))
                .isEqualTo(1);
        assertThat(value(samples, "dubbo.registry.nacosapp.pushes.delivered.total", "orders"))
                .isEqualTo(1);
        assertThat(value(samples, "dubbo.registry.nacosapp.pushes.dropped.total", "orders"))
                .isZero();
        assertThat(value(samples, "dubbo.registry.nacosapp.protection.holding", "orders"))
                .isZero();
        assertThat(value(samples, "dubbo.registry.nacosapp.connected", null)).isEqualTo(1);
        assertThat(value(samples, "dubbo.registry.nacosapp.registration.accepted", null))
                .as("a consumer registers nothing")
                .isZero();
        assertThat(sample(samples, "dubbo.registry.nacosapp.instances", "orders")
                        .getTags())
                .containsEntry("application.name", "web")
                .containsEntry("registry_cluster", "nacos-app")
                .containsEntry("watched.application", "orders");
        assertThat(sample(samples, "dubbo.registry.nacosapp.pushes.received.total", "orders"))
                .isInstanceOf(CounterMetricSample.class);

        // The providers are gone: the server holds nothing and pushes an empty list, which protection drops.
        nacos.publish("DEFAULT_GROUP", "orders", List.of());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<MetricSample> now = collector.collect();
            assertThat(value(now, "dubbo.registry.nacosapp.pushes.dropped.total", "orders"))
                    .isEqualTo(1);
            assertThat(value(now, "dubbo.registry.nacosapp.pushes.received.total", "orders"))
                    .isEqualTo(2);
            assertThat(value(now, "dubbo.registry.nacosapp.protection.holding", "orders"))
                    .isEqualTo(1);
            assertThat(value(now, "dubbo.registry.nacosapp.instances", "orders"))
                    .as("the last good list is kept")
                    .isEqualTo(2);
        });
        assertThat(value(samples, "dubbo.registry.nacosapp.pushes.dropped.total", "orders"))
                .as("the samples collected first read the live figures")
                .isEqualTo(1);
        assertThat(value(samples, "dubbo.registry.nacosapp.protection.holding.seconds", "orders"))
                .isGreaterThanOrEqualTo(0);
        // Within a second or two the discovery's own checks ask Nacos, which answers that nothing is left.
        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        value(collector.collect(), "dubbo.registry.nacosapp.protection.release.seconds", "orders") > 0);
        assertThat(sample(samples, "dubbo.registry.nacosapp.corrections.total", "orders"))
                .isInstanceOf(CounterMetricSample.class);
    }

    @Test
    void reportsTheRegistrationAndTheConnection() throws Exception {
        ApplicationModel model = application("orders", true);
        NacosAppMetricsCollector collector = collectorOf(model);
        NacosAppServiceDiscovery discovery = discovery(model);
        DefaultServiceInstance instance = new DefaultServiceInstance("orders", "10.0.0.9", 20880, null);
        instance.getMetadata().put("dubbo.metadata.revision", "r1");

        discovery.doRegister(instance);
        List<MetricSample> samples = collector.collect();

        assertThat(value(samples, "dubbo.registry.nacosapp.registration.accepted", null))
                .isEqualTo(1);
        assertThat(value(samples, "dubbo.registry.nacosapp.registration.waiting", null))
                .isZero();
        assertThat(value(samples, "dubbo.registry.nacosapp.retries.pending", null))
                .isZero();
        nacos.setUp(false);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> value(samples, "dubbo.registry.nacosapp.connected", null) == 0);
    }

    private ApplicationModel application(String name, Boolean enableRegistry) {
        ApplicationModel model = framework.newApplication();
        model.getApplicationConfigManager().setApplication(new ApplicationConfig(name));
        if (enableRegistry != null) {
            MetricsConfig metrics = new MetricsConfig(model);
            metrics.setEnableRegistry(enableRegistry);
            model.getApplicationConfigManager().setMetrics(metrics);
        }
        return model;
    }

    private NacosAppMetricsCollector collectorOf(ApplicationModel model) {
        return new NacosAppMetricsCollector(model, () -> Collections.unmodifiableList(discoveries));
    }

    private NacosAppServiceDiscovery watch(ApplicationModel model, String application) throws Exception {
        NacosAppServiceDiscovery discovery = discovery(model);
        discovery.addServiceInstancesChangedListener(new RecordingListener(Collections.singleton(application)));
        return discovery;
    }

    private NacosAppServiceDiscovery discovery(ApplicationModel model) throws Exception {
        URL url =
                URL.valueOf("nacos-app://127.0.0.1:8848?registry-type=service").setScopeModel(model);
        NacosAppServiceDiscovery discovery = new NacosAppServiceDiscovery(
                model, url, NacosAppConfigParser.system().parse(url), resources);
        discoveries.add(discovery);
        return discovery;
    }

    private static MetricSample sample(List<MetricSample> samples, String name, String watched) {
        return samples.stream()
                .filter(s -> s.getName().equals(name))
                .filter(s -> Objects.equals(s.getTags().get("watched.application"), watched))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no sample " + name + " for " + watched + " in " + samples));
    }

    private static double value(List<MetricSample> samples, String name, String watched) {
        MetricSample sample = sample(samples, name, watched);
        if (sample instanceof CounterMetricSample) {
            return ((CounterMetricSample<?>) sample).getValue().doubleValue();
        }
        return ((GaugeMetricSample<?>) sample).applyAsDouble();
    }
}
