package dev.nacosapp.testkit.http;

import com.alibaba.nacos.common.utils.JacksonUtils;
import com.fasterxml.jackson.databind.JsonNode;
import dev.nacosapp.testkit.model.NacosCredentials;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the 2.x and the 3.x client share: one server, one login session, and the calls whose flow is the same on both
 * lines and whose paths and parameter names are not. Subclasses are thread-safe.
 */
abstract class LineHttp implements NacosHttp {

    /** The default namespace's id in the v3 API and in nacos-client. */
    static final String PUBLIC_NAMESPACE = "public";

    static final String DEFAULT_GROUP = "DEFAULT_GROUP";

    final HttpExchange http;

    final HttpExchange.Session session;

    private final String serverAddr;

    private final String instancePath;

    private final String configPath;

    private final String configGroupParam;

    LineHttp(
            String serverAddr,
            NacosCredentials credentials,
            String loginPath,
            String instancePath,
            String configPath,
            String configGroupParam) {
        this.serverAddr = Objects.requireNonNull(serverAddr, "serverAddr");
        this.http = new HttpExchange(serverAddr);
        this.session = http.new Session(credentials, loginPath);
        this.instancePath = instancePath;
        this.configPath = configPath;
        this.configGroupParam = configGroupParam;
    }

    /** Adds a config's namespace in this line's parameter and with its default. */
    abstract void putConfigNamespace(Map<String, String> params, String namespace);

    /** The content of a config from the body of this line's answer to a read. */
    abstract String configContent(String body);

    /** Creates a namespace that is not {@code public}. */
    abstract boolean create(String namespaceId);

    /** Asks this line's readiness endpoint. */
    abstract boolean ready();

    @Override
    public final boolean isReady() {
        try {
            return ready();
        } catch (NacosHttpException e) {
            return false;
        }
    }

    @Override
    public String serverAddr() {
        return serverAddr;
    }

    @Override
    public String login() {
        return session.login();
    }

    @Override
    public void updateInstance(String namespace, String group, String serviceName, InstanceUpdate update) {
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
        putIfNotBlank(form, "namespaceId", namespace);
        call("PUT", instancePath, form);
    }

    @Override
    public boolean createNamespace(String namespaceId) {
        Objects.requireNonNull(namespaceId, "namespaceId");
        if (namespaceId.isBlank() || PUBLIC_NAMESPACE.equals(namespaceId)) {
            return false;
        }
        return create(namespaceId);
    }

    @Override
    public Optional<String> config(String namespace, String group, String dataId) {
        HttpResponse<String> response = session.exchange("GET", configPath, configKey(namespace, group, dataId));
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(configContent(checked("GET", configPath, response)));
    }

    @Override
    public void publishConfig(String namespace, String group, String dataId, String content) {
        Map<String, String> form = configKey(namespace, group, dataId);
        form.put("content", content);
        call("POST", configPath, form);
    }

    /** The request parameters that name one config. */
    private Map<String, String> configKey(String namespace, String group, String dataId) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("dataId", dataId);
        params.put(configGroupParam, group);
        putConfigNamespace(params, namespace);
        return params;
    }

    /** Sends a request in the session and returns the body of a 200 answer. */
    final String call(String method, String path, Map<String, String> params) {
        return checked(method, path, session.exchange(method, path, params));
    }

    /** Returns the body of a 200 answer and throws for any other. */
    String checked(String method, String path, HttpResponse<String> response) {
        return requireOk(method + " " + http.baseUrl() + path, response);
    }

    static String requireOk(String what, HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new NacosHttpException(what, response.statusCode(), response.body(), null);
        }
        return response.body();
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

    /** Names a service: its name, and its group and namespace unless blank (the server's defaults then). */
    static Map<String, String> serviceParams(String namespace, String group, String serviceName) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("serviceName", serviceName);
        putIfNotBlank(params, "groupName", group);
        putIfNotBlank(params, "namespaceId", namespace);
        return params;
    }

    /** The form that creates a namespace whose display name and description are its id. */
    static Map<String, String> namespaceForm(String idParameter, String namespaceId) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put(idParameter, namespaceId);
        form.put("namespaceName", namespaceId);
        form.put("namespaceDesc", namespaceId);
        return form;
    }

    static void putIfNotBlank(Map<String, String> target, String name, String value) {
        if (value != null && !value.isBlank()) {
            target.put(name, value);
        }
    }

    /** Names the API and the user, for {@link #toString()}. */
    abstract String apiName();

    @Override
    public String toString() {
        return "NacosHttp[" + http.baseUrl() + ", " + line() + " via " + apiName()
                + (session.hasCredentials() ? " as " + session.username() : "") + "]";
    }
}
