package dev.nacosapp.testkit.embedded;

import com.alibaba.nacos.api.remote.request.Request;
import dev.nacosapp.testkit.embedded.naming.ServiceKey;
import dev.nacosapp.testkit.embedded.push.LostPushes;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fault switches of an {@link EmbeddedNacosServer} that a real server lacks: dropping every connection, pausing,
 * losing and faking pushes, a push delay, refused requests and a registration hold after restarts. Get it from
 * {@link EmbeddedNacosServer#faults()}.
 *
 * <p>The push delay, the registration hold and lost pushes are kept across restarts; a pause and pending refusals
 * belong to one run. Switches that act on the current run throw {@link IllegalStateException} while the server is
 * stopped. Thread-safe.
 */
public final class EmbeddedFaults {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedFaults.class);

    private final Supplier<ServerRuntime> runtime;

    private final Supplier<ServerRuntime> running;

    private final LostPushes lostPushes = new LostPushes();

    private volatile Duration pushDelay;

    private volatile Duration registrationHoldAfterRestart;

    EmbeddedFaults(
            Supplier<ServerRuntime> runtime,
            Supplier<ServerRuntime> running,
            Duration pushDelay,
            Duration registrationHoldAfterRestart) {
        this.runtime = runtime;
        this.running = running;
        this.pushDelay = pushDelay;
        this.registrationHoldAfterRestart = registrationHoldAfterRestart;
    }

    /** The lost pushes, which every run of the server shares. */
    LostPushes lostPushes() {
        return lostPushes;
    }

    /**
     * Drops every client connection at once, forgetting their instances and subscriptions (subscribers of those
     * services get the new lists). nacos-client reconnects at once and its redo task restores its state.
     *
     * @return how many connections were dropped
     */
    public int dropAllConnections() {
        return running.get().connections().dropAll("Connection dropped by EmbeddedFaults.dropAllConnections");
    }

    /** Holds back every push until {@link #resumePushes()}; changes are still stored. */
    public void pausePushes() {
        running.get().pushes().pause();
    }

    /** Pushes what was held back, with the current data, and pushes normally again. */
    public void resumePushes() {
        running.get().pushes().resume();
    }

    /**
     * Sends every subscriber of a service a push with an empty host list, whatever the service holds, like the
     * bogus empty pushes seen from real servers. The stored instances are untouched; the next change pushes them
     * again. Sent even while pushes are paused, but lost while the service's {@linkplain #losePushes pushes are
     * lost}.
     *
     * @param namespace namespace id, blank for {@code public}
     * @param group group, blank for {@code DEFAULT_GROUP}
     * @param serviceName service name
     */
    public void pushEmpty(String namespace, String group, String serviceName) {
        running.get().pushes().pushEmpty(ServiceKey.of(namespace, group, serviceName));
    }

    /**
     * Loses every later naming push of one service, to every subscriber, until {@link #deliverPushes}: the server
     * goes on as if it had delivered them and the clients never receive them, the lost notification behind
     * consumers that keep a stale provider list for good. Change pushes, the push that follows a subscription (a
     * client's redo after a reconnect included), retries and {@link #pushEmpty} are all lost: not sent, not held
     * while {@linkplain #pausePushes paused}, not awaited, not retried. A push is lost when it would be written to
     * the stream, so a change made just before this call whose push has not left yet is lost too.
     *
     * <p>Everything else goes on: instances and subscriptions change as usual, queries ({@code ServiceQueryRequest},
     * that is {@code getAllInstances(service, false)}, and the HTTP instance lists) answer the current data, and the
     * answer to a subscription carries the current list as always (it is an answer, not a push: nacos-client hands
     * it to its listeners on a first {@code subscribe} and ignores it on a redo). Other services, the same name in
     * another group or namespace included, are pushed normally.
     *
     * <p>Lost pushes are counted by {@link #lostPushCount}, not by {@link EmbeddedNaming#pushStats()}, which counts what was sent.
     * May be called whether or not the server is running; kept across restarts, as the push delay is.
     *
     * @param namespace namespace id, blank for {@code public}
     * @param group group, blank for {@code DEFAULT_GROUP}
     * @param serviceName service name
     */
    public void losePushes(String namespace, String group, String serviceName) {
        ServiceKey key = ServiceKey.of(namespace, group, serviceName);
        lostPushes.lose(key);
        LOG.info("Pushes of {} are lost from now on (EmbeddedFaults.losePushes)", key);
    }

    /**
     * Sends the pushes of a service normally again after {@link #losePushes}. What was lost is NOT sent again:
     * subscribers keep the list they last received until the service's next change, or a new subscription, pushes
     * the then-current list. Does nothing for a service whose pushes are not lost.
     *
     * @param namespace namespace id, blank for {@code public}
     * @param group group, blank for {@code DEFAULT_GROUP}
     * @param serviceName service name
     */
    public void deliverPushes(String namespace, String group, String serviceName) {
        ServiceKey key = ServiceKey.of(namespace, group, serviceName);
        lostPushes.deliver(key);
        LOG.info("Pushes of {} are delivered again (EmbeddedFaults.deliverPushes)", key);
    }

    /**
     * Counts the pushes of a service lost by {@link #losePushes}: one per subscriber and push.
     *
     * @param namespace namespace id, blank for {@code public}
     * @param group group, blank for {@code DEFAULT_GROUP}
     * @param serviceName service name
     * @return lost pushes since the server was built, across restarts and later {@link #deliverPushes} calls
     */
    public long lostPushCount(String namespace, String group, String serviceName) {
        return lostPushes.count(ServiceKey.of(namespace, group, serviceName));
    }

    /**
     * Changes how long changes to a service are merged before being pushed (kept across restarts).
     *
     * @param delay zero or more; real Nacos uses about 500 ms
     */
    public void setPushDelay(Duration delay) {
        pushDelay = requireNotNegative(delay, "delay");
        ServerRuntime current = runtime.get();
        if (current != null) {
            current.pushes().setDelay(delay);
        }
    }

    /**
     * Returns the current push delay.
     *
     * @return the delay, kept across restarts
     */
    public Duration pushDelay() {
        return pushDelay;
    }

    /**
     * Makes every later restart refuse ephemeral instance registrations for a while, while subscriptions are
     * answered at once: the worst case of the race after a real Nacos restart, where a subscriber's redone
     * subscription is answered, and the current empty list pushed to it, before the provider's redone registration
     * arrives. With a hold longer than the clients need to reconnect and redo (their redo task runs every 3 s) plus
     * the push delay, every subscriber that stays up across the restart sees an empty list before the instances
     * come back.
     *
     * <p>A held registration is answered the way a real Nacos' TPS control refuses a request (error code 503,
     * {@code Tps Flow restricted:...}); nacos-client reports the call as failed and its redo task repeats it every
     * 3 s, so instances come back at the first redo after the hold. A new {@code registerInstance} during the hold
     * fails the same way. Deregistrations, subscriptions and queries are never held (a batch deregistration is,
     * since nacos-client sends it as a batch registration of what remains). Applies to {@link EmbeddedNacosServer#restart()}
     * and to a {@link EmbeddedNacosServer#start()} after {@link EmbeddedNacosServer#stop()}, not to the first start; kept across restarts.
     *
     * @param hold how long after the restarted server listens registrations are refused; zero (the default) for
     *     no hold; 5 s is enough for clients that were disconnected for a few seconds, more after a longer outage
     *     (nacos-client waits 100 ms longer before each further reconnection attempt, up to 5 s)
     */
    public void setRegistrationHoldAfterRestart(Duration hold) {
        this.registrationHoldAfterRestart = requireNotNegative(hold, "hold");
    }

    /**
     * Returns the registration hold that later restarts apply.
     *
     * @return the hold, zero for none
     */
    public Duration registrationHoldAfterRestart() {
        return registrationHoldAfterRestart;
    }

    /**
     * Tells whether the current run is still refusing registrations after a restart.
     *
     * @return true while the {@linkplain #setRegistrationHoldAfterRestart registration hold} lasts
     */
    public boolean isHoldingRegistrations() {
        return running.get().registrationHold().isHolding();
    }

    private static Duration requireNotNegative(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + value);
        }
        return value;
    }

    /**
     * Makes the next naming requests (register, deregister, subscribe, query, list) fail with an error response,
     * which nacos-client reports as a failed call. Health checks, connection setup and config requests are not
     * affected (a config client's listen loop would otherwise use up the count); refuse those by type with
     * {@link #refuseNextRequests(int, Class)}.
     *
     * @param count how many requests to refuse, added to any still pending
     */
    public void refuseNextRequests(int count) {
        running.get().router().refuseNext(count);
    }

    /**
     * Makes the next naming or config requests of one type fail, as {@link #refuseNextRequests(int)} does for every
     * naming type: for example only the next subscription, while registrations and queries are answered, or only
     * the next config publish.
     *
     * @param count how many requests of that type to refuse, added to any still pending
     * @param type the nacos-api request class: {@code InstanceRequest} (register and deregister),
     *     {@code BatchInstanceRequest}, {@code SubscribeServiceRequest} (subscribe and unsubscribe),
     *     {@code ServiceQueryRequest}, {@code ServiceListRequest}; {@code ConfigQueryRequest},
     *     {@code ConfigPublishRequest} ({@code publishConfig} and {@code publishConfigCas}, which then return false),
     *     {@code ConfigRemoveRequest}, {@code ConfigBatchListenRequest} (listen and stop listening)
     */
    public void refuseNextRequests(int count, Class<? extends Request> type) {
        running.get().router().refuseNext(count, type);
    }
}
