package dev.nacosapp.testkit;

import com.alibaba.nacos.api.naming.pojo.Instance;
import dev.nacosapp.testkit.embedded.LastingState;
import dev.nacosapp.testkit.embedded.ServerRuntime;
import dev.nacosapp.testkit.embedded.ServerSettings;
import dev.nacosapp.testkit.embedded.auth.AuthService;
import dev.nacosapp.testkit.embedded.auth.AuthStats;
import dev.nacosapp.testkit.embedded.config.ConfigKey;
import dev.nacosapp.testkit.embedded.config.StoredConfig;
import dev.nacosapp.testkit.embedded.grpc.NacosClientRequirement;
import dev.nacosapp.testkit.embedded.naming.ServiceKey;
import dev.nacosapp.testkit.embedded.push.LostPushes;
import dev.nacosapp.testkit.embedded.push.PushStats;
import dev.nacosapp.testkit.tls.ServerTls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Nacos-compatible naming and config server that runs inside the test's JVM, for tests that use nacos-client 2.x
 * or 3.x.
 *
 * <p>It listens on {@code 127.0.0.1} only: HTTP on port P (readiness, v1 open API, login) and the Nacos gRPC
 * protocol on P + 1000, where nacos-client always looks for it. It keeps ephemeral instances per connection,
 * subscriptions and pushes as a Nacos 2.5 server does, configs with CAS writes and change notifications to
 * listening clients ({@code ConfigService}), and offers fault switches that a real server lacks: restart
 * (optionally holding registrations back afterwards), dropping every connection, pausing pushes, losing the pushes
 * of a service, a bogus empty push, push delay and refused requests.
 *
 * <pre>{@code
 * try (EmbeddedNacosServer server = EmbeddedNacosServer.builder().build().start()) {
 *     NamingService naming = NamingFactory.createNamingService(server.serverAddr());
 *     ...
 * }
 * }</pre>
 *
 * <p>Thread-safe: every method may be called from any thread; lifecycle methods are synchronised.
 */
public final class EmbeddedNacosServer implements AutoCloseable {

    /** The default limit of an instance's metadata, as in Nacos 2.3+. */
    public static final int DEFAULT_METADATA_LIMIT = 1024;

