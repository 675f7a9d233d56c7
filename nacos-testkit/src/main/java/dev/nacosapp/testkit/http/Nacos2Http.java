package dev.nacosapp.testkit.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nacosapp.testkit.model.NacosCredentials;
import dev.nacosapp.testkit.model.NacosLine;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The client for a Nacos 2.x server: its v1 open and console API, with one session for everything, since Nacos 2.x
 * has one auth switch. Thread-safe.
 */
final class Nacos2Http extends LineHttp {

    private static final String NAMESPACE_PATH = "/nacos/v1/console/namespaces";

    Nacos2Http(String serverAddr, NacosCredentials credentials) {
        super(
                serverAddr,
                credentials,
                "/nacos/v1/auth/users/login",
                "/nacos/v1/ns/instance",
                "/nacos/v1/cs/configs",
                "group");
    }

    @Override
    public NacosLine line() {
        return NacosLine.V2;
    }

    @Override
    boolean ready() {
        return http.unauthenticated("GET", "/nacos/v1/console/health/readiness", Map.of())
                        .statusCode()
                == 200;
    }

    @Override
    public boolean initialiseAdmin(String password) {
        HttpResponse<String> response =
                http.unauthenticated("POST", "/nacos/v1/auth/users/admin", Map.of("password", password));
        if (response.statusCode() == 409) {
            return false;
        }
        requireOk("POST " + http.baseUrl() + "/nacos/v1/auth/users/admin", response);
        return true;
    }

    @Override
    public List<RegisteredInstance> instances(
            String namespace, String group, String serviceName, String clusters, boolean healthyOnly) {
        Map<String, String> query = serviceParams(namespace, group, serviceName);
        putIfNotBlank(query, "clusters", clusters);
        query.put("healthyOnly", String.valueOf(healthyOnly));
        JsonNode body = Json.parse(call("GET", "/nacos/v1/ns/instance/list", query));
        List<RegisteredInstance> result = new ArrayList<>();
        for (JsonNode host : body.path("hosts")) {
            result.add(toInstance(host));
        }
        return result;
    }

    @Override
    public ServicePage services(String namespace, String group, int pageNo, int pageSize) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("pageNo", String.valueOf(pageNo));
        query.put("pageSize", String.valueOf(pageSize));
        putIfNotBlank(query, "groupName", group);
        putIfNotBlank(query, "namespaceId", namespace);
        JsonNode body = Json.parse(call("GET", "/nacos/v1/ns/service/list", query));
        List<String> names = new ArrayList<>();
        for (JsonNode each : body.path("doms")) {
            names.add(each.asText());
        }
        return new ServicePage(body.path("count").asInt(), names);
    }

    @Override
    boolean create(String namespaceId) {
        HttpResponse<String> response =
                session.exchange("POST", NAMESPACE_PATH, namespaceForm("customNamespaceId", namespaceId));
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
            ids.add(id.isEmpty() ? PUBLIC_NAMESPACE : id);
        }
        return ids;
    }

    @Override
    void putConfigNamespace(Map<String, String> params, String namespace) {
        putIfNotBlank(params, "tenant", namespace);
    }

    @Override
    String configContent(String body) {
        return body;
    }

    @Override
    String apiName() {
        return "v1 API";
    }
}
