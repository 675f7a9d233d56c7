package dev.nacosapp.dubbo.discovery.internal.watch;

import static org.apache.dubbo.common.constants.LoggerCodeConstants.REGISTRY_EMPTY_ADDRESS;

import com.alibaba.nacos.api.naming.listener.Event;
import com.alibaba.nacos.api.naming.listener.EventListener;
import com.alibaba.nacos.api.naming.listener.NamingEvent;
import com.alibaba.nacos.api.naming.pojo.Instance;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.dubbo.common.logger.ErrorTypeAwareLogger;
import org.apache.dubbo.common.logger.LoggerFactory;
import org.apache.dubbo.registry.client.ServiceInstance;
import org.apache.dubbo.registry.client.event.listener.ServiceInstancesChangedListener;

/**
 * The one Nacos subscription of one application, fanned out to every Dubbo listener interested in it. The Nacos
 * event thread only hands the newest list over ({@link #onEvent}); filtering, empty-push protection, conversion and
 * the listener calls run on the {@link NotificationDispatcher}. Only changed instances are converted; unchanged ones
 * reach Dubbo as the same objects as before ({@link IncrementalConversion}). The answers of direct queries that check
 * the list ({@link Reconciler}) take the same path, so that pushes, checks and new listeners of one application are
 * ordered in one place; that is why this class is longer than most: what each of them does is elsewhere (conversion
 * in {@link IncrementalConversion}, protection's state in {@link EmptyProtection}, listeners in
 * {@link WatchListeners}). Thread-safe.
 */
public final class AppWatch implements EventListener {
    private static final ErrorTypeAwareLogger LOGGER = LoggerFactory.getErrorTypeAwareLogger(AppWatch.class);

    private final String application;
    private final InstanceFilter filter;
    private final IncrementalConversion conversion;
    private final EmptyProtection protection;
    private final NotificationDispatcher dispatcher;
    private final WatchListeners listeners;
    private final AtomicBoolean claimed = new AtomicBoolean();
    private final PendingPush pending = new PendingPush();
    /** Whether listeners were ever given a list by this watch (a push, not only the first load). */
    private volatile boolean delivered;
    /** When the reconciler checks this watch next (its own field, set by it alone); 0 before its first look. */
    private volatile long nextCheckMillis;

    private final WatchCounters counters = new WatchCounters();

    private volatile boolean closed;
    /** Whether nacos-client holds this watch as a listener (set before the subscribe request is sent). */
    private volatile boolean subscribed;

    /**
     * @param emptyPushProtection whether to keep the last good list while Nacos pushes no usable instance
     * @param protectionTimeoutMillis how long direct queries must keep finding no usable instance before protection
     *     delivers the empty list; 0 for never
     */
    public AppWatch(
            String application,
            InstanceFilter filter,
            InstanceConverter converter,
            boolean emptyPushProtection,
            long protectionTimeoutMillis,
            NotificationDispatcher dispatcher) {
        this.application = application;
        this.filter = filter;
        this.conversion = new IncrementalConversion(application, filter, converter);
        this.protection = new EmptyProtection(application, emptyPushProtection, protectionTimeoutMillis);
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
        counters.pushReceived(System.currentTimeMillis());
        if (pending.offer(instances, hint)) {
            counters.pushCoalesced();
        }
        dispatcher.schedule(this);
    }

    /**
     * Takes the answer to a direct query of the application's instances, read after {@code ticket} was taken
     * ({@link #ticket()}) and answered at {@code answeredAtMillis} (wall clock), to be compared with what listeners
     * hold; cheap, the comparison runs on the dispatcher.
     * Ignored when a push is waiting, which is converted anyway.
     */
    public void offerQueried(List<Instance> instances, long ticket, long answeredAtMillis) {
        if (closed) {
            return;
        }
        counters.checked(answeredAtMillis);
        // The usual answer, what listeners hold already, is settled here on the reconciler's thread: an unchanged
        // list costs no notification task (and leaves the notification threads idle).
        if (!protection.isHolding() && ticket == conversion.ticket() && conversion.matches(instances)) {
            return;
        }
        if (pending.offerQueried(instances, ticket, answeredAtMillis)) {
            dispatcher.schedule(this);
        }
    }

