package dev.nacosapp.testkit.embedded.push;

import com.alibaba.nacos.api.naming.pojo.Instance;
import com.alibaba.nacos.api.naming.pojo.ServiceInfo;
import com.alibaba.nacos.api.naming.remote.request.NotifySubscriberRequest;
import dev.nacosapp.testkit.embedded.grpc.ConnectionRegistry;
import dev.nacosapp.testkit.embedded.naming.InstanceSelection;
import dev.nacosapp.testkit.embedded.naming.NamingChangeListener;
import dev.nacosapp.testkit.embedded.naming.NamingStore;
import dev.nacosapp.testkit.embedded.naming.ServiceKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes service changes to subscribers the way a Nacos 2.x server does: changes are merged per service for the
 * push delay, each subscriber gets the service's enabled instances in a {@code NotifySubscriberRequest} on its
 * stream, the client's acknowledgement is awaited, and a push that fails or is not acknowledged in time is retried
 * to that subscriber after the retry delay, with the data current at that time.
 *
 * <p>All pushing runs on one scheduler thread, so a subscriber sees pushes in order. Pauses hold back every push
 * until resumed. The pushes of a service named in {@link LostPushes} are dropped at the last moment, just before
 * being written to a stream, whatever made them (a change, a subscription, a retry, an empty push): nothing awaits
 * their acknowledgement, so they are never retried. Thread-safe: the public methods only record work and schedule
 * it.
 */
public final class PushDispatcher extends AcknowledgedSender<ServiceKey> implements NamingChangeListener {

    private static final Logger LOG = LoggerFactory.getLogger(PushDispatcher.class);

    private final ConnectionRegistry connections;

    private final Duration retryDelay;

    private final LostPushes lostPushes;

    private volatile NamingStore store;

    private volatile Duration delay;

    private volatile boolean paused;

    private final Set<PushTarget> scheduled = ConcurrentHashMap.newKeySet();

    private final Set<PushTarget> held = ConcurrentHashMap.newKeySet();

    /**
     * Creates a dispatcher; {@link #bind} must follow before changes arrive.
     *
     * @param scheduler the single-threaded scheduler that runs every push
     * @param connections where subscribers' streams are found
     * @param delay how long changes to a service are merged before pushing
     * @param ackTimeout how long a push may stay unacknowledged
     * @param retryDelay how long to wait before retrying a failed push
     * @param lostPushes the services whose pushes are lost, shared with the server's other runs
     */
    public PushDispatcher(
            ScheduledExecutorService scheduler,
            ConnectionRegistry connections,
            Duration delay,
            Duration ackTimeout,
            Duration retryDelay,
            LostPushes lostPushes) {
        super(scheduler, connections, "", ackTimeout);
        this.connections = connections;
        this.delay = delay;
        this.retryDelay = retryDelay;
        this.lostPushes = Objects.requireNonNull(lostPushes, "lostPushes");
    }

    /**
     * Connects the dispatcher to the store whose data it pushes.
     *
     * @param namingStore the store
     */
    public void bind(NamingStore namingStore) {
        this.store = namingStore;
    }

    @Override
    public void serviceChanged(ServiceKey key) {
        request(new PushTarget(key, null), delay);
    }

    @Override
    public void subscribed(ServiceKey key, String connectionId) {
        request(new PushTarget(key, connectionId), delay);
    }

    /** Holds back every push until {@link #resume()}. */
    public void pause() {
        paused = true;
    }

    /** Sends what was held back and pushes normally again. */
    public void resume() {
        paused = false;
        List<PushTarget> release = new ArrayList<>(held);
        held.removeAll(release);
        for (PushTarget each : release) {
            request(each, delay);
        }
    }

    public boolean isPaused() {
        return paused;
    }

    /**
     * Changes the merge delay of later pushes.
     *
     * @param pushDelay the new delay, zero or more
     */
    public void setDelay(Duration pushDelay) {
        this.delay = Objects.requireNonNull(pushDelay, "pushDelay");
    }

    public Duration delay() {
        return delay;
    }

    /**
     * Pushes an empty (non-null) host list for a service to all its subscribers now, whatever it holds, and
     * whether or not pushes are paused; lost like any other push while the service's pushes are lost.
     *
     * @param key the service
     */
    public void pushEmpty(ServiceKey key) {
        execute(
                () -> {
                    for (String connectionId : currentStore().subscribers(key).keySet()) {
                        send(connectionId, key, InstanceSelection.empty(key));
                    }
                },
                0);
    }

    private void request(PushTarget target, Duration after) {
        if (closed) {
            return;
        }
        if (paused) {
            held.add(target);
            return;
        }
        if (scheduled.add(target)) {
            try {
                scheduler.schedule(() -> run(target), after.toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                scheduled.remove(target);
            }
        }
    }

    private void run(PushTarget target) {
        scheduled.remove(target);
        if (closed) {
            return;
        }
        if (paused) {
            held.add(target);
            return;
        }
        try {
            NamingStore source = currentStore();
            Map<String, String> subscribers = target.connectionId() == null
                    ? source.subscribers(target.key())
                    : source.subscription(target.key(), target.connectionId())
                            .map(clusters -> Map.of(target.connectionId(), clusters))
                            .orElse(Map.of());
            if (subscribers.isEmpty()) {
                return;
            }
            List<Instance> instances = source.instances(target.key());
            for (Map.Entry<String, String> each : subscribers.entrySet()) {
                send(
                        each.getKey(),
                        target.key(),
                        InstanceSelection.select(target.key(), instances, each.getValue(), false, true));
            }
        } catch (RuntimeException e) {
            LOG.warn("Push of {} failed; retrying", target.key(), e);
            request(target, retryDelay);
        }
    }

    private void send(String connectionId, ServiceKey key, ServiceInfo serviceInfo) {
        // Only a push to a live connection can be lost: one to a closed connection is not counted.
        if (closed || !connections.isRegistered(connectionId)) {
            return;
        }
        if (lostPushes.loses(key)) {
            LOG.debug("Push of {} to {} lost on purpose", key, connectionId);
            return;
        }
        NotifySubscriberRequest request = NotifySubscriberRequest.buildNotifySubscriberRequest(serviceInfo);
        request.setNamespace(key.namespace());
        request.setGroupName(key.group());
        request.setServiceName(key.name());
        pushes.send(connectionId, key, request);
    }

    @Override
    void failed(String connectionId, ServiceKey key, String reason) {
        if (connections.isRegistered(connectionId)) {
            LOG.info("Push of {} to {} failed ({}); retrying", key, connectionId, reason);
            request(new PushTarget(key, connectionId), retryDelay);
        }
    }

    private NamingStore currentStore() {
        NamingStore bound = store;
        if (bound == null) {
            throw new IllegalStateException("PushDispatcher.bind was not called");
        }
        return bound;
    }

    /** A push of one service, to all its subscribers ({@code connectionId} null) or to one. */
    private record PushTarget(ServiceKey key, String connectionId) {}
}
