package dev.nacosapp.testkit.embedded;

import com.alibaba.nacos.api.remote.response.Response;
import dev.nacosapp.testkit.embedded.config.ConfigStore;
import dev.nacosapp.testkit.embedded.grpc.BiStreamService;
import dev.nacosapp.testkit.embedded.grpc.ConnectionContext;
import dev.nacosapp.testkit.embedded.grpc.ConnectionRegistry;
import dev.nacosapp.testkit.embedded.grpc.GrpcTransport;
import dev.nacosapp.testkit.embedded.grpc.UnaryRequestService;
import dev.nacosapp.testkit.embedded.handler.BatchInstanceRequestHandler;
import dev.nacosapp.testkit.embedded.handler.ConfigBatchListenRequestHandler;
import dev.nacosapp.testkit.embedded.handler.ConfigPublishRequestHandler;
import dev.nacosapp.testkit.embedded.handler.ConfigQueryRequestHandler;
import dev.nacosapp.testkit.embedded.handler.ConfigRemoveRequestHandler;
import dev.nacosapp.testkit.embedded.handler.HealthCheckHandler;
import dev.nacosapp.testkit.embedded.handler.InstanceRequestHandler;
import dev.nacosapp.testkit.embedded.handler.MetadataCheck;
import dev.nacosapp.testkit.embedded.handler.PersistentInstanceRequestHandler;
import dev.nacosapp.testkit.embedded.handler.RegistrationHold;
import dev.nacosapp.testkit.embedded.handler.RequestRouter;
import dev.nacosapp.testkit.embedded.handler.ServiceListRequestHandler;
import dev.nacosapp.testkit.embedded.handler.ServiceQueryRequestHandler;
import dev.nacosapp.testkit.embedded.handler.SubscribeServiceRequestHandler;
import dev.nacosapp.testkit.embedded.http.AuthOpenApi;
import dev.nacosapp.testkit.embedded.http.ConfigOpenApi;
import dev.nacosapp.testkit.embedded.http.HttpApis;
import dev.nacosapp.testkit.embedded.http.HttpRouter;
import dev.nacosapp.testkit.embedded.http.HttpTransport;
import dev.nacosapp.testkit.embedded.http.NamespaceApi;
import dev.nacosapp.testkit.embedded.http.NamingAdminApiV3;
import dev.nacosapp.testkit.embedded.http.NamingOpenApi;
import dev.nacosapp.testkit.embedded.naming.NamingStore;
import dev.nacosapp.testkit.embedded.push.ConfigChangeNotifier;
import dev.nacosapp.testkit.embedded.push.LostPushes;
import dev.nacosapp.testkit.embedded.push.PushDispatcher;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One run of the embedded server, from start to stop: the naming and config stores, connections, push dispatcher,
 * config change notifier and the two listeners, wired together. A restart is a new run on the same ports: naming
 * state, connections and config listeners do not survive it; what a real Nacos keeps in its database (configs,
 * namespaces, users) comes from the {@link LastingState} the server hands every run.
 *
 * <p>Threads: one scheduler thread for pushes and housekeeping, a small fixed pool for gRPC calls, gRPC's shared
 * Netty event loops and one HTTP event-loop thread; none per connection or subscription. Thread-safe once started.
 */
public final class ServerRuntime implements AutoCloseable {

    private static final int GRPC_THREADS = 4;

    private static final Duration MAX_HOUSEKEEPING_PERIOD = Duration.ofSeconds(5);

    private static final Duration MIN_HOUSEKEEPING_PERIOD = Duration.ofMillis(100);

    private final ScheduledThreadPoolExecutor scheduler;

    private final ExecutorService grpcExecutor;

    private final NamingStore store;

    private final ConnectionRegistry connections;

    private final PushDispatcher pushes;

    private final ConfigStore configs;

    private final ConfigChangeNotifier configNotifier;

    private final RequestRouter router;

    private final RegistrationHold registrationHold;

    private final HttpRouter httpRouter;

    private HttpTransport http;

    private GrpcTransport grpc;

