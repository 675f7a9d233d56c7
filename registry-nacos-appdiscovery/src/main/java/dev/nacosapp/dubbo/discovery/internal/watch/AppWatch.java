package dev.nacosapp.dubbo.discovery.internal.watch;

import static org.apache.dubbo.common.constants.LoggerCodeConstants.REGISTRY_EMPTY_ADDRESS;
import static org.apache.dubbo.common.constants.LoggerCodeConstants.REGISTRY_FAILED_NOTIFY_EVENT;

import com.alibaba.nacos.api.naming.listener.Event;
import com.alibaba.nacos.api.naming.listener.EventListener;
import com.alibaba.nacos.api.naming.listener.NamingEvent;
import com.alibaba.nacos.api.naming.pojo.Instance;
import dev.nacosapp.dubbo.discovery.WatchStats;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.dubbo.common.logger.ErrorTypeAwareLogger;
import org.apache.dubbo.common.logger.LoggerFactory;
import org.apache.dubbo.registry.client.ServiceInstance;
import org.apache.dubbo.registry.client.event.ServiceInstancesChangedEvent;
import org.apache.dubbo.registry.client.event.listener.ServiceInstancesChangedListener;

/**
 * The one Nacos subscription of one application, fanned out to every Dubbo listener interested in it. The Nacos
 * event thread only hands the newest list over ({@link #onEvent}); filtering, empty-push protection, conversion and
 * the listener calls run on the {@link NotificationDispatcher}. Thread-safe.
 */
public final class AppWatch implements EventListener {
    private static final ErrorTypeAwareLogger LOGGER = LoggerFactory.getErrorTypeAwareLogger(AppWatch.class);

    /** Converts a usable Nacos instance of an application to what Dubbo's listeners get. */
    public interface Converter {
        ServiceInstance convert(String application, Instance instance);
    }

    private final String application;
    private final InstanceFilter filter;
    private final Converter converter;
    private final boolean emptyPushProtection;
    private final NotificationDispatcher dispatcher;
    /** By identity: Dubbo's listeners compare equal when they watch the same applications. Writes under lock. */
    private final List<ServiceInstancesChangedListener> listeners =
            new CopyOnWriteArrayList<ServiceInstancesChangedListener>();

    /** Listeners added since the last delivery, who have not yet been given the current list. */
    private final Queue<ServiceInstancesChangedListener> newcomers =
            new ConcurrentLinkedQueue<ServiceInstancesChangedListener>();

    private final AtomicBoolean claimed = new AtomicBoolean();
    private final AtomicReference<List<Instance>> pending = new AtomicReference<List<Instance>>();
    /**
     * The usable instances of the last list delivered, as pushed (not converted: listeners own what they are given,
     * so keeping a converted copy would only double the heap of a large application).
     */
    private volatile List<Instance> lastGood = Collections.emptyList();
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
    private final AtomicLong dropped = new AtomicLong();

    public AppWatch(
            String application,
            InstanceFilter filter,
            Converter converter,
            boolean emptyPushProtection,
            NotificationDispatcher dispatcher) {
        this.application = application;
        this.filter = filter;
        this.converter = converter;
        this.emptyPushProtection = emptyPushProtection;
        this.dispatcher = dispatcher;
    }

    public String application() {
        return application;
    }

    @Override
    public void onEvent(Event event) {
        if (event instanceof NamingEvent) {
            List<Instance> instances = ((NamingEvent) event).getInstances();
            offer(instances == null ? Collections.<Instance>emptyList() : instances);
        }
    }

    /** Takes a push from Nacos; cheap, safe on nacos-client's event thread. */
    public void offer(List<Instance> instances) {
        if (closed) {
            return;
        }
        List<Instance> copy = new ArrayList<Instance>(instances);
        lastPushMillis = System.currentTimeMillis();
        pushes.incrementAndGet();
        if (pending.getAndSet(copy) != null) {
            coalesced.incrementAndGet();
        }
        dispatcher.schedule(this);
    }

    /**
     * Adds a listener. If this watch already delivered a list, the newcomer alone is given the current one, so it
     * misses nothing and the others are not notified again.
     */
    public void addListener(ServiceInstancesChangedListener listener) {
        if (addIfAbsent(listener) && delivered) {
            newcomers.add(listener);
            dispatcher.schedule(this);
        }
    }

