package dev.nacosapp.dubbo.discovery;

import static org.apache.dubbo.common.constants.LoggerCodeConstants.REGISTRY_NACOS_EXCEPTION;

import com.alibaba.nacos.api.exception.NacosException;
import dev.nacosapp.dubbo.discovery.config.ConfigKey;
import dev.nacosapp.dubbo.discovery.internal.client.ClientNotReadyException;
import dev.nacosapp.dubbo.discovery.internal.client.ClientPool;
import dev.nacosapp.dubbo.discovery.internal.client.GrpcPortProbe;
import dev.nacosapp.dubbo.discovery.internal.client.NacosErrors;
import dev.nacosapp.dubbo.discovery.internal.client.SharedNamingClient;
import dev.nacosapp.dubbo.discovery.internal.client.TlsProbe;
import dev.nacosapp.dubbo.discovery.internal.config.NacosAppConfig;
import dev.nacosapp.dubbo.discovery.internal.config.Tunables;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.dubbo.common.logger.ErrorTypeAwareLogger;
import org.apache.dubbo.common.logger.LoggerFactory;

/**
 * Gets a discovery its Nacos client and, with {@code check=true}, proves within startup-timeout that a server answers
 * and accepts the credentials, retrying transient failures until then. With {@code check=false} it only warns. Every
 * failure names the servers and namespace and says what to change. Stateless.
 */
final class StartupCheck {
    private static final ErrorTypeAwareLogger LOGGER = LoggerFactory.getErrorTypeAwareLogger(StartupCheck.class);

    private StartupCheck() {}

    static ClientPool.Lease<SharedNamingClient> connect(NacosAppConfig config, ClientPool<SharedNamingClient> pool) {
        // The timeout covers creating the client too: nacos-client already tries to connect while it starts. Only the
        // wait is bounded, not nacos-client's own connect settings, which stay its own for every later reconnect.
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.startupTimeoutMillis());
        ClientPool.Lease<SharedNamingClient> lease;
        try {
            // With check=false nothing bounds startup but nacos-client itself: its attempts while it starts
            // (retry.times + 1, each up to its server-check timeout) end on their own.
            lease = pool.acquire(config, config.check() ? config.startupTimeoutMillis() : Long.MAX_VALUE);
        } catch (ClientNotReadyException e) {
            throw new NacosAppStartupError(noServerAnswered(config), e);
        } catch (NacosException e) {
            throw new NacosAppStartupError(
                    "nacos-app: cannot create a Nacos client for " + config.describeTarget() + ": "
                            + NacosErrors.describe(e),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NacosAppStartupError("nacos-app: interrupted while creating the Nacos client for "
                    + config.describeTarget() + "; the application is being stopped");
        }
        SharedNamingClient client = lease.client();
        if (!config.check()) {
            if (!client.isServerUp()) {
                LOGGER.warn(
                        REGISTRY_NACOS_EXCEPTION,
                        "Nacos unreachable",
                        "",
                        "nacos-app: " + config.describeTarget() + " is not reachable yet; starting anyway"
                                + " (check=false). Registrations and subscriptions complete once it is.");
            }
            return lease;
        }
        try {
            awaitServer(config, client, deadline);
            verifyAccess(config, client, deadline);
            return lease;
        } catch (RuntimeException | Error e) {
            lease.release();
            throw e;
        }
    }

    private static void awaitServer(NacosAppConfig config, SharedNamingClient client, long deadline) {
        while (!client.isServerUp()) {
            if (Thread.currentThread().isInterrupted()) {
                throw new NacosAppStartupError("nacos-app: interrupted while waiting for " + config.describeTarget()
                        + "; the application is being stopped");
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new NacosAppStartupError(noServerAnswered(config));
            }
            LockSupport.parkNanos(Tunables.STARTUP_POLL_NANOS);
        }
    }

