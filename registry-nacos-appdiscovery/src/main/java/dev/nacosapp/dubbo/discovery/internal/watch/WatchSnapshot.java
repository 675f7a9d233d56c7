package dev.nacosapp.dubbo.discovery.internal.watch;

/**
 * The figures of one {@link AppWatch} at one moment, which the public {@code WatchStats} wraps. An immutable snapshot.
 */
public final class WatchSnapshot {
    private final String application;
    private final long lastPushMillis;
    private final int instanceCount;
    private final long pushes;
    private final long notifications;
    private final long coalesced;
    private final long dropped;
    private final int listeners;
    private final long protectingSinceMillis;
    private final long lastCheckMillis;
    private final long corrections;
    private final long protectionReleaseMillis;

    WatchSnapshot(
            String application,
            long lastPushMillis,
            int instanceCount,
            long pushes,
            long notifications,
            long coalesced,
            long dropped,
            int listeners,
            long protectingSinceMillis,
            long lastCheckMillis,
            long corrections,
            long protectionReleaseMillis) {
        this.application = application;
        this.lastPushMillis = lastPushMillis;
        this.instanceCount = instanceCount;
        this.pushes = pushes;
        this.notifications = notifications;
        this.coalesced = coalesced;
        this.dropped = dropped;
        this.listeners = listeners;
        this.protectingSinceMillis = protectingSinceMillis;
        this.lastCheckMillis = lastCheckMillis;
        this.corrections = corrections;
        this.protectionReleaseMillis = protectionReleaseMillis;
    }

    public String application() {
        return application;
    }

    /** Wall-clock time of the last push from Nacos, or 0 when none arrived yet. */
    public long lastPushMillis() {
        return lastPushMillis;
    }

    /** Usable instances the listeners were last given (or kept, when a push was dropped). */
    public int instanceCount() {
        return instanceCount;
    }

    /** Pushes received from Nacos. */
    public long pushes() {
        return pushes;
    }

    /** Lists delivered to the listeners. */
    public long notifications() {
        return notifications;
    }

    /** Pushes replaced by a newer one before they were delivered. */
    public long coalesced() {
        return coalesced;
    }

    /** Pushes ignored by empty-push protection. */
    public long dropped() {
        return dropped;
    }

    public int listeners() {
        return listeners;
    }

    /**
     * Wall-clock time since which empty-push protection keeps the last good list instead of what Nacos pushed, or 0
     * when it does not.
     */
    public long protectingSinceMillis() {
        return protectingSinceMillis;
    }

    /** Wall-clock time of the last direct query that checked the list (reconcile-interval), or 0 when none ran. */
    public long lastCheckMillis() {
        return lastCheckMillis;
    }

    /** Lists replaced because a direct query found them different from what Nacos holds: lost notifications. */
    public long corrections() {
        return corrections;
    }

    /**
     * Wall-clock time at which protection delivers the empty list if Nacos keeps answering that the application has
     * no usable instance (empty-push-protection-timeout), or 0 when no such answer is being counted.
     */
    public long protectionReleaseMillis() {
        return protectionReleaseMillis;
    }

    @Override
    public String toString() {
        return application + ": instances=" + instanceCount + ", lastPush=" + lastPushMillis + ", pushes=" + pushes
                + ", notifications=" + notifications + ", coalesced=" + coalesced + ", dropped=" + dropped
                + ", listeners=" + listeners + ", protectingSince=" + protectingSinceMillis + ", lastCheck="
                + lastCheckMillis + ", corrections=" + corrections + ", protectionRelease=" + protectionReleaseMillis;
    }
}