    private ServerRuntime(
            ServerSettings settings,
            LastingState lasting,
            Duration pushDelay,
            Duration registrationHold,
            LostPushes lostPushes,
            String name) {
        scheduler = new ScheduledThreadPoolExecutor(1, new DefaultThreadFactory(name + "-push", true));
        scheduler.setRemoveOnCancelPolicy(true);
        grpcExecutor = Executors.newFixedThreadPool(GRPC_THREADS, new DefaultThreadFactory(name + "-grpc", true));
        connections = new ConnectionRegistry(this::connectionRemoved);
        pushes = new PushDispatcher(
                scheduler, connections, pushDelay, settings.pushAckTimeout(), settings.pushRetryDelay(), lostPushes);
        store = new NamingStore(pushes, System::currentTimeMillis);
        pushes.bind(store);
        configs = new ConfigStore(lasting.configs(), System::currentTimeMillis);
        configNotifier = new ConfigChangeNotifier(
                scheduler, connections, configs, settings.pushAckTimeout(), settings.pushRetryDelay());
        configs.bind(configNotifier);
        MetadataCheck metadataCheck = new MetadataCheck(settings.metadataLimit());
        this.registrationHold = registrationHold.isZero()
                ? RegistrationHold.none()
                : RegistrationHold.of(registrationHold, System::nanoTime);
        router = new RequestRouter(
                List.of(
                        new HealthCheckHandler(),
                        new InstanceRequestHandler(store),
                        new BatchInstanceRequestHandler(store),
                        new PersistentInstanceRequestHandler(store),
                        new SubscribeServiceRequestHandler(store),
                        new ServiceQueryRequestHandler(store, lasting.queries()),
                        new ServiceListRequestHandler(store),
                        new ConfigQueryRequestHandler(configs),
                        new ConfigPublishRequestHandler(configs),
                        new ConfigRemoveRequestHandler(configs),
                        new ConfigBatchListenRequestHandler(configs)),
                connections,
                lasting.auth(),
                metadataCheck,
                this.registrationHold);
        NamingOpenApi namingApi = new NamingOpenApi(store, metadataCheck);
        httpRouter = new HttpRouter(new HttpApis(
                settings.line(),
                namingApi,
                new NamingAdminApiV3(store, namingApi),
                new ConfigOpenApi(configs),
                new AuthOpenApi(lasting.auth(), settings.line()),
                new NamespaceApi(lasting.namespaces()),
                lasting.auth(),
                lasting.legacyHttpCalls()));
        Duration period = clamp(settings.emptyServiceRetention());
        long retention = settings.emptyServiceRetention().toMillis();
        scheduler.scheduleWithFixedDelay(
                () -> store.removeEmptyServices(retention),
                period.toMillis(),
                period.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * Starts a run: HTTP on {@code httpPort} (0 for any free port), gRPC on the HTTP port + 1000.
     *
     * @param settings the server settings
     * @param lasting what outlives a restart: authentication (like Nacos' signed tokens), namespaces, configs
     * @param pushDelay the current push delay
     * @param registrationHold how long after it listens this run refuses instance registrations, zero for not at all
     * @param lostPushes the services whose pushes are lost, kept by the server across runs
     * @param httpPort the HTTP port, 0 for any
     * @return the running run
     * @throws IOException when either port cannot be bound; nothing is left running then
     */
    public static ServerRuntime start(
            ServerSettings settings,
            LastingState lasting,
            Duration pushDelay,
            Duration registrationHold,
            LostPushes lostPushes,
            int httpPort)
            throws IOException {
        ServerRuntime runtime =
                new ServerRuntime(settings, lasting, pushDelay, registrationHold, lostPushes, "nacos-testkit");
        try {
            runtime.http = HttpTransport.start(httpPort, runtime.httpRouter, "nacos-testkit-http");
            int grpcPort = runtime.http.port() + ServerSettings.GRPC_PORT_OFFSET;
            if (grpcPort > 65535) {
                throw new IOException("HTTP port " + runtime.http.port() + " leaves no room for gRPC at +1000");
            }
            runtime.grpc = GrpcTransport.start(
                    grpcPort,
                    runtime.grpcExecutor,
                    new ConnectionContext(runtime.connections),
                    new UnaryRequestService(runtime.router),
                    new BiStreamService(runtime.connections, runtime::acknowledge),
                    settings.tls());
            // Counted from now: clients can only reach the run once both ports listen.
            runtime.registrationHold.begin();
            return runtime;
        } catch (IOException | RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    public int httpPort() {
        return http.port();
    }

    public int grpcPort() {
        return grpc.port();
    }

    public NamingStore store() {
        return store;
    }

    public ConnectionRegistry connections() {
        return connections;
    }

    public PushDispatcher pushes() {
        return pushes;
    }

    public ConfigStore configs() {
        return configs;
    }

    public ConfigChangeNotifier configNotifier() {
        return configNotifier;
    }

    public RequestRouter router() {
        return router;
    }

    public RegistrationHold registrationHold() {
        return registrationHold;
    }

    private void connectionRemoved(String connectionId) {
        pushes.connectionClosed(connectionId);
        store.removeConnection(connectionId);
        configNotifier.connectionClosed(connectionId);
        configs.removeConnection(connectionId);
    }

    private void acknowledge(String connectionId, Response response) {
        if (ConfigChangeNotifier.isAnswerToNotification(response)) {
            configNotifier.acknowledge(connectionId, response);
        } else {
            pushes.acknowledge(connectionId, response);
        }
    }

    private static Duration clamp(Duration retention) {
        if (retention.compareTo(MIN_HOUSEKEEPING_PERIOD) < 0) {
            return MIN_HOUSEKEEPING_PERIOD;
        }
        return retention.compareTo(MAX_HOUSEKEEPING_PERIOD) > 0 ? MAX_HOUSEKEEPING_PERIOD : retention;
    }

    /** Stops both listeners and every thread of this run; connected clients see the server vanish. */
    @Override
    public void close() {
        pushes.close();
        configNotifier.close();
        scheduler.shutdownNow();
        if (grpc != null) {
            grpc.close();
        }
        if (http != null) {
            http.close();
        }
        grpcExecutor.shutdownNow();
    }
}
