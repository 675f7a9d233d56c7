package dev.nacosapp.dubbo.discovery.internal.watch;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one {@link AppWatch} counts for its stats: pushes received, coalesced, dropped and delivered, the direct
 * queries that checked its list and the corrections they made. Counted as things happen, read only when stats are
 * asked for. Thread-safe.
 */
final class WatchCounters {
    private volatile long lastPushMillis;
    private final AtomicLong pushes = new AtomicLong();
    private final AtomicLong notifications = new AtomicLong();
    private final AtomicLong coalesced = new AtomicLong();
    private final AtomicLong droppedPushes = new AtomicLong();
    private volatile long lastCheckMillis;
    private final AtomicLong corrections = new AtomicLong();
    private final AtomicBoolean correctionLogged = new AtomicBoolean();

    void pushReceived(long nowMillis) {
        lastPushMillis = nowMillis;
        pushes.incrementAndGet();
    }

    void pushCoalesced() {
        coalesced.incrementAndGet();
    }

    void pushDropped() {
        droppedPushes.incrementAndGet();
    }

    void listDelivered() {
        notifications.incrementAndGet();
    }

    void checked(long answeredAtMillis) {
        lastCheckMillis = answeredAtMillis;
    }

    long lastCheckMillis() {
        return lastCheckMillis;
    }

    /** Counts a list a direct query corrected; true for the first, the only one logged. */
    boolean corrected() {
        corrections.incrementAndGet();
        return correctionLogged.compareAndSet(false, true);
    }

    WatchSnapshot snapshot(
            String application,
            int instanceCount,
            int listeners,
            long protectingSinceMillis,
            long protectionReleaseMillis) {
        return new WatchSnapshot(
                application,
                lastPushMillis,
                instanceCount,
                pushes.get(),
                notifications.get(),
                coalesced.get(),
                droppedPushes.get(),
                listeners,
                protectingSinceMillis,
                lastCheckMillis,
                corrections.get(),
                protectionReleaseMillis);
    }
}
