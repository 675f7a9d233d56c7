package dev.nacosapp.dubbo.discovery.internal.watch;

import static org.apache.dubbo.common.constants.LoggerCodeConstants.REGISTRY_EMPTY_ADDRESS;

import com.alibaba.nacos.api.naming.listener.Event;
import com.alibaba.nacos.api.naming.listener.EventListener;
import com.alibaba.nacos.api.naming.listener.NamingEvent;
import com.alibaba.nacos.api.naming.pojo.Instance;
import dev.nacosapp.dubbo.discovery.WatchStats;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.dubbo.common.logger.ErrorTypeAwareLogger;
import org.apache.dubbo.common.logger.LoggerFactory;
import org.apache.dubbo.registry.client.ServiceInstance;
import org.apache.dubbo.registry.client.event.listener.ServiceInstancesChangedListener;

/**
 * The one Nacos subscription of one application, fanned out to every Dubbo listener interested in it. The Nacos
 * event thread only hands the newest list over ({@link #onEvent}); filtering, empty-push protection, conversion and
 * the listener calls run on the {@link NotificationDispatcher}. Only changed instances are converted; unchanged ones
 * reach Dubbo as the same objects as before ({@link IncrementalConversion}). Thread-safe.
 */
public final class AppWatch implements EventListener {
    private static final ErrorTypeAwareLogger LOGGER = LoggerFactory.getErrorTypeAwareLogger(AppWatch.class);

    /** Converts a usable Nacos instance of an application to what Dubbo's listeners get. */
    public interface Converter {
        ServiceInstance convert(String application, Instance instance);
    }

    private final String application;
    private final InstanceFilter filter;
    private final IncrementalConversion conversion;
    private final boolean emptyPushProtection;
    private final NotificationDispatcher dispatcher;
    private final WatchListeners listeners;
    private final AtomicBoolean claimed = new AtomicBoolean();
    private final PendingPush pending = new PendingPush();
    /** Whether listeners were ever given a list by this watch (a push, not only the first load). */
    private volatile boolean delivered;
    /** Wall-clock time protection started keeping the last good list, or 0 while it is not. */
    private volatile long protectingSinceMillis;

    private volatile boolean closed;
    /** Whether nacos-client holds this watch as a listener (set before the subscribe request is sent). */
    private volatile boolean subscribed;

    private volatile long lastPushMillis;
    private final AtomicLong pushes = new AtomicLong();
    private final AtomicLong notifications = new AtomicLong();
    private final AtomicLong coalesced = new AtomicLong();
    private final AtomicLong droppedPushes = new AtomicLong();

    public AppWatch(
            String application,
            InstanceFilter filter,
            Converter converter,
            boolean emptyPushProtection,
            NotificationDispatcher dispatcher) {
        this.application = application;
        this.filter = filter;
        this.conversion = new IncrementalConversion(application, filter, converter);
        this.emptyPushProtection = emptyPushProtection;
        this.dispatcher = dispatcher;
        this.listeners = new WatchListeners(application);
    }

    public String application() {
        return application;
    }

    @Override
    public void onEvent(Event event) {
        if (event instanceof NamingEvent) {
            NamingEvent naming = (NamingEvent) event;
            List<Instance> instances = naming.getInstances();
            offer(instances == null ? Collections.<Instance>emptyList() : instances, ChangeHint.of(naming));
        }
    }

    /** Takes a push from Nacos without nacos-client's comparison: every instance is compared in full. */
    public void offer(List<Instance> instances) {
        offer(instances, ChangeHint.UNKNOWN);
    }

    /** Takes a push from Nacos; cheap, safe on nacos-client's event thread. */
    void offer(List<Instance> instances, ChangeHint hint) {
        if (closed) {
            return;
        }
        lastPushMillis = System.currentTimeMillis();
        pushes.incrementAndGet();
        if (pending.offer(instances, hint)) {
            coalesced.incrementAndGet();
        }
        dispatcher.schedule(this);
    }

