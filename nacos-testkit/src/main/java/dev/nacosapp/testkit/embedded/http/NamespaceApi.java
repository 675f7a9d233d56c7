package dev.nacosapp.testkit.embedded.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Namespace creation and listing in the shapes of both lines: Nacos 2.x's console API
 * ({@code /nacos/v1/console/namespaces}, where the default namespace shows with the id {@code ""}) and Nacos 3's
 * admin API ({@code /nacos/v3/admin/core/namespace}). Thread-safe.
 */
public final class NamespaceApi {

    // Nacos' namespace type: 0 global (public), 2 custom.
    private static final int TYPE_GLOBAL = 0;

    private static final int TYPE_CUSTOM = 2;

    private static final int DEFAULT_QUOTA = 200;

    private final Namespaces namespaces;

    public NamespaceApi(Namespaces namespaces) {
        this.namespaces = namespaces;
    }

    /**
     * {@code POST /nacos/v1/console/namespaces} with {@code customNamespaceId, namespaceName}: {@code true}, or 400
     * for an existing or illegal id.
     *
     * @param call the request
     * @return the answer
     */
    public HttpAnswer createV1(HttpCall call) {
        Optional<String> id = call.param("customNamespaceId");
        if (id.isEmpty()) {
            return HttpAnswer.text(400, "Required parameter 'customNamespaceId' is not present");
        }
        return switch (namespaces.create(id.get(), call.param("namespaceName", id.get()))) {
            case CREATED -> HttpAnswer.text(200, "true");
            case EXISTS -> HttpAnswer.text(400, "namespaceId [" + id.get() + "] already exist.");
            case ILLEGAL -> HttpAnswer.text(400, "namespaceId [" + id.get() + "] mismatch the pattern");
        };
    }

    /**
     * {@code GET /nacos/v1/console/namespaces}: {@code {"code":200,"data":[{"namespace":"",...}]}}.
     *
     * @param call the request
     * @return the answer
     */
    public HttpAnswer listV1(HttpCall call) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", 200);
        body.put("message", null);
        body.put("data", views(true));
        return HttpAnswer.json(body);
    }

    /**
     * {@code POST /nacos/v3/admin/core/namespace} with {@code namespaceId, namespaceName}: {@code data: true}, or 400
     * with code 22002 for an existing id and 22000 for an illegal one.
     *
     * @param call the request
     * @return the answer
     */
    public HttpAnswer createV3(HttpCall call) {
        Optional<String> name = call.param("namespaceName");
        if (name.isEmpty()) {
            return V3Result.missing("namespaceName");
        }
        // Nacos 3 makes up a UUID for a blank id; tests always name theirs, so a blank one is refused here.
        Optional<String> id = call.param("namespaceId");
        if (id.isEmpty()) {
            return V3Result.missing("namespaceId");
        }
        return switch (namespaces.create(id.get(), name.get())) {
            case CREATED -> V3Result.ok(true);
            case EXISTS ->
                V3Result.error(
                        400,
                        V3Result.NAMESPACE_ALREADY_EXIST,
                        "namespace already exist",
                        "namespaceId [" + id.get() + "] already exist.");
            case ILLEGAL ->
                V3Result.error(
                        400,
                        V3Result.ILLEGAL_NAMESPACE,
                        "illegal namespace",
                        "namespaceId [" + id.get() + "] mismatch the pattern");
        };
    }

    /**
     * {@code GET /nacos/v3/admin/core/namespace/list}: {@code data: [{"namespace":"public",...}]}.
     *
     * @param call the request
     * @return the answer
     */
    public HttpAnswer listV3(HttpCall call) {
        return V3Result.ok(views(false));
    }

    private List<Map<String, Object>> views(boolean blankPublicId) {
        List<Map<String, Object>> result = new ArrayList<>();
        for (Map.Entry<String, String> each : namespaces.list()) {
            boolean global = Namespaces.PUBLIC.equals(each.getKey());
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("namespace", global && blankPublicId ? "" : each.getKey());
            view.put("namespaceShowName", each.getValue());
            view.put("namespaceDesc", global ? "Default Namespace" : "");
            view.put("quota", DEFAULT_QUOTA);
            view.put("configCount", 0);
            view.put("type", global ? TYPE_GLOBAL : TYPE_CUSTOM);
            result.add(view);
        }
        return result;
    }
}
