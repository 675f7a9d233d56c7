package dev.nacosapp.testkit.embedded.push;

import dev.nacosapp.testkit.embedded.naming.ServiceKey;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The services whose naming pushes are lost: the server goes on as if it had delivered them, and the subscriber
 * never receives them. Counts the lost pushes of each service.
 *
 * <p>It belongs to the server, not to one run: every run's {@link PushDispatcher} consults the same object, so the
 * switch and the counts outlive a restart. Thread-safe.
 */
public final class LostPushes {

    private final Set<ServiceKey> losing = ConcurrentHashMap.newKeySet();

    private final Map<ServiceKey, LongAdder> lost = new ConcurrentHashMap<>();

    /**
     * Loses every push of a service from now on.
     *
     * @param key the service
     */
    public void lose(ServiceKey key) {
        losing.add(Objects.requireNonNull(key, "key"));
    }

    /**
     * Delivers the pushes of a service again; what was lost stays lost.
     *
     * @param key the service
     */
    public void deliver(ServiceKey key) {
        losing.remove(Objects.requireNonNull(key, "key"));
    }

    /**
     * Counts the pushes of a service lost so far, to each subscriber separately.
     *
     * @param key the service
     * @return lost pushes since this object was created, whatever was delivered in between
     */
    public long count(ServiceKey key) {
        LongAdder counter = lost.get(key);
        return counter == null ? 0 : counter.sum();
    }

    /**
     * Decides the fate of one push about to be written to a subscriber's stream, and counts it if it is lost.
     *
     * @param key the service pushed
     * @return true when the push must be dropped
     */
    boolean loses(ServiceKey key) {
        if (!losing.contains(key)) {
            return false;
        }
        lost.computeIfAbsent(key, any -> new LongAdder()).increment();
        return true;
    }
}
