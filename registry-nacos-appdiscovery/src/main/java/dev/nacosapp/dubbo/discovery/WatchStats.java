package dev.nacosapp.dubbo.discovery;

import dev.nacosapp.dubbo.discovery.internal.watch.WatchSnapshot;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an operator wants to know about one watched application: when the last push arrived, how many usable
 * instances the consumer has, how many pushes were delivered, coalesced into a newer one, or dropped by empty-push
 * protection, when the list was last checked against a direct query of Nacos and how often that corrected it, and
 * whether protection holds an old list and until when. An immutable snapshot; nacos-app
 * creates it, applications only read it.
 */
public final class WatchStats {
    private final WatchSnapshot snapshot;

    private WatchStats(WatchSnapshot snapshot) {
        this.snapshot = snapshot;
    }

    /** The public view of each watch's snapshot, keeping the map's order. */
    static Map<String, WatchStats> of(Map<String, WatchSnapshot> snapshots) {
        Map<String, WatchStats> stats = new LinkedHashMap<String, WatchStats>();
        for (Map.Entry<String, WatchSnapshot> each : snapshots.entrySet()) {
            stats.put(each.getKey(), new WatchStats(each.getValue()));
        }
        return stats;
    }

    public String application() {
        return snapshot.application();
    }

    /** Wall-clock time of the last push from Nacos, or 0 when none arrived yet. */
    public long lastPushMillis() {
        return snapshot.lastPushMillis();
    }

    /** Usable instances the listeners were last given (or kept, when a push was dropped). */
    public int instanceCount() {
        return snapshot.instanceCount();
    }

    /** Pushes received from Nacos. */
    public long pushes() {
        return snapshot.pushes();
    }

    /** Lists delivered to the listeners. */
    public long notifications() {
        return snapshot.notifications();
    }

    /** Pushes replaced by a newer one before they were delivered. */
    public long coalesced() {
        return snapshot.coalesced();
    }

    /** Pushes ignored by empty-push protection. */
    public long dropped() {
        return snapshot.dropped();
    }

    public int listeners() {
        return snapshot.listeners();
    }

    /**
     * Wall-clock time since which empty-push protection keeps the last good list instead of what Nacos pushed, or 0
     * when it does not.
     */
    public long protectingSinceMillis() {
        return snapshot.protectingSinceMillis();
    }

    /** Wall-clock time of the last direct query that checked the list (reconcile-interval), or 0 when none ran. */
    public long lastCheckMillis() {
        return snapshot.lastCheckMillis();
    }

    /** Lists replaced because a direct query found them different from what Nacos holds: lost notifications. */
    public long corrections() {
        return snapshot.corrections();
    }

    /**
     * Wall-clock time at which protection delivers the empty list if Nacos keeps answering that the application has
     * no usable instance (empty-push-protection-timeout), or 0 when no such answer is being counted.
     */
    public long protectionReleaseMillis() {
        return snapshot.protectionReleaseMillis();
    }

    @Override
    public String toString() {
        return snapshot.toString();
    }
}