    /**
     * Records that the client lost its connection: the answers protection counts must come in a row from a
     * connected client, so the count starts again.
     */
    void connectionLost() {
        protection.connectionLost();
    }

    /** Whether empty-push protection holds the last good list instead of what Nacos says. */
    boolean isProtecting() {
        return protection.isHolding();
    }

    long nextCheckMillis() {
        return nextCheckMillis;
    }

    void nextCheckAt(long millis) {
        nextCheckMillis = millis;
    }

    long lastCheckMillis() {
        return counters.lastCheckMillis();
    }

    /**
     * Adds a listener. If this watch holds a list (delivered, or kept from a first load), the newcomer alone is given
     * it at once, so it starts from what the watch knows however it came (a later addition, or one again after a
     * failure) and the others are not notified again.
     */
    public void addListener(ServiceInstancesChangedListener listener) {
        if (listeners.add(listener) && (delivered || !conversion.current().isEmpty())) {
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
        return conversion.fromQuery(queried, ticket, protection.isOn());
    }

    /** Taken before reading a list for {@link #firstLoad(List, long)}. */
    public long ticket() {
        return conversion.ticket();
    }

    /** Protects what a Dubbo listener already holds, while this watch has converted no push yet. */
    void adopt(List<ServiceInstance> held) {
        if (protection.isOn()) {
            conversion.adopt(held);
        }
    }

    private boolean isProtected(List<Instance> instances) {
        return protection.isOn() && !conversion.current().isEmpty() && filter.isAmbiguous(instances);
    }

    public WatchSnapshot stats() {
        return counters.snapshot(
                application,
                conversion.current().size(),
                listeners.size(),
                protection.holdingSinceMillis(),
                protection.releaseMillis());
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
        if (push.queried) {
            check(push);
            return;
        }
        List<Instance> pushed = push.instances;
        if (isProtected(pushed)) {
            pending.drop(push);
            counters.pushDropped();
            protection.pushDropped(pushed.size(), conversion.current().size());
            listeners.welcome(conversion.current());
            return;
        }
        protection.end();
        pending.converted();
        List<ServiceInstance> converted = conversion.fromPush(pushed, push.hint);
        delivered = true;
        if (LOGGER.isDebugEnabled()) {
            LOGGER.debug("nacos-app: application '" + application + "' now has " + converted.size()
                    + " usable instances of " + pushed.size() + ": " + converted);
        }
        counters.listDelivered();
        listeners.deliver(converted);
    }

    /**
     * Compares what listeners hold with a direct query's answer, on the dispatcher like a push. A push converted since
     * the query was sent is newer and wins. An answer with no usable instance, while a list is held, counts towards
     * protection's timeout; any other answer that differs from the list held replaces it, as a push would have.
     */
    private void check(PendingPush.Push answer) {
        if (answer.ticket != conversion.ticket()) {
            return;
        }
        List<Instance> queried = answer.instances;
        if (isProtected(queried)) {
            if (protection.emptyAnswered(
                    answer.answeredAtMillis,
                    queried.size(),
                    conversion.current().size())) {
                List<ServiceInstance> released = conversion.fromCheck(queried, answer.ticket);
                if (released != null) {
                    deliverChecked(released);
                }
            }
            return;
        }
        protection.end();
        List<ServiceInstance> corrected = conversion.fromCheck(queried, answer.ticket);
        if (corrected == null) {
            return;
        }
        if (counters.corrected()) {
            LOGGER.warn(
                    REGISTRY_EMPTY_ADDRESS,
                    "lost notification",
                    "",
                    "nacos-app: the instances of application '" + application + "' that Dubbo was given last differ"
                            + " from what Nacos answers to a direct query (" + corrected.size() + " usable of "
                            + queried.size() + "): a notification was lost; delivering Nacos' list. Later corrections"
                            + " of this application are counted (QoS command nacosapp), not logged.");
        }
        deliverChecked(corrected);
    }

    private void deliverChecked(List<ServiceInstance> list) {
        pending.converted();
        delivered = true;
        counters.listDelivered();
        listeners.deliver(list);
    }
}
