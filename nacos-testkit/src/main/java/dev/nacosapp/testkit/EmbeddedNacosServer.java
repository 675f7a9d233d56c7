package dev.nacosapp.testkit;

import dev.nacosapp.testkit.embedded.LastingState;
import dev.nacosapp.testkit.embedded.ServerRuntime;
import dev.nacosapp.testkit.embedded.ServerSettings;
import dev.nacosapp.testkit.embedded.auth.AuthService;
import dev.nacosapp.testkit.embedded.grpc.NacosClientRequirement;
import dev.nacosapp.testkit.tls.ServerTls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Objects;
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
 * listening clients ({@code ConfigService}). This type starts, stops and restarts it and tells its address; the
 * fault switches a real server lacks are on {@link #faults()}, and what it holds is on {@link #naming()},
 * {@link #configs()} and {@link #clients()}.
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
     * sooner so that tests run fast. Use {@link Builder#pushDelay} or {@link EmbeddedFaults#setPushDelay} for Nacos' timing.
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

    private final EmbeddedFaults faults;

    private final EmbeddedNaming naming;

    private final EmbeddedConfigs configs;

    private final EmbeddedClients clients;

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
        this.faults = new EmbeddedFaults(
                () -> runtime, this::running, settings.pushDelay(), settings.registrationHoldAfterRestart());
        this.naming = new EmbeddedNaming(this::running, lasting);
        this.configs = new EmbeddedConfigs(this::running);
        this.clients = new EmbeddedClients(this::running, lasting);
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
     * start after a {@link #stop()} is a restart: the {@linkplain EmbeddedFaults#setRegistrationHoldAfterRestart registration hold}
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
        Duration hold = startedBefore ? faults.registrationHoldAfterRestart() : Duration.ZERO;
        for (int i = 0; i < attempts; i++) {
            try {
                int candidate =
                        anyPort ? ANY_PORT_FROM + ThreadLocalRandom.current().nextInt(ANY_PORT_SPAN) : httpPort;
                runtime = ServerRuntime.start(
                        settings, lasting, faults.pushDelay(), hold, faults.lostPushes(), candidate);
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
     * {@linkplain EmbeddedFaults#setRegistrationHoldAfterRestart registration hold} it always does.
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
     * Returns the fault switches: dropped connections, paused, lost and empty pushes, push delay, refused requests
     * and the registration hold after restarts.
     *
     * @return the faults of this server, the same object on every call
     */
    public EmbeddedFaults faults() {
        return faults;
    }

    /**
     * Returns what the naming side holds, for assertions: instances, services, subscribers, queries and pushes.
     *
     * @return the naming state of this server, the same object on every call
     */
    public EmbeddedNaming naming() {
        return naming;
    }

    /**
     * Returns the configs, to read, publish and remove them as an operator would and to count listeners.
     *
     * @return the configs of this server, the same object on every call
     */
    public EmbeddedConfigs configs() {
        return configs;
    }

    /**
     * Returns the connected clients and their use of the old HTTP API.
     *
     * @return the clients of this server, the same object on every call
     */
    public EmbeddedClients clients() {
        return clients;
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
         * across it see an empty list first; see {@link EmbeddedFaults#setRegistrationHoldAfterRestart}.
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