    /** Removes a listener; returns whether none is left. */
    public synchronized boolean removeListener(ServiceInstancesChangedListener listener) {
        for (int i = 0; i < listeners.size(); i++) {
            if (listeners.get(i) == listener) {
                listeners.remove(i);
                break;
            }
        }
        return listeners.isEmpty();
    }

    private synchronized boolean addIfAbsent(ServiceInstancesChangedListener listener) {
        for (ServiceInstancesChangedListener existing : listeners) {
            if (existing == listener) {
                return false;
            }
        }
        return listeners.add(listener);
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
        newcomers.clear();
        pending.set(null);
    }

    /**
     * What a first load should return for a list just queried from Nacos (or read from the disk cache): the usable
     * instances, or the last good list when protection is on and the list is ambiguous. What it returns becomes the
     * last good list, so protection covers the first pushes after it too.
     */
    public List<ServiceInstance> firstLoad(List<Instance> queried) {
        if (isProtected(queried)) {
            return convert(lastGood);
        }
        List<Instance> usable = filter.usable(queried);
        lastGood = usable;
        return convert(usable);
    }

    private boolean isProtected(List<Instance> instances) {
        return emptyPushProtection && !lastGood.isEmpty() && filter.isAmbiguous(instances);
    }

    public WatchStats stats() {
        return new WatchStats(
                application,
                lastPushMillis,
                lastGood.size(),
                pushes.get(),
                notifications.get(),
                coalesced.get(),
                dropped.get(),
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
        return (pending.get() != null || !newcomers.isEmpty()) && !closed;
    }

    void drain() {
        List<Instance> pushed = pending.getAndSet(null);
        if (closed) {
            return;
        }
        if (pushed == null) {
            welcomeNewcomers();
            return;
        }
        if (isProtected(pushed)) {
            dropped.incrementAndGet();
            if (protectingSinceMillis == 0) {
                protectingSinceMillis = System.currentTimeMillis();
                LOGGER.warn(
                        REGISTRY_EMPTY_ADDRESS,
                        "empty push from Nacos",
                        "",
                        "nacos-app: Nacos pushed no healthy instance of application '" + application + "' ("
                                + pushed.size() + " instances); keeping the last " + lastGood.size()
                                + " instances (empty-push-protection=true). Further such pushes for this application"
                                + " are counted, not logged, until instances come back.");
            }
            welcomeNewcomers();
            return;
        }
        if (protectingSinceMillis != 0) {
            LOGGER.info("nacos-app: application '" + application + "' has healthy instances again; protection ends");
            protectingSinceMillis = 0;
        }
        List<Instance> usable = filter.usable(pushed);
        List<ServiceInstance> converted = convert(usable);
        lastGood = usable;
        delivered = true;
        newcomers.clear();
        if (LOGGER.isDebugEnabled()) {
            LOGGER.debug("nacos-app: application '" + application + "' now has " + converted.size()
                    + " usable instances of " + pushed.size() + ": " + converted);
        }
        notifications.incrementAndGet();
        for (ServiceInstancesChangedListener listener : listeners) {
            notify(listener, converted);
        }
    }

    /** Gives listeners added since the last delivery the current list, and nobody else. */
    private void welcomeNewcomers() {
        ServiceInstancesChangedListener newcomer = newcomers.poll();
        if (newcomer == null) {
            return;
        }
        List<ServiceInstance> converted = convert(lastGood);
        for (; newcomer != null; newcomer = newcomers.poll()) {
            if (listeners.contains(newcomer)) {
                notify(newcomer, converted);
            }
        }
    }

    private void notify(ServiceInstancesChangedListener listener, List<ServiceInstance> converted) {
        try {
            // Each listener gets its own list: Dubbo's listeners keep and may reorder what they are given.
            listener.onEvent(new ServiceInstancesChangedEvent(application, new ArrayList<ServiceInstance>(converted)));
        } catch (RuntimeException e) {
            LOGGER.error(
                    REGISTRY_FAILED_NOTIFY_EVENT,
                    "listener failed",
                    "",
                    "nacos-app: a listener of application '" + application + "' failed on " + converted.size()
                            + " instances; other listeners and applications are unaffected",
                    e);
        }
    }

    private List<ServiceInstance> convert(List<Instance> usable) {
        List<ServiceInstance> converted = new ArrayList<ServiceInstance>(usable.size());
        for (Instance instance : usable) {
            converted.add(converter.convert(application, instance));
        }
        return Collections.unmodifiableList(converted);
    }
}
