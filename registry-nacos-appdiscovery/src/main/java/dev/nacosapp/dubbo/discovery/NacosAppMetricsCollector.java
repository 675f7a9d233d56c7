package dev.nacosapp.dubbo.discovery;

import static org.apache.dubbo.common.constants.RegistryConstants.REGISTRY_CLUSTER_KEY;

import dev.nacosapp.dubbo.discovery.MetricFigures.Figure;
import dev.nacosapp.dubbo.discovery.internal.config.Tunables;
import dev.nacosapp.dubbo.discovery.internal.dubbo.NacosAppRegistries;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.dubbo.common.extension.Activate;
import org.apache.dubbo.config.MetricsConfig;
import org.apache.dubbo.metrics.collector.MetricsCollector;
import org.apache.dubbo.metrics.event.MetricsEvent;
import org.apache.dubbo.metrics.event.TimeCounterEvent;
import org.apache.dubbo.metrics.model.MetricsCategory;
import org.apache.dubbo.metrics.model.MetricsSupport;
import org.apache.dubbo.metrics.model.sample.CounterMetricSample;
import org.apache.dubbo.metrics.model.sample.GaugeMetricSample;
import org.apache.dubbo.metrics.model.sample.MetricSample;
import org.apache.dubbo.registry.client.AbstractServiceDiscoveryFactory;
import org.apache.dubbo.registry.client.ServiceDiscovery;
import org.apache.dubbo.registry.client.ServiceDiscoveryFactory;
import org.apache.dubbo.rpc.model.ApplicationModel;

/**
 * Dubbo metrics collector {@code nacos-app}: what only nacos-app knows about its discoveries (pushes received,
 * delivered, coalesced and dropped, empty-push protection, the connection to Nacos, the registration) as Dubbo metric
 * samples, which Dubbo's reporters (Prometheus among them) publish. Dubbo reads the file that names it only when it
 * loads its metrics collectors, so the class never loads without Dubbo's metrics; it reports once
 * {@code dubbo.metrics.enable-registry=true}, the switch of Dubbo's own registry figures.
 *
 * <p>Values are read when a reporter asks, from {@link NacosAppServiceDiscovery#watchStats()} and the discovery's
 * state: nothing is counted on the push path. Dubbo's reporters register each sample once and keep reading its value
 * object, so each series is one object kept here for the life of the application; a series whose watch or discovery
 * has gone keeps its last count and reads 0 as a gauge. Labels stay bounded: Dubbo's application labels, the registry
 * ({@code registry_cluster}) and, for the per-application figures, the watched application; never an address. The
 * figures themselves are listed in {@link MetricFigures}. Thread-safe.
 *
 * <p>Longer than most classes because Dubbo's reporters keep each series object for the application's life: the
 * series, the snapshot they read and the collector's answers to Dubbo are one job.
 */
@Activate
public class NacosAppMetricsCollector implements MetricsCollector<TimeCounterEvent> {
    static final String REGISTRY_TAG = REGISTRY_CLUSTER_KEY.toLowerCase();
    static final String WATCHED_TAG = "watched.application";

    private final ApplicationModel application;
    private final Supplier<Collection<NacosAppServiceDiscovery>> discoveries;
    /** Every series handed out, by figure name and labels; never removed (Dubbo's reporters keep reading them). */
    private final Map<String, Series<?>> series = new LinkedHashMap<String, Series<?>>();
    /** Whether series were added since Dubbo's reporter last asked. */
    private final AtomicBoolean added = new AtomicBoolean();

    private volatile Snapshot snapshot = new Snapshot(0, Collections.emptyMap(), Collections.emptyMap());

    public NacosAppMetricsCollector(ApplicationModel application) {
        this(application, () -> discoveriesOf(application));
    }

    NacosAppMetricsCollector(ApplicationModel application, Supplier<Collection<NacosAppServiceDiscovery>> discoveries) {
        this.application = application;
        this.discoveries = discoveries;
    }

    @Override
    public boolean isCollectEnabled() {
        MetricsConfig metrics =
                application.getApplicationConfigManager().getMetrics().orElse(null);
        return metrics != null && Boolean.TRUE.equals(metrics.getEnableRegistry());
    }

    @Override
    public List<MetricSample> collect() {
        if (!isCollectEnabled()) {
            return new ArrayList<MetricSample>();
        }
        addNewSeries();
        List<MetricSample> samples = new ArrayList<MetricSample>();
        synchronized (series) {
            for (Series<?> each : series.values()) {
                samples.add(each.sample());
            }
        }
        return samples;
    }

    @Override
    public boolean calSamplesChanged() {
        if (!isCollectEnabled()) {
            return false;
        }
        addNewSeries();
        return added.getAndSet(false);
    }

    @Override
    public boolean isSupport(MetricsEvent event) {
        return false;
    }

    @Override
    public void onEvent(TimeCounterEvent event) {}

