package dev.nacosapp.dubbo.discovery;

import java.util.Arrays;
import java.util.List;

/**
 * The figures {@link NacosAppMetricsCollector} reports: per watched application from its {@link WatchStats}, per
 * discovery from its state. Adding a figure is adding a line. Immutable.
 */
final class MetricFigures {
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

    private MetricFigures() {}
}
