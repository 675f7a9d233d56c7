package dev.nacosapp.dubbo.discovery.internal.metadata;

import com.alibaba.nacos.api.exception.NacosException;
import dev.nacosapp.dubbo.discovery.internal.client.NacosErrors;
import dev.nacosapp.dubbo.discovery.internal.config.NacosAppConfig;
import dev.nacosapp.dubbo.discovery.internal.config.Tunables;

/**
 * Reads, writes and removes the metadata report's configs (remote application metadata, service definitions), failing
 * with a message that names the config, its group and the Nacos target. Thread-safe.
 */
final class ConfigStore {

    private final ConfigOperations client;
    private final NacosAppConfig config;

    ConfigStore(ConfigOperations client, NacosAppConfig config) {
        this.client = client;
        this.config = config;
    }

    String read(String dataId, String dataGroup) {
        try {
            return client.getConfig(dataId, dataGroup, Tunables.METADATA_READ_TIMEOUT_MILLIS);
        } catch (NacosException e) {
            throw new IllegalStateException(
                    "nacos-app: reading config " + dataId + " (group " + dataGroup + ") from " + config.describeTarget()
                            + " failed: " + NacosErrors.describe(e),
                    e);
        }
    }

    void write(String dataId, String dataGroup, String content) {
        boolean written;
        try {
            written = client.publishConfig(dataId, dataGroup, content);
        } catch (NacosException e) {
            throw new IllegalStateException(
                    "nacos-app: writing config " + dataId + " (group " + dataGroup + ") to " + config.describeTarget()
                            + " failed: " + NacosErrors.describe(e),
                    e);
        }
        if (!written) {
            throw new IllegalStateException("nacos-app: " + config.describeTarget() + " refused config " + dataId
                    + " (group " + dataGroup + ", " + content.length() + " characters)");
        }
    }

    void remove(String dataId, String dataGroup) {
        try {
            client.removeConfig(dataId, dataGroup);
        } catch (NacosException e) {
            throw new IllegalStateException(
                    "nacos-app: removing config " + dataId + " (group " + dataGroup + ") from "
                            + config.describeTarget() + " failed: " + NacosErrors.describe(e),
                    e);
        }
    }
}
