package dev.nacosapp.testkit;

import com.alibaba.nacos.common.utils.JacksonUtils;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * A small client for the Nacos v1 open API, usable against the embedded server, a container and a real Nacos
 * alike: readiness, instance list, service list, console-style instance update, config read and publish, and login
 * when credentials are given (the token is then sent with every call and renewed on a 403).
 *
 * <p>Integration tests use it to check what the server stores and to edit instances as an operator would. Calls go
 * only to the configured host, never through a proxy. Thread-safe.
 */
public final class NacosHttp {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private static final String CONFIG_PATH = "/nacos/v1/cs/configs";

    private final String baseUrl;

    private final String username;

    private final String password;

    private final HttpClient client;

    private volatile String token;

    /**
     * Creates a client without credentials.
     *
     * @param serverAddr {@code host:port} of the server's HTTP port
     */
    public NacosHttp(String serverAddr) {
        this(serverAddr, null, null);
    }

    /**
     * Creates a client that logs in.
     *
     * @param serverAddr {@code host:port} of the server's HTTP port
     * @param username user name, or null for a server without auth
     * @param password password, or null
     */
    public NacosHttp(String serverAddr, String username, String password) {
        this.baseUrl = "http://" + Objects.requireNonNull(serverAddr, "serverAddr");
        this.username = username;
        this.password = password;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .proxy(HttpClient.Builder.NO_PROXY)
                .connectTimeout(Duration.ofSeconds(3))
                .build();
    }

    /**
     * Asks the readiness endpoint.
     *
     * @return true when the server answers 200
     */
    public boolean isReady() {
        try {
            return send(get("/nacos/v1/console/health/readiness", Map.of())).statusCode() == 200;
        } catch (NacosHttpException e) {
            return false;
        }
    }

