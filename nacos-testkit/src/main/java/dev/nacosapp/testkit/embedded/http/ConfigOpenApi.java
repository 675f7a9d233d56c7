package dev.nacosapp.testkit.embedded.http;

import dev.nacosapp.testkit.embedded.config.ConfigKey;
import dev.nacosapp.testkit.embedded.config.ConfigStore;
import dev.nacosapp.testkit.embedded.config.StoredConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The v1 config open API that operators and tests use from outside: read, publish and delete a config. Writes
 * notify listening clients like writes over gRPC. Thread-safe.
 */
public final class ConfigOpenApi {

    private final ConfigStore store;

    /**
     * Creates the API over a store.
     *
     * @param store the config state
     */
    public ConfigOpenApi(ConfigStore store) {
        this.store = store;
    }

    /**
     * {@code GET /nacos/v1/cs/configs?dataId=&group=&tenant=}: the raw content, or 404 when there is none.
     *
     * @param call the request
     * @return the answer
     */
    public HttpAnswer get(HttpCall call) {
        Optional<ConfigKey> key = key(call);
        if (key.isEmpty()) {
            return missingKey();
        }
        return store.get(key.get())
                .map(config -> HttpAnswer.text(200, config.content()))
                .orElseGet(() -> HttpAnswer.text(404, "config data not exist"));
    }

    /**
     * {@code POST /nacos/v1/cs/configs} with form parameters {@code dataId, group, content} and optional
     * {@code tenant, type}: publishes unconditionally and answers {@code true}.
     *
     * @param call the request
     * @return the answer
     */
    public HttpAnswer publish(HttpCall call) {
        Optional<ConfigKey> key = key(call);
        if (key.isEmpty()) {
            return missingKey();
        }
        // Not param(): content is stored as sent, surrounding white space included.
        String content = call.params().get("content");
        if (content == null || content.isBlank()) {
            return HttpAnswer.text(400, "Required parameter 'content' is not present");
        }
        store.publish(key.get(), content, call.param("type", StoredConfig.DEFAULT_TYPE), null);
        return HttpAnswer.text(200, "true");
    }

    /**
     * {@code DELETE /nacos/v1/cs/configs?dataId=&group=&tenant=}: removes a config (a missing one too) and answers
     * {@code true}.
     *
     * @param call the request
     * @return the answer
     */
    public HttpAnswer delete(HttpCall call) {
        Optional<ConfigKey> key = key(call);
        if (key.isEmpty()) {
            return missingKey();
        }
        store.remove(key.get());
        return HttpAnswer.text(200, "true");
    }

    /**
     * {@code GET /nacos/v3/admin/cs/config?dataId=&groupName=&namespaceId=}: {@code data.content} and the config's
     * key, or 404 with code 20004 when there is none.
     *
     * @param call the request
     * @return the answer
     */
    public HttpAnswer getV3(HttpCall call) {
        Optional<ConfigKey> key = keyV3(call);
        if (key.isEmpty()) {
            return V3Result.missing(call.param("dataId").isEmpty() ? "dataId" : "groupName");
        }
        return store.get(key.get())
                .map(config -> {
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("dataId", key.get().dataId());
                    data.put("groupName", key.get().group());
                    data.put("namespaceId", call.param("namespaceId", "public"));
                    data.put("content", config.content());
                    data.put("md5", config.md5());
                    data.put("type", config.type());
                    return V3Result.ok(data);
                })
                .orElseGet(() -> V3Result.error(
                        404,
                        V3Result.RESOURCE_NOT_FOUND,
                        "resource not found",
                        "Config not exist, please publish Config first."));
    }

    /**
     * {@code POST /nacos/v3/admin/cs/config} with {@code dataId, groupName, namespaceId, content} and optional
     * {@code type}: publishes unconditionally and answers {@code data: true}.
     *
     * @param call the request
     * @return the answer
     */
    public HttpAnswer publishV3(HttpCall call) {
        Optional<ConfigKey> key = keyV3(call);
        if (key.isEmpty()) {
            return V3Result.missing(call.param("dataId").isEmpty() ? "dataId" : "groupName");
        }
        String content = call.params().get("content");
        if (content == null || content.isBlank()) {
            return V3Result.missing("content");
        }
        store.publish(key.get(), content, call.param("type", StoredConfig.DEFAULT_TYPE), null);
        return V3Result.ok(true);
    }

    /**
     * {@code DELETE /nacos/v3/admin/cs/config?dataId=&groupName=&namespaceId=}: {@code data: true}, a missing
     * config too.
     *
     * @param call the request
     * @return the answer
     */
    public HttpAnswer deleteV3(HttpCall call) {
        Optional<ConfigKey> key = keyV3(call);
        if (key.isEmpty()) {
            return V3Result.missing(call.param("dataId").isEmpty() ? "dataId" : "groupName");
        }
        store.remove(key.get());
        return V3Result.ok(true);
    }

    private static Optional<ConfigKey> keyV3(HttpCall call) {
        Optional<String> dataId = call.param("dataId");
        Optional<String> group = call.param("groupName");
        if (dataId.isEmpty() || group.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(ConfigKey.of(call.param("namespaceId", ""), group.get(), dataId.get()));
    }

    // Nacos' v1 config API requires both; only the tenant defaults (to the public namespace).
    private static Optional<ConfigKey> key(HttpCall call) {
        Optional<String> dataId = call.param("dataId");
        Optional<String> group = call.param("group");
        if (dataId.isEmpty() || group.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(ConfigKey.of(call.param("tenant", ""), group.get(), dataId.get()));
    }

    private static HttpAnswer missingKey() {
        return HttpAnswer.text(400, "Required parameters 'dataId' and 'group' must be present");
    }
}
