package dev.nacosapp.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The v1 open and console API of Nacos 2.x. One session for everything: Nacos 2.x has one auth switch. Thread-safe.
 */
final class V1Calls implements LineCalls {

    private static final String CONFIG_PATH = "/nacos/v1/cs/configs";

    private static final String NAMESPACE_PATH = "/nacos/v1/console/namespaces";

    private final HttpExchange http;

    private final HttpExchange.Session session;

    V1Calls(HttpExchange http, NacosCredentials credentials) {
        this.http = http;
        this.session = http.new Session(credentials, "/nacos/v1/auth/users/login");
    }

    @Override
    public boolean isReady() {
        return http.unauthenticated("GET", "/nacos/v1/console/health/readiness", Map.of())
                        .statusCode()
                == 200;
    }

    @Override
    public String login() {
        return session.login();
    }

    @Override
    public boolean initialiseAdmin(String password) {
        HttpResponse<String> response =
                http.unauthenticated("POST", "/nacos/v1/auth/users/admin", Map.of("password", password));
        if (response.statusCode() == 409) {
            return false;
        }
        NacosHttp.requireOk("POST " + http.baseUrl() + "/nacos/v1/auth/users/admin", response);
        return true;
    }

    @Override
    public List<RegisteredInstance> instances(
            String namespace, String group, String serviceName, String clusters, boolean healthyOnly) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("serviceName", serviceName);
        NacosHttp.putIfNotBlank(query, "groupName", group);
        NacosHttp.putIfNotBlank(query, "namespaceId", namespace);
        NacosHttp.putIfNotBlank(query, "clusters", clusters);
        query.put("healthyOnly", String.valueOf(healthyOnly));
        JsonNode body = Json.parse(call("GET", "/nacos/v1/ns/instance/list", query));
        List<RegisteredInstance> result = new ArrayList<>();
        for (JsonNode host : body.path("hosts")) {
            result.add(NacosHttp.toInstance(host));
        }
        return result;
    }

    @Override
    public ServicePage services(String namespace, String group, int pageNo, int pageSize) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("pageNo", String.valueOf(pageNo));
        query.put("pageSize", String.valueOf(pageSize));
        NacosHttp.putIfNotBlank(query, "groupName", group);
        NacosHttp.putIfNotBlank(query, "namespaceId", namespace);
        JsonNode body = Json.parse(call("GET", "/nacos/v1/ns/service/list", query));
        List<String> names = new ArrayList<>();
        for (JsonNode each : body.path("doms")) {
            names.add(each.asText());
        }
        return new ServicePage(body.path("count").asInt(), names);
    }

    @Override
    public void updateInstance(String namespace, String group, String serviceName, InstanceUpdate update) {
        Map<String, String> form = NacosHttp.editForm(serviceName, group, update);
        NacosHttp.putIfNotBlank(form, "namespaceId", namespace);
        call("PUT", "/nacos/v1/ns/instance", form);
    }

    @Override
    public boolean createNamespace(String namespaceId, String name) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("customNamespaceId", namespaceId);
        form.put("namespaceName", name);
        form.put("namespaceDesc", name);
        HttpResponse<String> response = session.exchange("POST", NAMESPACE_PATH, form);
        if (response.statusCode() == 200) {
            return Boolean.parseBoolean(response.body().trim());
        }
        if (response.body().contains("already exist")) {
            return false;
        }
        throw new NacosHttpException(
                "POST " + http.baseUrl() + NAMESPACE_PATH, response.statusCode(), response.body(), null);
    }

    @Override
    public List<String> namespaces() {
        JsonNode body = Json.parse(call("GET", NAMESPACE_PATH, Map.of()));
        List<String> ids = new ArrayList<>();
        for (JsonNode each : body.path("data")) {
            // Nacos 2.x lists the default namespace with the id "".
            String id = each.path("namespace").asText("");
            ids.add(id.isEmpty() ? NacosHttp.PUBLIC_NAMESPACE : id);
        }
        return ids;
    }

    @Override
    public Optional<String> config(String namespace, String group, String dataId) {
        HttpResponse<String> response = session.exchange("GET", CONFIG_PATH, configKey(namespace, group, dataId));
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(NacosHttp.requireOk("GET " + http.baseUrl() + CONFIG_PATH, response));
    }

    @Override
    public void publishConfig(String namespace, String group, String dataId, String content) {
        Map<String, String> form = configKey(namespace, group, dataId);
        form.put("content", content);
        call("POST", CONFIG_PATH, form);
    }

    private static Map<String, String> configKey(String namespace, String group, String dataId) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("dataId", dataId);
        params.put("group", group);
        NacosHttp.putIfNotBlank(params, "tenant", namespace);
        return params;
    }

    private String call(String method, String path, Map<String, String> params) {
        return NacosHttp.requireOk(method + " " + http.baseUrl() + path, session.exchange(method, path, params));
    }

    @Override
    public String toString() {
        return "v1 API" + (session.hasCredentials() ? " as " + session.username() : "");
    }
}