    /**
     * Waits until the readiness endpoint answers 200.
     *
     * @param timeout how long to wait
     * @throws NacosHttpException when the server is not ready in time
     */
    public void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!isReady()) {
            if (Instant.now().isAfter(deadline)) {
                throw new NacosHttpException(
                        "Nacos at " + baseUrl + " was not ready within " + timeout.toSeconds() + " s", 0, "", null);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NacosHttpException("Interrupted waiting for " + baseUrl, 0, "", e);
            }
        }
    }

    /**
     * Logs in and returns a fresh token.
     *
     * @return the access token
     * @throws NacosHttpException when no credentials are set or the server refuses them
     */
    public String login() {
        if (username == null) {
            throw new NacosHttpException("No credentials configured for " + baseUrl, 0, "", null);
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("username", username);
        form.put("password", password);
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/nacos/v1/auth/users/login"))
                .timeout(CALL_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form)))
                .build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() != 200) {
            throw new NacosHttpException(
                    "Login as " + username + " at " + baseUrl, response.statusCode(), response.body(), null);
        }
        JsonNode body = JacksonUtils.toObj(response.body());
        String fresh = body.path("accessToken").asText("");
        token = fresh;
        return fresh;
    }

    /**
     * Lists the enabled instances of a service, every cluster, healthy or not.
     *
     * @param namespace namespace id, blank for {@code public}
     * @param group group, blank for {@code DEFAULT_GROUP}
     * @param serviceName service name
     * @return the instances
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
     * @return the instances
     */
    public List<RegisteredInstance> instances(
            String namespace, String group, String serviceName, String clusters, boolean healthyOnly) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("serviceName", serviceName);
        putIfNotBlank(query, "groupName", group);
        putIfNotBlank(query, "namespaceId", namespace);
        putIfNotBlank(query, "clusters", clusters);
        query.put("healthyOnly", String.valueOf(healthyOnly));
        JsonNode body = JacksonUtils.toObj(call("GET", "/nacos/v1/ns/instance/list", query));
        List<RegisteredInstance> result = new ArrayList<>();
        for (JsonNode host : body.path("hosts")) {
            result.add(toInstance(host));
        }
        return result;
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
        Map<String, String> query = new LinkedHashMap<>();
        query.put("pageNo", String.valueOf(pageNo));
        query.put("pageSize", String.valueOf(pageSize));
        putIfNotBlank(query, "groupName", group);
        putIfNotBlank(query, "namespaceId", namespace);
        JsonNode body = JacksonUtils.toObj(call("GET", "/nacos/v1/ns/service/list", query));
        List<String> names = new ArrayList<>();
        for (JsonNode each : body.path("doms")) {
            names.add(each.asText());
        }
        return new ServicePage(body.path("count").asInt(), names);
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
        Map<String, String> form = new LinkedHashMap<>();
        form.put("serviceName", serviceName);
        putIfNotBlank(form, "groupName", group);
        putIfNotBlank(form, "namespaceId", namespace);
        form.put("ip", update.ip());
        form.put("port", String.valueOf(update.port()));
        form.put("clusterName", update.clusterName());
        form.put("weight", String.valueOf(update.weight()));
        form.put("enabled", String.valueOf(update.enabled()));
        form.put("ephemeral", "true");
        form.put("metadata", JacksonUtils.toJson(update.metadata()));
        call("PUT", "/nacos/v1/ns/instance", form);
    }

    /**
     * Reads a config's raw content through {@code GET /nacos/v1/cs/configs}.
     *
     * @param namespace namespace id (tenant), blank for {@code public}
     * @param group group, not blank (Nacos' v1 API requires it)
     * @param dataId data id
     * @return the content, or empty when the server answers 404
     * @throws NacosHttpException for any other refusal
     */
    public Optional<String> config(String namespace, String group, String dataId) {
        Map<String, String> query = configKey(namespace, group, dataId);
        HttpResponse<String> response = exchange("GET", CONFIG_PATH, query);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(checked("GET", CONFIG_PATH, response));
    }

    /**
     * Publishes a config through {@code POST /nacos/v1/cs/configs}; listening clients are notified.
     *
     * @param namespace namespace id (tenant), blank for {@code public}
     * @param group group, not blank (Nacos' v1 API requires it)
     * @param dataId data id
     * @param content the content, not blank
     * @throws NacosHttpException when the server refuses it
     */
    public void publishConfig(String namespace, String group, String dataId, String content) {
        Map<String, String> form = configKey(namespace, group, dataId);
        form.put("content", content);
        call("POST", CONFIG_PATH, form);
    }

    private static Map<String, String> configKey(String namespace, String group, String dataId) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("dataId", dataId);
        params.put("group", group);
        putIfNotBlank(params, "tenant", namespace);
        return params;
    }

    private String call(String method, String path, Map<String, String> params) {
        return checked(method, path, exchange(method, path, params));
    }

    private String checked(String method, String path, HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new NacosHttpException(method + " " + baseUrl + path, response.statusCode(), response.body(), null);
        }
        return response.body();
    }

    private HttpResponse<String> exchange(String method, String path, Map<String, String> params) {
        boolean authenticated = username != null;
        if (authenticated && token == null) {
            login();
        }
        HttpResponse<String> response = send(build(method, path, params, authenticated));
        if (response.statusCode() == 403 && authenticated) {
            login();
            response = send(build(method, path, params, true));
        }
        return response;
    }

    private HttpRequest build(String method, String path, Map<String, String> params, boolean withToken) {
        Map<String, String> all = new LinkedHashMap<>(params);
        if (withToken && token != null) {
            all.put("accessToken", token);
        }
        if ("GET".equals(method)) {
            return get(path, all);
        }
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(CALL_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .method(method, HttpRequest.BodyPublishers.ofString(encode(all)))
                .build();
    }

    private HttpRequest get(String path, Map<String, String> query) {
        String suffix = query.isEmpty() ? "" : "?" + encode(query);
        return HttpRequest.newBuilder(URI.create(baseUrl + path + suffix))
                .timeout(CALL_TIMEOUT)
                .GET()
                .build();
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new NacosHttpException(request.method() + " " + request.uri() + " failed: " + e, 0, "", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NacosHttpException(request.method() + " " + request.uri() + " interrupted", 0, "", e);
        }
    }

    private static RegisteredInstance toInstance(JsonNode host) {
        Map<String, String> metadata = new HashMap<>();
        host.path("metadata")
                .fields()
                .forEachRemaining(e -> metadata.put(e.getKey(), e.getValue().asText()));
        return new RegisteredInstance(
                host.path("instanceId").asText(null),
                host.path("ip").asText(),
                host.path("port").asInt(),
                host.path("weight").asDouble(1.0),
                host.path("healthy").asBoolean(true),
                host.path("enabled").asBoolean(true),
                host.path("ephemeral").asBoolean(true),
                host.path("clusterName").asText(null),
                host.path("serviceName").asText(null),
                metadata);
    }

    private static void putIfNotBlank(Map<String, String> target, String name, String value) {
        if (value != null && !value.isBlank()) {
            target.put(name, value);
        }
    }

    private static String encode(Map<String, String> params) {
        StringJoiner joiner = new StringJoiner("&");
        params.forEach((k, v) -> joiner.add(
                URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return joiner.toString();
    }

    @Override
    public String toString() {
        return "NacosHttp[" + baseUrl + (username == null ? "" : ", user " + username) + "]";
    }
}