    /**
     * Adds a listener. If this watch already delivered a list, the newcomer alone is given the current one, so it
     * misses nothing and the others are not notified again.
     */
    public void addListener(ServiceInstancesChangedListener listener) {
        if (listeners.add(listener) && delivered) {
            listeners.welcomeLater(listener);
            dispatcher.schedule(this);
        }
    }

    /** Removes a listener; returns whether none is left. */
    public boolean removeListener(ServiceInstancesChangedListener listener) {
        return listeners.remove(listener);
    }

    /** Records that nacos-client is given this watch as its listener for the application. */
    void markSubscribed() {
        subscribed = true;
    }

    /** Whether nacos-client holds this watch as a listener and it is not closed. */
    public boolean isSubscribed() {
        return subscribed && !closed;
    }

    public boolean hasListeners() {
        return !listeners.isEmpty();
    }

    public void close() {
        closed = true;
        listeners.clear();
        pending.clear();
    }

    /**
     * What a first load should return for a list just queried from Nacos (or read from the disk cache): the usable
     * instances, or the last good list when protection is on and the list is ambiguous. What it returns becomes the
     * last good list, so protection covers the first pushes after it too.
     */
    public List<ServiceInstance> firstLoad(List<Instance> queried) {
        return firstLoad(queried, ticket());
    }

    /**
     * {@link #firstLoad(List)} for a list read after {@code ticket} was taken ({@link #ticket()}): the first load runs
     * on Dubbo's thread while pushes are converted on the dispatcher, and a push converted since the ticket is newer
     * than the list, so it is kept and returned instead.
     */
    public List<ServiceInstance> firstLoad(List<Instance> queried, long ticket) {
        return conversion.fromQuery(queried, ticket, emptyPushProtection);
    }

    /** Taken before reading a list for {@link #firstLoad(List, long)}. */
    public long ticket() {
        return conversion.ticket();
    }

    /** Protects what a Dubbo listener already holds, while this watch has converted no push yet. */
    void adopt(List<ServiceInstance> held) {
        if (emptyPushProtection) {
            conversion.adopt(held);
        }
    }

    private boolean isProtected(List<Instance> instances) {
        return emptyPushProtection && !conversion.current().isEmpty() && filter.isAmbiguous(instances);
    }

    public WatchStats stats() {
        return new WatchStats(
                application,
                lastPushMillis,
                conversion.current().size(),
                pushes.get(),
                notifications.get(),
                coalesced.get(),
                droppedPushes.get(),
                listeners.size(),
                protectingSinceMillis);
    }

    boolean claim() {
        return claimed.compareAndSet(false, true);
    }

    void unclaim() {
        claimed.set(false);
    }

    boolean hasPending() {
        return (pending.isWaiting() || listeners.hasNewcomers()) && !closed;
    }

    void drain() {
        PendingPush.Push push = pending.take();
        if (closed) {
            return;
        }
        if (push == null) {
            listeners.welcome(conversion.current());
            return;
        }
        List<Instance> pushed = push.instances;
        if (isProtected(pushed)) {
            pending.drop(push);
            droppedPushes.incrementAndGet();
            if (protectingSinceMillis == 0) {
                protectingSinceMillis = System.currentTimeMillis();
                LOGGER.warn(
                        REGISTRY_EMPTY_ADDRESS,
                        "empty push from Nacos",
                        "",
                        "nacos-app: Nacos pushed no healthy instance of application '" + application + "' ("
                                + pushed.size() + " instances); keeping the last "
                                + conversion.current().size()
                                + " instances (empty-push-protection=true). Further such pushes for this application"
                                + " are counted, not logged, until instances come back.");
            }
            listeners.welcome(conversion.current());
            return;
        }
        if (protectingSinceMillis != 0) {
            LOGGER.info("nacos-app: application '" + application + "' has healthy instances again; protection ends");
            protectingSinceMillis = 0;
        }
        pending.converted();
        List<ServiceInstance> converted = conversion.fromPush(pushed, push.hint);
        delivered = true;
        if (LOGGER.isDebugEnabled()) {
            LOGGER.debug("nacos-app: application '" + application + "' now has " + converted.size()
                    + " usable instances of " + pushed.size() + ": " + converted);
        }
        notifications.incrementAndGet();
        listeners.deliver(converted);
    }
}
