package dev.nacosapp.dubbo.discovery.watch;

import static org.apache.dubbo.common.constants.LoggerCodeConstants.REGISTRY_EMPTY_ADDRESS;
import static org.apache.dubbo.common.constants.LoggerCodeConstants.REGISTRY_FAILED_NOTIFY_EVENT;

import com.alibaba.nacos.api.naming.listener.Event;
import com.alibaba.nacos.api.naming.listener.EventListener;
import com.alibaba.nacos.api.naming.listener.NamingEvent;
import com.alibaba.nacos.api.naming.pojo.Instance;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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

    /** Converts a usable Nacos instance to what Dubbo's listeners get. */
    public interface Converter {
        ServiceInstance convert(Instance instance);
    }

    private final String application;
    private final InstanceFilter filter;
    private final Converter converter;
    private final boolean emptyPushProtection;
    private final NotificationDispatcher dispatcher;
    /** By identity: Dubbo's listeners compare equal when they watch the same applications. Writes under lock. */
    private final List<ServiceInstancesChangedListener> listeners =
            new CopyOnWriteArrayList<ServiceInstancesChangedListener>();

    private final AtomicBoolean claimed = new AtomicBoolean();
    private final AtomicReference<List<Instance>> pending = new AtomicReference<List<Instance>>();
    private volatile List<Instance> lastPush;
    /**
     * The usable instances of the last list delivered, as pushed (not converted: listeners own what they are given,
     * so keeping a converted copy would only double the heap of a large application).
     */
    private volatile List<Instance> lastGood = Collections.emptyList();

    private volatile boolean closed;
    /** Only touched inside {@link #drain()}, which never runs twice at once for one watch. */
    private boolean protectionWarned;

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
        lastPush = copy;
        if (pending.getAndSet(copy) != null) {
            coalesced.incrementAndGet();
        }
        dispatcher.schedule(this);
    }

    /** Adds a listener; if a push already arrived, it is delivered again so the newcomer misses nothing. */
    public void addListener(ServiceInstancesChangedListener listener) {
        if (addIfAbsent(listener)) {
            List<Instance> latest = lastPush;
            if (latest != null && pending.compareAndSet(null, latest)) {
                dispatcher.schedule(this);
            }
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

    public boolean hasListeners() {
        return !listeners.isEmpty();
    }

    public void close() {
        closed = true;
        listeners.clear();
        pending.set(null);
    }

    /**
     * What a first load should return for a list just queried from Nacos: the usable instances, or the last good list
     * when protection is on and the query found none.
     */
    public List<ServiceInstance> firstLoad(List<Instance> queried) {
        List<Instance> usable = filter.usable(queried);
        if (usable.isEmpty() && emptyPushProtection && !lastGood.isEmpty()) {
            return convert(lastGood);
        }
        return convert(usable);
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
                listeners.size());
    }

    boolean claim() {
        return claimed.compareAndSet(false, true);
    }

    void unclaim() {
        claimed.set(false);
    }

    boolean hasPending() {
        return pending.get() != null && !closed;
    }

    void drain() {
        List<Instance> pushed = pending.getAndSet(null);
        if (pushed == null || closed) {
            return;
        }
        List<Instance> usable = filter.usable(pushed);
        if (usable.isEmpty() && emptyPushProtection && !lastGood.isEmpty()) {
            dropped.incrementAndGet();
            if (!protectionWarned) {
                protectionWarned = true;
                LOGGER.warn(
                        REGISTRY_EMPTY_ADDRESS,
                        "empty push from Nacos",
                        "",
                        "nacos-app: Nacos pushed no usable instance of application '" + application + "' ("
                                + pushed.size() + " instances, none healthy, enabled and selected); keeping the last "
                                + lastGood.size() + " instances (empty-push-protection=true). Further empty pushes for"
                                + " this application are counted, not logged, until instances come back.");
            }
            return;
        }
        protectionWarned = false;
        List<ServiceInstance> converted = convert(usable);
        lastGood = usable;
        if (LOGGER.isDebugEnabled()) {
            LOGGER.debug("nacos-app: application '" + application + "' now has " + converted.size()
                    + " usable instances of " + pushed.size() + ": " + converted);
        }
        for (ServiceInstancesChangedListener listener : listeners) {
            try {
                // Each listener gets its own list: Dubbo's listeners keep and may reorder what they are given.
                listener.onEvent(
                        new ServiceInstancesChangedEvent(application, new ArrayList<ServiceInstance>(converted)));
            } catch (Throwable t) {
                LOGGER.error(
                        REGISTRY_FAILED_NOTIFY_EVENT,
                        "listener failed",
                        "",
                        "nacos-app: a listener of application '" + application + "' failed on " + converted.size()
                                + " instances; other listeners and applications are unaffected",
                        t);
            }
        }
        notifications.incrementAndGet();
    }

    private List<ServiceInstance> convert(List<Instance> usable) {
        List<ServiceInstance> converted = new ArrayList<ServiceInstance>(usable.size());
        for (Instance instance : usable) {
            converted.add(converter.convert(instance));
        }
        return Collections.unmodifiableList(converted);
    }
}
