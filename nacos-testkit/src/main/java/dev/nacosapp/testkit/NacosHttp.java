package dev.nacosapp.testkit;

import com.alibaba.nacos.common.utils.JacksonUtils;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A small HTTP client for what tests and operators do from outside a Nacos server: readiness, instance list,
 * service list, console-style instance edit, namespaces, configs, login and admin initialisation. Works against
 * the embedded server, a container and a real Nacos of either line alike.
 *
 * <p>The server line is detected on first use: a Nacos 3.x server answers {@code GET
 * /nacos/v3/admin/core/state/readiness} (200, or 500 while starting), a 2.x server answers it with 404. Against 2.x
 * the v1 open and console API is used; against 3.x only the v3 admin API (3.0 and 3.1 refuse the v1 admin and
 * console API with 410, 3.2 removed v1), with the admin credentials, since a stock 3.x server keeps its admin API
 * behind a login while clients need none. Answers mean the same on both lines: {@link #instances} lists enabled
 * instances only, as v1 and every push do, and an unknown service lists as empty.
 *
 * <p>Credentials: {@code credentials} are the client's (2.x with auth on); {@code adminCredentials} log in to the
 * 3.x admin API, and default to {@code credentials}. A token is fetched on first use and renewed on a 403. Calls go
 * only to the configured host, never through a proxy. Thread-safe.
 */
public final class NacosHttp {

    /** The default namespace's id in the v3 API and in nacos-client. */
    static final String PUBLIC_NAMESPACE = "public";

    static final String DEFAULT_GROUP = "DEFAULT_GROUP";

    private static final Duration POLL = Duration.ofMillis(200);

    private final String serverAddr;

    private final HttpExchange http;

    private final NacosCredentials credentials;

    private final NacosCredentials adminCredentials;

    private final V1Calls v1;

    private final V3Calls v3;

    private volatile NacosLine line;

    /**
     * Creates a client without credentials.
     *
     * @param serverAddr {@code host:port} of the server's HTTP port
     */
    public NacosHttp(String serverAddr) {
        this(serverAddr, null, null, null);
    }

    /**
     * Creates a client that logs in with one user, for the client API and (on 3.x) the admin API.
     *
     * @param serverAddr {@code host:port} of the server's HTTP port
     * @param username user name, or null for a server without auth
     * @param password password, or null
     */
    public NacosHttp(String serverAddr, String username, String password) {
        this(serverAddr, username == null ? null : new NacosCredentials(username, password), null, null);
    }

    /**
     * Creates a client with separate client and admin credentials.
     *
     * @param serverAddr {@code host:port} of the server's HTTP port
     * @param credentials the client user (2.x with auth on), or null
     * @param adminCredentials the user for the 3.x admin API, or null to use {@code credentials}
     */
    public NacosHttp(String serverAddr, NacosCredentials credentials, NacosCredentials adminCredentials) {
        this(serverAddr, credentials, adminCredentials, null);
    }

    private NacosHttp(
            String serverAddr, NacosCredentials credentials, NacosCredentials adminCredentials, NacosLine line) {
        this.serverAddr = Objects.requireNonNull(serverAddr, "serverAddr");
        this.http = new HttpExchange(serverAddr);
        this.credentials = credentials;
        this.adminCredentials = adminCredentials;
        this.v1 = new V1Calls(http, credentials != null ? credentials : adminCredentials);
        this.v3 = new V3Calls(http, adminCredentials != null ? adminCredentials : credentials);
        this.line = line;
    }

    /**
     * Returns a client that uses one line's API without detecting it, for a server whose line is known.
     *
     * @param serverLine the line
     * @return a new client with the same address and credentials
     */
    public NacosHttp withLine(NacosLine serverLine) {
        return new NacosHttp(serverAddr, credentials, adminCredentials, Objects.requireNonNull(serverLine));
    }

    /**
     * Returns the server's line, asking the server the first time.
     *
     * @return the line
     * @throws NacosHttpException when the server does not answer
     */
    public NacosLine line() {
        NacosLine known = line;
        if (known == null) {
            HttpResponse<String> probe = http.unauthenticated("GET", V3Calls.READINESS_PATH, Map.of());
            known = probe.statusCode() == 404 ? NacosLine.V2 : NacosLine.V3;
            line = known;
        }
        return known;
    }

    private LineCalls calls() {
        return line() == NacosLine.V3 ? v3 : v1;
    }

    /**
     * Asks the line's readiness endpoint.
     *
     * @return true when the server answers that it is ready
     */
    public boolean isReady() {
        try {
            return calls().isReady();
        } catch (NacosHttpException e) {
            return false;
        }
    }

    /**
     * Waits until the server is ready.
     *
     * @param timeout how long to wait
     * @throws NacosHttpException when the server is not ready in time
     */
    public void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!isReady()) {
            if (Instant.now().isAfter(deadline)) {
                throw new NacosHttpException(
                        "Nacos at " + http.baseUrl() + " was not ready within " + timeout.toSeconds() + " s",
                        0,
                        "",
                        null);
            }
            pause();
        }
    }

    /**
     * Logs in (2.x: the client user at {@code /nacos/v1/auth/users/login}; 3.x: the admin user at
     * {@code /nacos/v3/auth/user/login}) and returns a fresh token.
     *
     * @return the access token
     * @throws NacosHttpException when no credentials are set or the server refuses them
     */
    public String login() {
        return calls().login();
    }

    /**
     * Waits until {@link #login()} succeeds. A fresh Nacos 3 refuses logins with 403 {@code user not found!} for up
     * to ~15 s after its admin is initialised, until it reloads its user cache.
     *
     * @param timeout how long to wait
     * @throws NacosHttpException with the last refusal when the login still fails
     */
    public void awaitLogin(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            try {
                login();
                return;
            } catch (NacosHttpException e) {
                if (e.status() != 403 || Instant.now().isAfter(deadline)) {
                    throw e;
                }
            }
            pause();
        }
    }

    /**
     * Sets the password of the built-in admin {@code nacos} of a fresh server (Nacos 2.4+ and 3.x ship without
     * one): {@code POST /nacos/v1/auth/users/admin} on 2.x, {@code POST /nacos/v3/auth/user/admin} on 3.x.
     *
     * @param password the password
     * @return true when set, false when the server has an admin already
     * @throws NacosHttpException when the server refuses otherwise
     */
    public boolean initialiseAdmin(String password) {
        return calls().initialiseAdmin(Objects.requireNonNull(password, "password"));
    }

    /**
     * Lists the enabled instances of a service, every cluster, healthy or not.
     *
     * @param namespace namespace id, blank for {@code public}
     * @param group group, blank for {@code DEFAULT_GROUP}
     * @param serviceName service name
     * @return the instances; empty for an unknown service
     */
    public List<RegisteredInstance> instances(String namespace, String group, String serviceName) {
        return instances(namespace, group, serviceName, "", false);
    }

    /**
     * Lists the enabled instances of a service.
     *
     * @param namespace namespace id, blank for {@code public}
     * @param group group, blank for {@code DEFAULT_GROUP}
     * @param serviceName service name
     * @param clusters comma-separated clusters, blank for all
     * @param healthyOnly leave unhealthy instances out
     * @return the instances; empty for an unknown service
     */
    public List<RegisteredInstance> instances(
            String namespace, String group, String serviceName, String clusters, boolean healthyOnly) {
        return calls().instances(namespace, group, serviceName, clusters, healthyOnly);
    }

    /**
     * Lists one page of the services of a group.
     *
     * @param namespace namespace id, blank for {@code public}
     * @param group group, blank for {@code DEFAULT_GROUP}
     * @param pageNo page number, from 1
     * @param pageSize page size
     * @return the page
     */
    public ServicePage services(String namespace, String group, int pageNo, int pageSize) {
        return calls().services(namespace, group, pageNo, pageSize);
    }

    /**
     * Edits an instance like the Nacos console: weight, enabled and metadata. Subscribers get the change pushed.
     *
     * @param namespace namespace id, blank for {@code public}
     * @param group group, blank for {@code DEFAULT_GROUP}
     * @param serviceName service name
     * @param update the edit
     * @throws NacosHttpException when the server refuses it (for example an unknown service)
     */
    public void updateInstance(String namespace, String group, String serviceName, InstanceUpdate update) {
        calls().updateInstance(namespace, group, serviceName, update);
    }

    /**
     * Creates a namespace whose display name is its id, unless it exists. A Nacos 3 server may require a
     * namespace to exist before it is used; 2.x does not, but lists only created ones.
     *
     * @param namespaceId the id ({@code [\w-]+}, at most 128 characters)
     * @return true when created, false when it existed ({@code public} always does)
     * @throws NacosHttpException when the server refuses it
     */
    public boolean createNamespace(String namespaceId) {
        Objects.requireNonNull(namespaceId, "namespaceId");
        if (namespaceId.isBlank() || PUBLIC_NAMESPACE.equals(namespaceId)) {
            return false;
        }
        return calls().createNamespace(namespaceId, namespaceId);
    }

    /**
     * Lists the namespace ids, {@code public} included.
     *
     * @return the ids
     */
    public List<String> namespaces() {
        return calls().namespaces();
    }

    /**
     * Reads a config's raw content ({@code GET /nacos/v1/cs/configs} on 2.x, {@code GET /nacos/v3/admin/cs/config}
     * on 3.x).
     *
     * @param namespace namespace id (tenant), blank for {@code public}
     * @param group group, not blank (Nacos requires it)
     * @param dataId data id
     * @return the content, or empty when the server has none
     * @throws NacosHttpException for any other refusal
     */
    public Optional<String> config(String namespace, String group, String dataId) {
        return calls().config(namespace, group, dataId);
    }

    /**
     * Publishes a config ({@code POST /nacos/v1/cs/configs} on 2.x, {@code POST /nacos/v3/admin/cs/config} on 3.x);
     * listening clients are notified.
     *
     * @param namespace namespace id (tenant), blank for {@code public}
     * @param group group, not blank (Nacos requires it)
     * @param dataId data id
     * @param content the content, not blank
     * @throws NacosHttpException when the server refuses it
     */
    public void publishConfig(String namespace, String group, String dataId, String content) {
        calls().publishConfig(namespace, group, dataId, content);
    }

    static String requireOk(String what, HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new NacosHttpException(what, response.statusCode(), response.body(), null);
        }
        return response.body();
    }

    static Map<String, String> editForm(String serviceName, String group, InstanceUpdate update) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("serviceName", serviceName);
        putIfNotBlank(form, "groupName", group);
        form.put("ip", update.ip());
        form.put("port", String.valueOf(update.port()));
        form.put("clusterName", update.clusterName());
        form.put("weight", String.valueOf(update.weight()));
        form.put("enabled", String.valueOf(update.enabled()));
        form.put("ephemeral", "true");
        form.put("metadata", JacksonUtils.toJson(update.metadata()));
        return form;
    }

    static RegisteredInstance toInstance(JsonNode host) {
        Map<String, String> metadata = new HashMap<>();
        host.path("metadata")
                .fields()
                .forEachRemaining(e -> metadata.put(e.getKey(), e.getValue().asText()));
        String ip = host.path("ip").asText();
        int port = host.path("port").asInt();
        String cluster = host.path("clusterName").asText(null);
        String service = host.path("serviceName").asText(null);
        String instanceId = host.path("instanceId").asText(null);
        if (instanceId == null && service != null) {
            // Nacos' default id; not every v3 answer carries it.
            instanceId = ip + "#" + port + "#" + cluster + "#" + service;
        }
        return new RegisteredInstance(
                instanceId,
                ip,
                port,
                host.path("weight").asDouble(1.0),
                host.path("healthy").asBoolean(true),
                host.path("enabled").asBoolean(true),
                host.path("ephemeral").asBoolean(true),
                cluster,
                service,
                metadata);
    }

    static void putIfNotBlank(Map<String, String> target, String name, String value) {
        if (value != null && !value.isBlank()) {
            target.put(name, value);
        }
    }

    // A polling pause between HTTP probes of a remote server, not a synchronisation with this process.
    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NacosHttpException("Interrupted waiting for Nacos", 0, "", e);
        }
    }

    @Override
    public String toString() {
        NacosLine known = line;
        return "NacosHttp[" + http.baseUrl() + (known == null ? "" : ", " + known + " via " + calls()) + "]";
    }
}
