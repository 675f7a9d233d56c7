package dev.nacosapp.testkit.embedded.http;

import dev.nacosapp.testkit.embedded.config.ConfigKey;
import dev.nacosapp.testkit.embedded.config.ConfigStore;
import dev.nacosapp.testkit.embedded.config.StoredConfig;
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
