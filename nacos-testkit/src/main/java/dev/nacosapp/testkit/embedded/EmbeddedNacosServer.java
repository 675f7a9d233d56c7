package dev.nacosapp.testkit.embedded;

import dev.nacosapp.testkit.embedded.auth.AuthService;
import dev.nacosapp.testkit.embedded.grpc.NacosClientRequirement;
import dev.nacosapp.testkit.model.NacosLine;
import java.io.UncheckedIOException;
import java.time.Duration;
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
     * sooner so that tests run fast. Use {@link EmbeddedNacosServerBuilder#pushDelay} or {@link EmbeddedFaults#setPushDelay} for Nacos' timing.
     */
    public static final Duration DEFAULT_PUSH_DELAY = Duration.ofMillis(20);

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedNacosServer.class);

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

    EmbeddedNacosServer(ServerSettings settings) {
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
    public static EmbeddedNacosServerBuilder builder() {
        return new EmbeddedNacosServerBuilder();
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
        Duration hold = startedBefore ? faults.registrationHoldAfterRestart() : Duration.ZERO;
        runtime = PortPairs.start(
                httpPort,
                port -> ServerRuntime.start(settings, lasting, faults.pushDelay(), hold, faults.lostPushes(), port));
        startedBefore = true;
        httpPort = runtime.httpPort();
        LOG.info(
                "Embedded Nacos server ({}) listening on 127.0.0.1:{} (gRPC {})",
                settings.line(),
                httpPort,
                runtime.grpcPort());
        return this;
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
     * {@link EmbeddedNacosServerBuilder#adminAuth(boolean)}.
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
}
