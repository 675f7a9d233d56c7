package dev.nacosapp.testkit.embedded;

import dev.nacosapp.testkit.model.NacosLine;
import dev.nacosapp.testkit.tls.ServerTls;
import java.time.Duration;
import java.util.Objects;

/**
 * Builds an {@link EmbeddedNacosServer}; every setting defaults to what a fresh Nacos 2.5 standalone server
 * does, except the push delay. Not thread-safe.
 */
public final class EmbeddedNacosServerBuilder {

    private int port;

    private int metadataLimit = EmbeddedNacosServer.DEFAULT_METADATA_LIMIT;

    private String username;

    private String password;

    private Duration pushDelay = EmbeddedNacosServer.DEFAULT_PUSH_DELAY;

    private Duration pushAckTimeout = Duration.ofSeconds(3);

    private Duration pushRetryDelay = Duration.ofSeconds(1);

    private Duration emptyServiceRetention = Duration.ofSeconds(60);

    private Duration tokenTtl = Duration.ofHours(5);

    private Duration registrationHoldAfterRestart = Duration.ZERO;

    private NacosLine line = NacosLine.V2;

    private Boolean adminAuth;

    private ServerTls tls;

    EmbeddedNacosServerBuilder() {}

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
    public EmbeddedNacosServerBuilder line(NacosLine serverLine) {
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
    public EmbeddedNacosServerBuilder adminAuth(boolean enabled) {
        this.adminAuth = enabled;
        return this;
    }

    /**
     * Sets the HTTP port; gRPC listens on port + 1000.
     *
     * @param httpPort the port, 0 (the default) for a free pair
     * @return this builder
     */
    public EmbeddedNacosServerBuilder port(int httpPort) {
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
    public EmbeddedNacosServerBuilder metadataLimit(int limit) {
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
    public EmbeddedNacosServerBuilder auth(String user, String pass) {
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
    public EmbeddedNacosServerBuilder pushDelay(Duration delay) {
        this.pushDelay = delay;
        return this;
    }

    /**
     * Sets how long a push may stay unacknowledged before it is retried.
     *
     * @param timeout 3 s by default, as in Nacos
     * @return this builder
     */
    public EmbeddedNacosServerBuilder pushAckTimeout(Duration timeout) {
        this.pushAckTimeout = timeout;
        return this;
    }

    /**
     * Sets how long after a failed push it is retried.
     *
     * @param delay 1 s by default, as in Nacos
     * @return this builder
     */
    public EmbeddedNacosServerBuilder pushRetryDelay(Duration delay) {
        this.pushRetryDelay = delay;
        return this;
    }

    /**
     * Sets how long a service without instances stays listed.
     *
     * @param retention 60 s by default
     * @return this builder
     */
    public EmbeddedNacosServerBuilder emptyServiceRetention(Duration retention) {
        this.emptyServiceRetention = retention;
        return this;
    }

    /**
     * Sets how long access tokens stay valid.
     *
     * @param ttl 5 hours by default, as in Nacos
     * @return this builder
     */
    public EmbeddedNacosServerBuilder tokenTtl(Duration ttl) {
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
    public EmbeddedNacosServerBuilder registrationHoldAfterRestart(Duration hold) {
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
    public EmbeddedNacosServerBuilder tls(ServerTls serverTls) {
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
