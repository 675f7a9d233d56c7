package dev.nacosapp.dubbo.discovery.internal.metadata;

import static org.apache.dubbo.common.constants.LoggerCodeConstants.REGISTRY_NACOS_EXCEPTION;

import com.alibaba.nacos.api.exception.NacosException;
import com.alibaba.nacos.common.utils.MD5Utils;
import dev.nacosapp.dubbo.discovery.internal.client.NacosErrors;
import dev.nacosapp.dubbo.discovery.internal.config.NacosAppConfig;
import dev.nacosapp.dubbo.discovery.internal.config.Tunables;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.dubbo.common.config.configcenter.ConfigItem;
import org.apache.dubbo.common.logger.ErrorTypeAwareLogger;

/**
 * The interface-to-application service-name mapping in the built-in report's layout: data id = the service interface,
 * group {@code mapping}, content = the application names joined by commas, written with compare-and-set against the
 * MD5 ticket of the content read (Dubbo retries a lost race). Reads never throw; a data id Nacos refuses is reported
 * once and never sent. Thread-safe.
 */
final class ServiceNameMappingStore {
    /** Dubbo's CAS ticket for a mapping that does not exist yet; a real Nacos creates it whatever the MD5. */
    private static final String NO_CONTENT_TICKET = "0";

    private final ConfigOperations client;
    private final NacosAppConfig config;
    private final ErrorTypeAwareLogger logger;
    /** Set once the report is destroyed; Dubbo may still ask after. */
    private volatile boolean closed;
    /** Interfaces whose mapping Nacos refuses and that were reported already. */
    private final Set<String> refusedReported = Collections.newSetFromMap(new ConcurrentHashMap<String, Boolean>());

    ServiceNameMappingStore(ConfigOperations client, NacosAppConfig config, ErrorTypeAwareLogger logger) {
        this.client = client;
        this.config = config;
        this.logger = logger;
    }

    /** Whether Nacos can store this interface's mapping; reports once when it cannot. */
    boolean accepts(String serviceKey) {
        if (!NacosDataIds.accepted(serviceKey)) {
            reportRefused(serviceKey);
            return false;
        }
        return true;
    }

    boolean compareAndSet(String key, String mappingGroup, String content, Object ticket) {
        if (!accepts(key)) {
            return false;
        }
        if (!(ticket instanceof String)) {
            throw new IllegalArgumentException("nacos-app: the mapping's compare-and-set needs the MD5 ticket that"
                    + " getConfigItem returned, got " + ticket);
        }
        try {
            return client.publishConfigCas(key, mappingGroup, content, (String) ticket);
        } catch (NacosException e) {
            logger.warn(
                    REGISTRY_NACOS_EXCEPTION,
                    "mapping not written",
                    "",
                    "nacos-app: writing the application mapping of " + key + " to " + config.describeTarget()
                            + " failed: " + NacosErrors.describe(e) + "; Dubbo retries it");
            return false;
        }
    }

    ConfigItem item(String key, String itemGroup) {
        // Unreadable counts as missing, as in Dubbo's built-in report: the "0" ticket then fails the compare-and-set
        // of a mapping that does exist, and Dubbo retries.
        String content = read(key, itemGroup);
        String ticket = content == null || content.isEmpty()
                ? NO_CONTENT_TICKET
                : MD5Utils.md5Hex(content, StandardCharsets.UTF_8.name());
        return new ConfigItem(content, ticket);
    }

    /**
     * A mapping read that never throws: while Nacos is away Dubbo falls back to the mappings it cached and to
     * {@code providedBy}, and the listener brings the mapping once Nacos answers.
     */
    String read(String dataId, String dataGroup) {
        if (!accepts(dataId)) {
            return null;
        }
        if (closed) {
            return null;
        }
        try {
            return client.getConfig(dataId, dataGroup, Tunables.METADATA_READ_TIMEOUT_MILLIS);
        } catch (NacosException e) {
            logger.warn(
                    REGISTRY_NACOS_EXCEPTION,
                    "mapping not read",
                    "",
                    "nacos-app: reading the application mapping of " + dataId + " from " + config.describeTarget()
                            + " failed: " + NacosErrors.describe(e));
            return null;
        }
    }

    void close() {
        closed = true;
    }

    /** Once per interface: the mapping cannot be stored, so consumers must be told the provider another way. */
    private void reportRefused(String serviceKey) {
        if (refusedReported.add(serviceKey)) {
            logger.error(
                    REGISTRY_NACOS_EXCEPTION,
                    "mapping refused by Nacos",
                    "",
                    "nacos-app: the application mapping of interface " + serviceKey + " cannot be stored in "
                            + config.describeTarget() + ": Nacos accepts only letters, digits, '-', '_', ':' and '.'"
                            + " in a config data id (at most 256 characters; a nested interface's '$' is refused,"
                            + " with Dubbo's built-in nacos report too). Consumers of " + serviceKey + " cannot find"
                            + " its provider application through Nacos: name it on their references (providedBy, or"
                            + " provided-by in configuration) or in the registry parameter subscribed-services."
                            + " Reported once; the mapping is neither written nor read nor retried.");
        }
    }

    /** Application names as Dubbo reads them: comma-separated, trimmed, no empty ones, sorted. */
    static Set<String> appNames(String content) {
        Set<String> names = new TreeSet<String>();
        if (content != null) {
            for (String name : content.split(",")) {
                if (!name.trim().isEmpty()) {
                    names.add(name.trim());
                }
            }
        }
        return names;
    }
}