    private void addNewSeries() {
        Snapshot now = refresh(0);
        synchronized (series) {
            for (Map.Entry<String, NacosAppServiceDiscovery> discovery : now.discoveries.entrySet()) {
                String registry = discovery.getKey();
                for (Figure<NacosAppServiceDiscovery> figure : MetricFigures.PER_DISCOVERY) {
                    add(figure, registry, null);
                }
                for (String watched : now.stats.get(registry).keySet()) {
                    for (Figure<WatchStats> figure : MetricFigures.PER_APPLICATION) {
                        add(figure, registry, watched);
                    }
                }
            }
        }
    }

    private void add(Figure<?> figure, String registry, String watched) {
        String id = figure.name + '|' + registry + '|' + watched;
        if (!series.containsKey(id)) {
            series.put(id, new Series<Object>(uncheck(figure), registry, watched));
            added.set(true);
        }
    }

    @SuppressWarnings("unchecked")
    private static Figure<Object> uncheck(Figure<?> figure) {
        return (Figure<Object>) figure;
    }

    /** The discoveries and their watches' figures, read again when older than {@code maxAgeMillis}. */
    private Snapshot refresh(long maxAgeMillis) {
        long now = System.currentTimeMillis();
        Snapshot current = snapshot;
        if (now - current.takenMillis < maxAgeMillis) {
            return current;
        }
        Map<String, NacosAppServiceDiscovery> byRegistry = new LinkedHashMap<String, NacosAppServiceDiscovery>();
        Map<String, Map<String, WatchStats>> stats = new HashMap<String, Map<String, WatchStats>>();
        for (NacosAppServiceDiscovery discovery : discoveries.get()) {
            String registry = discovery.getUrl().getParameter(REGISTRY_CLUSTER_KEY, NacosAppRegistries.SCHEME);
            byRegistry.put(registry, discovery);
            stats.put(registry, discovery.watchStats());
        }
        Snapshot taken = new Snapshot(now, byRegistry, stats);
        snapshot = taken;
        return taken;
    }

    private static Collection<NacosAppServiceDiscovery> discoveriesOf(ApplicationModel application) {
        List<NacosAppServiceDiscovery> found = new ArrayList<NacosAppServiceDiscovery>();
        // Asking for the factory would create it: not in applications that do not use nacos-app.
        if (application.isDestroyed() || !NacosAppRegistries.usesNacosApp(application)) {
            return found;
        }
        ServiceDiscoveryFactory factory = application
                .getExtensionLoader(ServiceDiscoveryFactory.class)
                .getExtension(NacosAppServiceDiscoveryFactory.NAME);
        if (factory instanceof AbstractServiceDiscoveryFactory) {
            for (ServiceDiscovery discovery : ((AbstractServiceDiscoveryFactory) factory).getAllServiceDiscoveries()) {
                if (discovery instanceof NacosAppServiceDiscovery) {
                    found.add((NacosAppServiceDiscovery) discovery);
                }
            }
        }
        return found;
    }

    /**
     * One figure of one discovery (and watched application): the value object Dubbo's reporters keep and read, for a
     * counter as a {@code Number}, for a gauge through {@link #doubleValue()}.
     */
    private final class Series<S> extends Number {
        private static final long serialVersionUID = 1L;
        private final transient Figure<S> figure;
        private final String registry;
        private final String watched;
        private final Map<String, String> tags;
        private volatile double last;

        Series(Figure<S> figure, String registry, String watched) {
            this.figure = figure;
            this.registry = registry;
            this.watched = watched;
            Map<String, String> labels = MetricsSupport.applicationTags(application);
            labels.put(REGISTRY_TAG, registry);
            if (watched != null) {
                labels.put(WATCHED_TAG, watched);
            }
            this.tags = Collections.unmodifiableMap(labels);
        }

        MetricSample sample() {
            if (figure.counter) {
                return new CounterMetricSample<Series<S>>(
                        figure.name, figure.description, tags, MetricsCategory.REGISTRY, this);
            }
            return new GaugeMetricSample<Series<S>>(
                    figure.name, figure.description, tags, MetricsCategory.REGISTRY, this, Series::doubleValue);
        }

        @Override
        @SuppressWarnings("unchecked")
        public double doubleValue() {
            Snapshot now = refresh(Tunables.METRICS_SNAPSHOT_MAX_AGE_MILLIS);
            Object source = now.discoveries.get(registry);
            if (source != null && watched != null) {
                source = now.stats.get(registry).get(watched);
            }
            if (source == null) {
                return figure.counter ? last : 0;
            }
            double value = figure.reading.of((S) source, now.takenMillis);
            last = value;
            return value;
        }

        @Override
        public long longValue() {
            return (long) doubleValue();
        }

        @Override
        public int intValue() {
            return (int) doubleValue();
        }

        @Override
        public float floatValue() {
            return (float) doubleValue();
        }
    }

    /** The discoveries by registry and their watches' figures, as read at one time. Immutable. */
    private static final class Snapshot {
        final long takenMillis;
        final Map<String, NacosAppServiceDiscovery> discoveries;
        final Map<String, Map<String, WatchStats>> stats;

        Snapshot(
                long takenMillis,
                Map<String, NacosAppServiceDiscovery> discoveries,
                Map<String, Map<String, WatchStats>> stats) {
            this.takenMillis = takenMillis;
            this.discoveries = discoveries;
            this.stats = stats;
        }
    }
}
