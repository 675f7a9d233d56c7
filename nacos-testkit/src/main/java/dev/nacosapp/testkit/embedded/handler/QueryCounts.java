package dev.nacosapp.testkit.embedded.handler;

import dev.nacosapp.testkit.embedded.naming.ServiceKey;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the one-off instance queries ({@code ServiceQueryRequest}) the server answered, per service, for tests and
 * benchmarks that measure how often a client reads Nacos directly. It belongs to the server, not to one run, so the
 * counts outlive a restart. Thread-safe.
 */
public final class QueryCounts {

    private final Map<ServiceKey, LongAdder> counts = new ConcurrentHashMap<>();

    /**
     * Counts one answered query.
     *
     * @param key the service queried
     */
    void answered(ServiceKey key) {
        counts.computeIfAbsent(Objects.requireNonNull(key, "key"), any -> new LongAdder())
                .increment();
    }

    /**
     * Counts the queries of a service answered so far.
     *
     * @param key the service
     * @return answered queries since this object was created
     */
    public long count(ServiceKey key) {
        LongAdder counter = counts.get(key);
        return counter == null ? 0 : counter.sum();
    }
}
