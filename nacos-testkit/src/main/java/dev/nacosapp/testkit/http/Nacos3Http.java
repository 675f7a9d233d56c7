package dev.nacosapp.testkit.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nacosapp.testkit.model.NacosCredentials;
import dev.nacosapp.testkit.model.NacosLine;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The client for a Nacos 3.x server: its v3 admin API, with the admin credentials, since a stock 3.0-3.2 server
 * keeps its admin API behind a login while clients need none. Uses no v1 or v2 path, so it works on 3.2+, which
 * removed them. Thread-safe.
 */
final class Nacos3Http extends LineHttp {

    /** Answered by a 3.x server (200, or 500 while starting) and with 404 by a 2.x server. */
    static final String READINESS_PATH = "/nacos/v3/admin/core/state/readiness";

    private static final String INSTANCE_PATH = "/nacos/v3/admin/ns/instance";

    private static final String NAMESPACE_PATH = "/nacos/v3/admin/core/namespace";

    // Nacos 3's ErrorCode.SERVER_ERROR, which the admin instance list answers (with 404) for an unknown service.
    private static final int SERVICE_NOT_FOUND_CODE = 30000;

    /** What a Nacos 3.0 server answers (HTTP 400) for the detail of a service it does not have. */
    private static final int SERVICE_NOT_EXIST_CODE = 21008;

    private static final String SERVICE_PATH = "/nacos/v3/admin/ns/service";

    private static final int NAMESPACE_ALREADY_EXIST = 22002;

    // The settings keys of the test kit's target configuration, spelt out: this package sits below the one that
    // reads them, and a user who hits the 403 needs the keys, not a class name.
    private static final String ADMIN_SETTINGS = "nacos.admin.username, nacos.admin.password";

    Nacos3Http(String serverAddr, NacosCredentials adminCredentials) {
        super(
                serverAddr,
                adminCredentials,
                "/nacos/v3/auth/user/login",
                INSTANCE_PATH,
                "/nacos/v3/admin/cs/config",
                "groupName");
    }

    @Override
    public NacosLine line() {
        return NacosLine.V3;
    }

    @Override
    boolean ready() {
        HttpResponse<String> response = http.unauthenticated("GET", READINESS_PATH, Map.of());
        return response.statusCode() == 200
                && Json.parse(response.body()).path("code").asInt(-1) == 0;
    }

    @Override
    public boolean initialiseAdmin(String password) {
        String path = "/nacos/v3/auth/user/admin";
        HttpResponse<String> response = http.unauthenticated("POST", path, Map.of("password", password));
        JsonNode body = Json.parse(requireOk("POST " + http.baseUrl() + path, response));
        // Nacos 3 answers an existing admin with HTTP 200 and code 409.
        int code = body.path("code").asInt(-1);
        if (code == 409) {
            return false;
        }
        if (code != 0) {
            throw new NacosHttpException("POST " + http.baseUrl() + path, response.statusCode(), response.body(), null);
        }
        return true;
    }

    @Override
    public List<RegisteredInstance> instances(
            String namespace, String group, String serviceName, String clusters, boolean healthyOnly) {
        Map<String, String> service = serviceParams(namespace, group, serviceName);
        // A Nacos 3 admin list reads one cluster, DEFAULT when none is named (and answers 404 for a cluster without
        // instances): every cluster is listed on its own, those the service has when none is asked for.
        Set<String> wanted = clusters == null || clusters.isBlank()
                ? clustersOf(service)
                : Arrays.stream(clusters.split(",")).map(String::trim).collect(Collectors.toCollection(TreeSet::new));
        List<RegisteredInstance> result = new ArrayList<>();
        String path = INSTANCE_PATH + "/list";
        for (String cluster : wanted) {
            Map<String, String> query = new LinkedHashMap<>(service);
            query.put("clusterName", cluster);
            query.put("healthyOnly", String.valueOf(healthyOnly));
            HttpResponse<String> response = session.exchange("GET", path, query);
            JsonNode body = Json.parse(response.body());
            if (response.statusCode() == 404 && body.path("code").asInt() == SERVICE_NOT_FOUND_CODE) {
                // v1 answers an unknown service or cluster with an empty list; v3 with 404.
                continue;
            }
            checked("GET", path, response);
            for (JsonNode host : body.path("data")) {
                RegisteredInstance instance = toInstance(host);
                // The admin list includes disabled instances; v1 and every push leave them out, and so does this.
                if (instance.enabled()) {
                    result.add(instance);
                }
            }
        }
        return result;
    }

    /** The clusters a service has now, from {@code GET /nacos/v3/admin/ns/service}; none for an unknown service. */
    private Set<String> clustersOf(Map<String, String> service) {
        HttpResponse<String> response = session.exchange("GET", SERVICE_PATH, service);
        JsonNode body = Json.parse(response.body());
        if (body.path("code").asInt() == SERVICE_NOT_EXIST_CODE) {
            return Set.of();
        }
        checked("GET", SERVICE_PATH, response);
        Set<String> names = new TreeSet<>();
        body.path("data").path("clusterMap").fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Override
    public ServicePage services(String namespace, String group, int pageNo, int pageSize) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("namespaceId", blankToPublic(namespace));
        String exactGroup = group == null || group.isBlank() ? DEFAULT_GROUP : group;
        query.put("groupNameParam", exactGroup);
        query.put("pageNo", String.valueOf(pageNo));
        query.put("pageSize", String.valueOf(pageSize));
        JsonNode data = Json.parse(call("GET", "/nacos/v3/admin/ns/service/list", query))
                .path("data");
        List<String> names = new ArrayList<>();
        for (JsonNode each : data.path("pageItems")) {
            // groupNameParam is a pattern in Nacos 3 (a group containing it matches): keep the exact group only.
            if (exactGroup.equals(each.path("groupName").asText())) {
                names.add(each.path("name").asText());
            }
        }
        return new ServicePage(data.path("totalCount").asInt(), names);
    }

    @Override
    boolean create(String namespaceId) {
        HttpResponse<String> response =
                session.exchange("POST", NAMESPACE_PATH, namespaceForm("namespaceId", namespaceId));
        if (response.statusCode() == 400
                && Json.parse(response.body()).path("code").asInt() == NAMESPACE_ALREADY_EXIST) {
            return false;
        }
        checked("POST", NAMESPACE_PATH, response);
        return true;
    }

    @Override
    public List<String> namespaces() {
        List<String> ids = new ArrayList<>();
        for (JsonNode each :
                Json.parse(call("GET", NAMESPACE_PATH + "/list", Map.of())).path("data")) {
            ids.add(each.path("namespace").asText());
        }
        return ids;
    }

    @Override
    void putConfigNamespace(Map<String, String> params, String namespace) {
        params.put("namespaceId", blankToPublic(namespace));
    }

    @Override
    String configContent(String body) {
        return Json.parse(body).path("data").path("content").asText();
    }

    private static String blankToPublic(String namespace) {
        return namespace == null || namespace.isBlank() ? PUBLIC_NAMESPACE : namespace;
    }

    @Override
    String checked(String method, String path, HttpResponse<String> response) {
        if (response.statusCode() == 403 && !session.hasCredentials()) {
            throw new NacosHttpException(
                    method + " " + http.baseUrl() + path + " needs a login: a Nacos 3.x server keeps its admin API "
                            + "behind auth even when clients need none; give the admin user and password ("
                            + ADMIN_SETTINGS + ")",
                    response.statusCode(),
                    response.body(),
                    null);
        }
        return super.checked(method, path, response);
    }

    @Override
    String apiName() {
        return "v3 admin API";
    }
}
