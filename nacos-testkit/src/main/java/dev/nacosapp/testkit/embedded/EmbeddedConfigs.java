package dev.nacosapp.testkit.embedded;

import dev.nacosapp.testkit.embedded.config.ConfigKey;
import dev.nacosapp.testkit.embedded.config.StoredConfig;
import dev.nacosapp.testkit.embedded.push.PushStats;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The configs of an {@link EmbeddedNacosServer}: read and write them as an operator would, count listeners and
 * change notifications. Get it from {@link EmbeddedNacosServer#configs()}. Every method acts on the current run and
 * throws {@link IllegalStateException} while the server is stopped (the configs themselves are kept across
 * restarts). Thread-safe.
 */
public final class EmbeddedConfigs {

    private final Supplier<ServerRuntime> running;

    EmbeddedConfigs(Supplier<ServerRuntime> running) {
        this.running = running;
    }

    /**
     * Returns the content of a config, as stored by nacos-client's {@code ConfigService} or the v1 config API.
     *
     * @param namespace namespace id (tenant), blank for {@code public}
     * @param group group, blank for {@code DEFAULT_GROUP}
     * @param dataId data id
     * @return the content, or empty when there is no such config
     */
    public Optional<String> content(String namespace, String group, String dataId) {
        return running.get()
                .configs()
                .get(ConfigKey.of(namespace, group, dataId))
                .map(StoredConfig::content);
    }

    /**
     * Returns the MD5 of a config, the one a {@code publishConfigCas} must name to replace it.
     *
     * @param namespace namespace id (tenant), blank for {@code public}
     * @param group group, blank for {@code DEFAULT_GROUP}
     * @param dataId data id
     * @return the lower-case hex MD5 of the UTF-8 content, or empty when there is no such config
     */
    public Optional<String> md5(String namespace, String group, String dataId) {
        return running.get()
                .configs()
                .get(ConfigKey.of(namespace, group, dataId))
                .map(StoredConfig::md5);
    }

    /**
     * Publishes a config as an operator would, notifying every listening client.
     *
     * @param namespace namespace id (tenant), blank for {@code public}
     * @param group group, blank for {@code DEFAULT_GROUP}
     * @param dataId data id
     * @param content the content, not blank
     */
    public void publish(String namespace, String group, String dataId, String content) {
        if (content == null || content.isBlank()) {
            throw new IllegalArgumentException("content must not be blank, as Nacos refuses it");
        }
        running.get()
                .configs()
                .publish(ConfigKey.of(namespace, group, dataId), content, StoredConfig.DEFAULT_TYPE, null);
    }

    /**
     * Removes a config, notifying every listening client; removing a missing config does nothing.
     *
     * @param namespace namespace id (tenant), blank for {@code public}
     * @param group group, blank for {@code DEFAULT_GROUP}
     * @param dataId data id
     */
    public void remove(String namespace, String group, String dataId) {
        running.get().configs().remove(ConfigKey.of(namespace, group, dataId));
    }

    /**
     * Counts the connections listening to a config (nacos-client listens once per config and connection, however
     * many {@code Listener}s it holds).
     *
     * @param namespace namespace id (tenant), blank for {@code public}
     * @param group group, blank for {@code DEFAULT_GROUP}
     * @param dataId data id
     * @return the number of listening connections
     */
    public int listenerCount(String namespace, String group, String dataId) {
        return running.get()
                .configs()
                .listeners(ConfigKey.of(namespace, group, dataId))
                .size();
    }

    /**
     * Returns the counters of config change notifications of the current run.
     *
     * @return notifications sent, acknowledged, failed and awaiting acknowledgement since the last start
     */
    public PushStats pushStats() {
        return running.get().configNotifier().stats();
    }
}