    /**
     * The default push delay. Real Nacos merges changes for about 0.5 s before pushing; the embedded server pushes
     * sooner so that tests run fast. Use {@link Builder#pushDelay} or {@link #setPushDelay} for Nacos' timing.
     */
    public static final Duration DEFAULT_PUSH_DELAY = Duration.ofMillis(20);

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedNacosServer.class);

    private static final int PORT_ATTEMPTS = 20;

    /**
     * "Any free pair" is drawn from 10000..31000 (gRPC up to 32000), below the ephemeral ranges operating systems give
     * outgoing connections (Linux from 32768, macOS and Windows from 49152). A port the OS picked would be in that
     * range, where any process's client socket can take it while the server is stopped, and a restart on the same
     * ports would then fail.
     */
    private static final int ANY_PORT_FROM = 10000;

    private static final int ANY_PORT_SPAN = 21000;

    // A port just released by stop() can take a moment to become bindable again on some systems.
    private static final int FIXED_PORT_ATTEMPTS = 3;

    private static final long FIXED_PORT_RETRY_MILLIS = 200;

    private final ServerSettings settings;

    private final LastingState lasting;

    private volatile Duration pushDelay;

    private volatile Duration registrationHoldAfterRestart;

    private final LostPushes lostPushes = new LostPushes();

    private volatile ServerRuntime runtime;

    // Guarded by this: whether a run has started before, so that the next start is a restart.
    private boolean startedBefore;

    private volatile int httpPort;

    private EmbeddedNacosServer(ServerSettings settings) {
        this.settings = settings;
        this.lasting = LastingState.fresh(AuthService.of(
                settings.username(),
                settings.password(),
                settings.authEnabled(),
                settings.adminAuth(),
                settings.tokenTtl(),
                System::currentTimeMillis));
        this.pushDelay = settings.pushDelay();
        this.registrationHoldAfterRestart = settings.registrationHoldAfterRestart();
        this.httpPort = settings.port();
    }

    /**
     * Starts building a server.
     *
     * @return a builder with Nacos' defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts listening. With port 0 a free pair P / P+1000 is chosen on the first start and kept for restarts. A
     * start after a {@link #stop()} is a restart: the {@linkplain #setRegistrationHoldAfterRestart registration hold}
     * applies to it.
     *
     * @return this server
     * @throws UncheckedIOException when the ports cannot be bound
     * @throws IllegalStateException when the class path has no nacos-client with shaded gRPC (2.x or 3.x, not the
     *     {@code pure} classifier)
     */
    public synchronized EmbeddedNacosServer start() {
        if (runtime != null) {
            return this;
        }
        NacosClientRequirement.check(EmbeddedNacosServer.class.getClassLoader());
        IOException last = null;
        boolean anyPort = httpPort == 0;
        int attempts = anyPort ? PORT_ATTEMPTS : FIXED_PORT_ATTEMPTS;
        Duration hold = startedBefore ? registrationHoldAfterRestart : Duration.ZERO;
        for (int i = 0; i < attempts; i++) {
            try {
                int candidate =
                        anyPort ? ANY_PORT_FROM + ThreadLocalRandom.current().nextInt(ANY_PORT_SPAN) : httpPort;
                runtime = ServerRuntime.start(settings, lasting, pushDelay, hold, lostPushes, candidate);
                startedBefore = true;
                httpPort = runtime.httpPort();
                LOG.info(
                        "Embedded Nacos server ({}) listening on 127.0.0.1:{} (gRPC {})",
                        settings.line(),
                        httpPort,
                        runtime.grpcPort());
                return this;
            } catch (IOException e) {
                last = e;
                if (!anyPort && !pauseBeforeRetry()) {
                    break;
                }
            }
        }
        throw new UncheckedIOException(
                "Cannot start the embedded Nacos server on "
                        + (httpPort == 0 ? "a free port pair" : "127.0.0.1:" + httpPort + " and " + (httpPort + 1000)),
                last);
    }

    private static boolean pauseBeforeRetry() {
        try {
            Thread.sleep(FIXED_PORT_RETRY_MILLIS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Stops listening; connected clients see the server go away. Calling it again does nothing.
     */
    public synchronized void stop() {
        ServerRuntime current = runtime;
        runtime = null;
        if (current != null) {
            current.close();
            LOG.info("Embedded Nacos server on 127.0.0.1:{} stopped", httpPort);
        }
    }

    /**
     * Stops and starts again on the same ports. Like a restarted standalone Nacos it has lost every instance and
     * subscription; clients reconnect and their redo task registers and subscribes again (every 3 s by default).
     * Configs, namespaces and users are kept, as a real Nacos keeps them in its database: clients listen again after
     * reconnecting, find their configs unchanged and their listeners hear nothing.
     * Each subscriber gets the current list pushed after its subscription, an empty one included, so a subscriber
     * whose redo comes before the provider's sees an empty list for a while, as with a real Nacos; with a
     * {@linkplain #setRegistrationHoldAfterRestart registration hold} it always does.
     *
     * @return this server
     */
    public synchronized EmbeddedNacosServer restart() {
        stop();
        return start();
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    public boolean isRunning() {
        return runtime != null;
    }

    /**
     * Returns the address to give nacos-client.
     *
     * @return {@code 127.0.0.1:P}
     */
    public String serverAddr() {
        return "127.0.0.1:" + httpPort();
    }

    /**
     * Returns the HTTP port; the gRPC port is 1000 higher.
     *
     * @return the port
     * @throws IllegalStateException before the first start with port 0
     */
    public int httpPort() {
        int port = httpPort;
        if (port == 0) {
            throw new IllegalStateException("The embedded Nacos server has not been started yet");
        }
        return port;
    }

    public int grpcPort() {
        return httpPort() + ServerSettings.GRPC_PORT_OFFSET;
    }

    /**
     * Returns the user clients must log in as, if authentication is on.
     *
     * @return the user name, or null
     */
    public String username() {
        return settings.username();
    }

    /**
     * Returns the password of {@link #username()}.
     *
     * @return the password, or null
     */
    public String password() {
        return settings.password();
    }

    /**
     * Counts the logins this server has answered with a token and the requests it refused for a missing, unknown or
     * expired token, since it was built (restarts included).
     *
     * @return the counts
     */
    public AuthStats authStats() {
        return lasting.auth().stats();
    }

    /**
     * Returns the server line whose HTTP API this server answers.
     *
     * @return {@link NacosLine#V2} (the default) or {@link NacosLine#V3}
     */
    public NacosLine line() {
        return settings.line();
    }

    /**
     * Tells whether the admin API needs a login: on 2.x when auth is on, on 3.x unless turned off with
     * {@link Builder#adminAuth(boolean)}.
     *
     * @return true when admin requests need a token
     */
    public boolean adminAuthEnabled() {
        return settings.adminAuth();
    }

    /**
     * Counts the v1/v2 HTTP requests this server has answered (or refused) since it was built, logins excepted, for
     * tests that prove a harness does not depend on the old API on a 3.x server.
     *
     * @return the count
     */
    public long legacyHttpCallCount() {
        return lasting.legacyHttpCalls().sum();
    }

    /**
     * Drops every client connection at once, forgetting their instances and subscriptions (subscribers of those
     * services get the new lists). nacos-client reconnects at once and its redo task restores its state.
     *
     * @return how many connections were dropped
     */
    public int dropAllConnections() {
        return running().connections().dropAll("Connection dropped by EmbeddedNacosServer.dropAllConnections");
    }

    /** Holds back every push until {@link #resumePushes()}; changes are still stored. */
    public void pausePushes() {
        running().pushes().pause();
    }

    /** Pushes what was held back, with the current data, and pushes normally again. */
    public void resumePushes() {
        running().pushes().resume();
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
        running().pushes().pushEmpty(ServiceKey.of(namespace, group, serviceName));
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
     * <p>Lost pushes are counted by {@link #lostPushCount}, not by {@link #pushStats()}, which counts what was sent.
     * May be called whether or not the server is running; kept across restarts, as the push delay is.
     *
     * @param namespace namespace id, blank for {@code public}
     * @param group group, blank for {@code DEFAULT_GROUP}
     * @param serviceName service name
     */
    public void losePushes(String namespace, String group, String serviceName) {
        ServiceKey key = ServiceKey.of(namespace, group, serviceName);
        lostPushes.lose(key);
        LOG.info("Pushes of {} are lost from now on (EmbeddedNacosServer.losePushes)", key);
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
        LOG.info("Pushes of {} are delivered again (EmbeddedNacosServer.deliverPushes)", key);
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
     * Counts the queries of a service's instances this server answered over gRPC ({@code ServiceQueryRequest}: what
     * nacos-client sends for {@code getAllInstances}, {@code selectInstances} and {@code selectOneHealthyInstance}
     * with {@code subscribe=false}; with {@code subscribe=true} it subscribes instead and reads its cache). Refused
     * queries ({@link #refuseNextRequests}) and the HTTP instance lists are not counted.
     *
     * @param namespace namespace id, blank for {@code public}
     * @param group group, blank for {@code DEFAULT_GROUP}
     * @param serviceName service name
     * @return answered queries since the server was built, across restarts
     */
    public long queryCount(String namespace, String group, String serviceName) {
        return lasting.queries().count(ServiceKey.of(namespace, group, serviceName));
    }

    /**
     * Changes how long changes to a service are merged before being pushed (kept across restarts).
     *
     * @param delay zero or more; real Nacos uses about 500 ms
     */
    public void setPushDelay(Duration delay) {
        pushDelay = requireNotNegative(delay, "delay");
        ServerRuntime current = runtime;
        if (current != null) {
            current.pushes().setDelay(delay);
        }
    }

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
     * since nacos-client sends it as a batch registration of what remains). Applies to {@link #restart()}
     * and to a {@link #start()} after {@link #stop()}, not to the first start; kept across restarts.
     *
     * @param hold how long after the restarted server listens registrations are refused; zero (the default) for
     *     no hold; 5 s is enough for clients that were disconnected for a few seconds, more after a longer outage
     *     (nacos-client waits 100 ms longer before each further reconnection attempt, up to 5 s)
     */
    public void setRegistrationHoldAfterRestart(Duration hold) {
        this.registrationHoldAfterRestart = requireNotNegative(hold, "hold");
    }

    public Duration registrationHoldAfterRestart() {
        return registrationHoldAfterRestart;
    }

    /**
     * Tells whether the current run is still refusing registrations after a restart.
     *
     * @return true while the {@linkplain #setRegistrationHoldAfterRestart registration hold} lasts
     */
    public boolean isHoldingRegistrations() {
        return running().registrationHold().isHolding();
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
        running().router().refuseNext(count);
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
    public void refuseNextRequests(int count, Class<? extends com.alibaba.nacos.api.remote.request.Request> type) {
        running().router().refuseNext(count, type);
    }

    /**
     * Returns a snapshot of every instance of a service, disabled and unhealthy ones included, with console edits
     * applied.
     *
     * @param namespace namespace id, blank for {@code public}
     * @param group group, blank for {@code DEFAULT_GROUP}
     * @param serviceName service name
     * @return copies of the instances, in registration order
     */
    public List<Instance> instances(String namespace, String group, String serviceName) {
        return running().store().instances(ServiceKey.of(namespace, group, serviceName));
    }

    /**
     * Lists the names of the services of a group, as the service list API does (sorted, without paging).
     *
     * @param namespace namespace id, blank for {@code public}
     * @param group group, blank for {@code DEFAULT_GROUP}
     * @return service names
     */
    public List<String> serviceNames(String namespace, String group) {
        ServiceKey key = ServiceKey.of(namespace, group, "");
        return running().store().serviceNames(key.namespace(), key.group());
    }

    /**
     * Counts all stored instances.
     *
     * @return the number of instances over every namespace and service
     */
    public int instanceCount() {
        return running().store().instanceCount();
    }

    /**
     * Counts the connected (set-up) clients.
     *
     * @return the number of connections
     */
    public int connectionCount() {
        return running().connections().count();
    }

    /**
     * Returns the labels each open connection sent in its {@code ConnectionSetupRequest}: nacos-client names there its
     * module ({@code module=naming} or {@code config}) and the application it reports ({@code AppName}), which the
     * Nacos console shows.
     *
     * @return one map per connection, in no particular order
     */
    public List<Map<String, String>> connectionLabels() {
        return running().connections().labels();
    }

    /**
     * Counts the connections subscribed to a service.
     *
     * @param namespace namespace id, blank for {@code public}
     * @param group group, blank for {@code DEFAULT_GROUP}
     * @param serviceName service name
     * @return the number of subscribers
     */
    public int subscriberCount(String namespace, String group, String serviceName) {
        return running()
                .store()
                .subscribers(ServiceKey.of(namespace, group, serviceName))
                .size();
    }

    /**
     * Returns the content of a config, as stored by nacos-client's {@code ConfigService} or the v1 config API.
     *
     * @param namespace namespace id (tenant), blank for {@code public}
     * @param group group, blank for {@code DEFAULT_GROUP}
     * @param dataId data id
     * @return the content, or empty when there is no such config
     */
    public Optional<String> config(String namespace, String group, String dataId) {
        return running().configs().get(ConfigKey.of(namespace, group, dataId)).map(StoredConfig::content);
    }

    /**
     * Returns the MD5 of a config, the one a {@code publishConfigCas} must name to replace it.
     *
     * @param namespace namespace id (tenant), blank for {@code public}
     * @param group group, blank for {@code DEFAULT_GROUP}
     * @param dataId data id
     * @return the lower-case hex MD5 of the UTF-8 content, or empty when there is no such config
     */
    public Optional<String> configMd5(String namespace, String group, String dataId) {
        return running().configs().get(ConfigKey.of(namespace, group, dataId)).map(StoredConfig::md5);
    }

    /**
     * Publishes a config as an operator would, notifying every listening client.
     *
     * @param namespace namespace id (tenant), blank for {@code public}
     * @param group group, blank for {@code DEFAULT_GROUP}
     * @param dataId data id
     * @param content the content, not blank
     */
    public void publishConfig(String namespace, String group, String dataId, String content) {
        if (content == null || content.isBlank()) {
            throw new IllegalArgumentException("content must not be blank, as Nacos refuses it");
        }
        running().configs().publish(ConfigKey.of(namespace, group, dataId), content, StoredConfig.DEFAULT_TYPE, null);
    }

    /**
     * Removes a config, notifying every listening client; removing a missing config does nothing.
     *
     * @param namespace namespace id (tenant), blank for {@code public}
     * @param group group, blank for {@code DEFAULT_GROUP}
     * @param dataId data id
     */
    public void removeConfig(String namespace, String group, String dataId) {
        running().configs().remove(ConfigKey.of(namespace, group, dataId));
    }

    /**
     * Counts the connections listening to a config (nacos-client listens once per config and connection, however
     * many {@code Listener}s it holds).
     *
     * @param namespace namespace id (tenant), blank for {@code public}
     * @param group group, blank for {@code DEFAULT_GROUP}
     * @param dataId data id
     * @return the number of listening connections
     */
    public int configListenerCount(String namespace, String group, String dataId) {
        return running()
                .configs()
                .listeners(ConfigKey.of(namespace, group, dataId))
                .size();
    }

    /**
     * Returns the counters of config change notifications of the current run.
     *
     * @return notifications sent, acknowledged, failed and awaiting acknowledgement since the last start
     */
    public PushStats configPushStats() {
        return running().configNotifier().stats();
    }

    /**
     * Returns push counters of the current run.
     *
     * @return pushes sent, acknowledged, failed and awaiting acknowledgement since the last start
     */
    public PushStats pushStats() {
        return running().pushes().stats();
    }

    private ServerRuntime running() {
        ServerRuntime current = runtime;
        if (current == null) {
            throw new IllegalStateException("The embedded Nacos server is not running; call start() first");
        }
        return current;
    }

    /**
     * Builds an {@link EmbeddedNacosServer}; every setting defaults to what a fresh Nacos 2.5 standalone server
     * does, except the push delay. Not thread-safe.
     */
    public static final class Builder {

        private int port;

        private int metadataLimit = DEFAULT_METADATA_LIMIT;

        private String username;

        private String password;

        private Duration pushDelay = DEFAULT_PUSH_DELAY;

        private Duration pushAckTimeout = Duration.ofSeconds(3);

        private Duration pushRetryDelay = Duration.ofSeconds(1);

        private Duration emptyServiceRetention = Duration.ofSeconds(60);

        private Duration tokenTtl = Duration.ofHours(5);

        private Duration registrationHoldAfterRestart = Duration.ZERO;

        private NacosLine line = NacosLine.V2;

        private Boolean adminAuth;

        private ServerTls tls;

        private Builder() {}

        /**
         * Chooses the server line whose HTTP API the server answers. {@link NacosLine#V2} (the default) answers the v1
         * open API and 404 for v3 paths, like Nacos 2.5. {@link NacosLine#V3} answers the v3 admin and client API
         * (readiness, instance list and edit, service list, namespaces, login, admin initialisation, configs), still
         * answers the v1 client paths, answers the v1 admin and console paths with HTTP 410 as Nacos 3.0 does, and
         * keeps its admin API behind a login (see {@link #adminAuth}). The gRPC side is the same for both.
         *
         * @param serverLine the line
         * @return this builder
         */
        public Builder line(NacosLine serverLine) {
            this.line = Objects.requireNonNull(serverLine, "serverLine");
            return this;
        }

        /**
         * On a 3.x server, turns the admin API's login on (the default, as in a stock Nacos 3.0) or off. The admin user
         * is the {@link #auth} user if one is set, else {@code nacos} once its password is initialised through
         * {@code POST /nacos/v3/auth/user/admin}, as on a fresh Nacos. On a 2.x server the admin API follows
         * {@link #auth}, as in Nacos 2.x, and this setting is refused.
         *
         * @param enabled whether admin requests need a token
         * @return this builder
         */
        public Builder adminAuth(boolean enabled) {
            this.adminAuth = enabled;
            return this;
        }

        /**
         * Sets the HTTP port; gRPC listens on port + 1000.
         *
         * @param httpPort the port, 0 (the default) for a free pair
         * @return this builder
         */
        public Builder port(int httpPort) {
            this.port = httpPort;
            return this;
        }

        /**
         * Sets the largest total length of an instance's metadata (keys plus values), like Nacos'
         * {@code nacos.naming.service.metadata.length}.
         *
         * @param limit characters, 1024 by default
         * @return this builder
         */
        public Builder metadataLimit(int limit) {
            this.metadataLimit = limit;
            return this;
        }

        /**
         * Turns authentication on with one user: clients log in over HTTP and send the token with every naming
         * request.
         *
         * @param user the user name
         * @param pass the password
         * @return this builder
         */
        public Builder auth(String user, String pass) {
            this.username = Objects.requireNonNull(user, "user");
            this.password = Objects.requireNonNull(pass, "pass");
            return this;
        }

        /**
         * Sets how long changes to a service are merged before being pushed.
         *
         * @param delay 20 ms by default; real Nacos uses about 500 ms
         * @return this builder
         */
        public Builder pushDelay(Duration delay) {
            this.pushDelay = delay;
            return this;
        }

        /**
         * Sets how long a push may stay unacknowledged before it is retried.
         *
         * @param timeout 3 s by default, as in Nacos
         * @return this builder
         */
        public Builder pushAckTimeout(Duration timeout) {
            this.pushAckTimeout = timeout;
            return this;
        }

        /**
         * Sets how long after a failed push it is retried.
         *
         * @param delay 1 s by default, as in Nacos
         * @return this builder
         */
        public Builder pushRetryDelay(Duration delay) {
            this.pushRetryDelay = delay;
            return this;
        }

        /**
         * Sets how long a service without instances stays listed.
         *
         * @param retention 60 s by default
         * @return this builder
         */
        public Builder emptyServiceRetention(Duration retention) {
            this.emptyServiceRetention = retention;
            return this;
        }

        /**
         * Sets how long access tokens stay valid.
         *
         * @param ttl 5 hours by default, as in Nacos
         * @return this builder
         */
        public Builder tokenTtl(Duration ttl) {
            this.tokenTtl = ttl;
            return this;
        }

        /**
         * Makes every restart refuse ephemeral instance registrations for a while, so that subscribers staying up
         * across it see an empty list first; see {@link EmbeddedNacosServer#setRegistrationHoldAfterRestart}.
         *
         * @param hold zero (the default) for no hold; 5 s or more for a reliable empty list
         * @return this builder
         */
        public Builder registrationHoldAfterRestart(Duration hold) {
            this.registrationHoldAfterRestart = hold;
            return this;
        }

        /**
         * Serves gRPC over TLS, or mutual TLS, instead of plaintext. The embedded server then refuses plaintext
         * clients, as a real Nacos does with {@code nacos.remote.server.rpc.tls.compatibility=false} (a real Nacos
         * accepts both by default); HTTP stays plaintext. Clients set nacos-client's
         * {@code nacos.remote.client.rpc.tls.*} properties; see {@link ServerTls}.
         *
         * @param serverTls the certificate, key and, for mutual TLS, the client authority; null for plaintext
         * @return this builder
         */
        public Builder tls(ServerTls serverTls) {
            this.tls = serverTls;
            return this;
        }

        /**
         * Builds the server without starting it.
         *
         * @return the server
         * @throws IllegalArgumentException naming the setting that is out of range
         */
        public EmbeddedNacosServer build() {
            return new EmbeddedNacosServer(new ServerSettings(
                    port,
                    metadataLimit,
                    username,
                    password,
                    pushDelay,
                    pushAckTimeout,
                    pushRetryDelay,
                    emptyServiceRetention,
                    tokenTtl,
                    registrationHoldAfterRestart,
                    line,
                    adminAuth(),
                    tls));
        }

        private boolean adminAuth() {
            if (adminAuth != null && line == NacosLine.V2) {
                throw new IllegalArgumentException("adminAuth(" + adminAuth + ") applies to line(NacosLine.V3) only; "
                        + "a 2.x server guards its admin API with auth(user, password), as Nacos 2.x does");
            }
            return adminAuth == null ? line == NacosLine.V3 : adminAuth;
        }
    }
}