    /** A connection alone does not prove the credentials: one read does, before anything is registered. */
    private static void verifyAccess(NacosAppConfig config, SharedNamingClient client, long deadline) {
        while (true) {
            try {
                client.probe(config.group());
                return;
            } catch (NacosException e) {
                // A refusal right after a server starts can be transient (3.x reloads its users for ~15 s).
                if (System.nanoTime() - deadline < 0 && !Thread.currentThread().isInterrupted()) {
                    LockSupport.parkNanos(Tunables.STARTUP_POLL_NANOS * 4);
                    continue;
                }
                if (e.getErrCode() == NacosException.CLIENT_DISCONNECT) {
                    // The connection came up and did not hold: what a real Nacos with mutual TLS does to a client
                    // without a certificate under TLS 1.3, where the client's handshake ends before the server
                    // checks it. Diagnose it like a connection that never came up.
                    throw new NacosAppStartupError(connectionDidNotHold(config, e), e);
                }
                String advice = e.getErrCode() != NacosException.NO_RIGHT
                        ? "."
                        : config.hasCredentials()
                                ? ". Nacos refused the credentials: check the registry's username and password (or"
                                        + " accessKey and secretKey) and the user's permissions on this namespace."
                                // Nacos 3.3 turns client auth on unless the server turns it off.
                                : ". This server requires a login and the registry sets no credentials: set username"
                                        + " and password (or accessKey and secretKey) on the registry address.";
                throw new NacosAppStartupError(
                        "nacos-app: " + config.describeTarget() + " answered a first query with an error: "
                                + NacosErrors.describe(e) + advice,
                        e);
            }
        }
    }

    private static String noServerAnswered(NacosAppConfig config) {
        String tls = tlsProblem(config);
        if (!tls.isEmpty()) {
            // The server does answer, so "no server answered" would send the user looking in the wrong place.
            return tls;
        }
        return "nacos-app: no Nacos server answered within " + config.startupTimeoutMillis() + " ms: "
                + config.describeTarget() + unresolved(config) + grpcUnreachable(config)
                + ". Start Nacos or fix the registry address; or set check=false on the registry to start"
                + " without Nacos and register as soon as it is reachable.";
    }

    private static String connectionDidNotHold(NacosAppConfig config, NacosException e) {
        String tls = tlsProblem(config);
        if (!tls.isEmpty()) {
            return tls;
        }
        return "nacos-app: " + config.describeTarget() + " accepted a connection that did not hold within "
                + config.startupTimeoutMillis() + " ms: " + NacosErrors.describe(e)
                + ". Check the server's log and what stands between this host and its gRPC port (a proxy, a port"
                + " mapping, TLS).";
    }

    /** A TLS mismatch a handshake of our own shows, as the whole startup error; empty when there is none. */
    private static String tlsProblem(NacosAppConfig config) {
        String tls = new TlsProbe(
                        GrpcPortProbe.nacosClientOffset(), Tunables.PROBE_STEP_MILLIS, Tunables.PROBE_BUDGET_MILLIS)
                .diagnose(config.serverAddr(), config.tls());
        if (tls.isEmpty()) {
            return "";
        }
        return "nacos-app: cannot connect to " + config.describeTarget() + " within " + config.startupTimeoutMillis()
                + " ms: " + tls + ". nacos-client keeps retrying; fix the TLS settings (registry parameters "
                + ConfigKey.TLS_PROPERTY_PREFIX + "*" + ") or the server's.";
    }

    /**
     * Says when a server answers HTTP and not gRPC: what a port mapping that publishes only the HTTP port looks like,
     * and which nacos-client itself only reports as endless connection attempts.
     */
    private static String grpcUnreachable(NacosAppConfig config) {
        return new GrpcPortProbe(
                        GrpcPortProbe.nacosClientOffset(), Tunables.PROBE_STEP_MILLIS, Tunables.PROBE_BUDGET_MILLIS)
                .diagnose(config.serverAddr());
    }

    /** Says which server names do not resolve: that is a different mistake from a server that is down. */
    static String unresolved(NacosAppConfig config) {
        List<String> names = new ArrayList<String>();
        for (String server : config.serverAddr().split(",")) {
            String host = server.substring(0, server.lastIndexOf(':'));
            if (host.startsWith("[")) {
                continue;
            }
            try {
                InetAddress.getByName(host);
            } catch (UnknownHostException e) {
                names.add(host);
            }
        }
        return names.isEmpty() ? "" : "; the host name(s) " + names + " do not resolve (DNS or /etc/hosts)";
    }
}
