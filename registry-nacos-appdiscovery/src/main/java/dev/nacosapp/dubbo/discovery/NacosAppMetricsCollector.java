package dev.nacosapp.dubbo.discovery;

import static org.apache.dubbo.common.constants.RegistryConstants.REGISTRY_CLUSTER_KEY;

import dev.nacosapp.dubbo.discovery.internal.config.Tunables;
import dev.nacosapp.dubbo.discovery.internal.dubbo.NacosAppRegistries;
import java.util.ArrayList;
import java.util.Arrays;
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
 * ({@code registry_cluster}) and, for the per-application figures, the watched application; never an address.
 * Thread-safe.
 */
@Activate
public class NacosAppMetricsCollector implements MetricsCollector<TimeCounterEvent> {
    static final String REGISTRY_TAG = REGISTRY_CLUSTER_KEY.toLowerCase();
    static final String WATCHED_TAG = "watched.application";

    /** Per watched application. Adding a figure is adding a line. */
    static final List<Figure<WatchStats>> PER_APPLICATION = Arrays.asList(
            Figure.<WatchStats>gauge(
                    "dubbo.registry.nacosapp.instances",
                    "Usable instances of the watched application the consumer was last given (or kept)",
                    (s, now) -> s.instanceCount()),
            Figure.<WatchStats>counter(
                    "dubbo.registry.nacosapp.pushes.received.total",
                    "Pushes received from Nacos for the watched application",
                    (s, now) -> s.pushes()),
            Figure.<WatchStats>counter(
                    "dubbo.registry.nacosapp.pushes.delivered.total",
                    "Instance lists of the watched application delivered to Dubbo's listeners",
                    (s, now) -> s.notifications()),
            Figure.<WatchStats>counter(
                    "dubbo.registry.nacosapp.pushes.coalesced.total",
                    "Pushes replaced by a newer one before they were delivered",
                    (s, now) -> s.coalesced()),
            Figure.<WatchStats>counter(
                    "dubbo.registry.nacosapp.pushes.dropped.total",
                    "Pushes ignored by empty-push protection",
                    (s, now) -> s.dropped()),
            Figure.<WatchStats>gauge(
                    "dubbo.registry.nacosapp.protection.holding",
                    "1 while empty-push protection keeps the last good list instead of what Nacos pushed, else 0",
                    (s, now) -> s.protectingSinceMillis() == 0 ? 0 : 1),
            Figure.<WatchStats>gauge(
                    "dubbo.registry.nacosapp.protection.holding.seconds",
                    "Seconds since empty-push protection began keeping the last good list, 0 when it does not",
                    (s, now) ->
                            s.protectingSinceMillis() == 0 ? 0 : Math.max(0, now - s.protectingSinceMillis()) / 1000.0),
            Figure.<WatchStats>gauge(
                    "dubbo.registry.nacosapp.protection.release.seconds",
                    "Seconds until protection delivers the empty list if Nacos keeps answering that no instance is"
                            + " left (empty-push-protection-timeout), 0 when no such answer is being counted",
                    (s, now) -> s.protectionReleaseMillis() == 0
                            ? 0
                            : Math.max(0, s.protectionReleaseMillis() - now) / 1000.0),
            Figure.<WatchStats>counter(
                    "dubbo.registry.nacosapp.corrections.total",
                    "Lists of the watched application replaced because a direct query of Nacos found them different:"
                            + " lost notifications (reconcile-interval)",
                    (s, now) -> s.corrections()));

    /** Per nacos-app discovery (one per nacos-app registry of the application). */
    static final List<Figure<NacosAppServiceDiscovery>> PER_DISCOVERY = Arrays.asList(
            Figure.<NacosAppServiceDiscovery>gauge(
                    "dubbo.registry.nacosapp.connected",
                    "1 while the discovery is open and its client connected to a Nacos server, else 0",
                    (d, now) -> d.isAvailable() ? 1 : 0),
            Figure.<NacosAppServiceDiscovery>gauge(
                    "dubbo.registry.nacosapp.registration.accepted",
                    "1 while Nacos holds an accepted registration of this application's instance, else 0",
                    (d, now) -> d.registrationAccepted() ? 1 : 0),
            Figure.<NacosAppServiceDiscovery>gauge(
                    "dubbo.registry.nacosapp.registration.waiting",
                    "1 while an instance of this application waits for Nacos to accept it, else 0",
                    (d, now) -> d.registrationWaiting() ? 1 : 0),
            Figure.<NacosAppServiceDiscovery>gauge(
                    "dubbo.registry.nacosapp.retries.pending",
                    "Registrations and subscriptions being retried in the background, in the whole process",
                    (d, now) -> d.retriesPending()));

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
                for (Figure<NacosAppServiceDiscovery> figure : PER_DISCOVERY) {
                    add(figure, registry, null);
                }
                for (String watched : now.stats.get(registry).keySet()) {
                    for (Figure<WatchStats> figure : PER_APPLICATION) {
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

    /** How one figure is read from its source at a given time. */
    interface Reading<S> {
        double of(S source, long nowMillis);
    }

    /** One metric: name, description, whether it is a counter, and how it is read. Immutable. */
    static final class Figure<S> {
        final String name;
        final String description;
        final boolean counter;
        final Reading<S> reading;

        private Figure(String name, String description, boolean counter, Reading<S> reading) {
            this.name = name;
            this.description = description;
            this.counter = counter;
            this.reading = reading;
        }

        static <S> Figure<S> gauge(String name, String description, Reading<S> reading) {
            return new Figure<S>(name, description, false, reading);
        }

        static <S> Figure<S> counter(String name, String description, Reading<S> reading) {
            return new Figure<S>(name, description, true, reading);
        }
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
