package dev.nacosapp.dubbo.discovery.internal.configcenter;

import static org.apache.dubbo.common.constants.LoggerCodeConstants.CONFIG_ERROR_NACOS;

import com.alibaba.nacos.api.exception.NacosException;
import com.alibaba.nacos.common.utils.MD5Utils;
import dev.nacosapp.dubbo.discovery.internal.client.ClientPool;
import dev.nacosapp.dubbo.discovery.internal.client.NacosErrors;
import dev.nacosapp.dubbo.discovery.internal.config.NacosAppConfig;
import dev.nacosapp.dubbo.discovery.internal.config.Tunables;
import dev.nacosapp.dubbo.discovery.internal.metadata.ConfigOperations;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.dubbo.common.config.configcenter.ConfigItem;
import org.apache.dubbo.common.config.configcenter.ConfigurationListener;
import org.apache.dubbo.common.config.configcenter.DynamicConfiguration;
import org.apache.dubbo.common.logger.ErrorTypeAwareLogger;
import org.apache.dubbo.common.logger.LoggerFactory;

/**
 * Dubbo's config center on Nacos config, in the layout of Dubbo's built-in {@code nacos} config center, so that the
 * governance rules Dubbo Admin and operators write for the built-in (condition and tag routers, overrides, migration
 * rules, {@code dubbo.properties}) apply unchanged: data id = the key, group = the given group or {@code dubbo}, the
 * registry's namespace. One nacos-client listener per (key, group) fans out to Dubbo's listeners.
 *
 * <p>Runs on the shared config client of the registry's Nacos (a {@link ClientPool.Lease}); {@link #close()} gives the
 * lease back once, however often it is called. As the built-in does, a failed read or write is logged and answered
 * with {@code null} or {@code false}: Dubbo treats a rule it cannot read as absent and retries nothing. Thread-safe.
 */
public final class NacosAppDynamicConfiguration implements DynamicConfiguration {

    private final ErrorTypeAwareLogger logger;
    private final NacosAppConfig config;
    private final ClientPool.Lease<ConfigOperations> lease;
    private final ConfigOperations client;
    /** Guards {@link #listeners} and {@link #closed} together with the matching nacos-client listener calls. */
    private final Object lock = new Object();

    private final Map<String, RuleListener> listeners = new HashMap<String, RuleListener>();
    private volatile boolean closed;

    public NacosAppDynamicConfiguration(NacosAppConfig config, ClientPool.Lease<ConfigOperations> lease) {
        this(config, lease, LoggerFactory.getErrorTypeAwareLogger(NacosAppDynamicConfiguration.class));
    }

    NacosAppDynamicConfiguration(
            NacosAppConfig config, ClientPool.Lease<ConfigOperations> lease, ErrorTypeAwareLogger logger) {
        this.config = config;
        this.lease = lease;
        this.client = lease.client();
        this.logger = logger;
    }

    @Override
    public void addListener(String key, String group, ConfigurationListener listener) {
        String nacosGroup = groupOrDefault(group);
        synchronized (lock) {
            if (closed) {
                return;
            }
            String id = listenerKey(key, nacosGroup);
            RuleListener ruleListener = listeners.get(id);
            boolean first = ruleListener == null;
            if (first) {
                ruleListener = new RuleListener(key, nacosGroup);
                listeners.put(id, ruleListener);
            }
            ruleListener.add(listener);
            if (!first) {
                return;
            }
            try {
                client.addListener(key, nacosGroup, ruleListener);
            } catch (NacosException e) {
                listeners.remove(id);
                logger.error(
                        CONFIG_ERROR_NACOS,
                        "rule listener not added",
                        "",
                        "nacos-app: listening to config " + key + " (group " + nacosGroup + ") on "
                                + config.describeTarget() + " failed: " + NacosErrors.describe(e)
                                + "; changes to this rule are not seen until the application restarts",
                        e);
            }
        }
    }

    @Override
    public void removeListener(String key, String group, ConfigurationListener listener) {
        String nacosGroup = groupOrDefault(group);
        synchronized (lock) {
            String id = listenerKey(key, nacosGroup);
            RuleListener ruleListener = closed ? null : listeners.get(id);
            if (ruleListener != null && ruleListener.remove(listener)) {
                listeners.remove(id);
                client.removeListener(key, nacosGroup, ruleListener);
            }
        }
    }

    @Override
    public String getConfig(String key, String group, long timeout) {
        String nacosGroup = groupOrDefault(group);
        if (closed) {
            return null;
        }
        try {
            return client.getConfig(key, nacosGroup, timeout < 0 ? Tunables.CONFIG_CENTER_TIMEOUT_MILLIS : timeout);
        } catch (NacosException e) {
            logger.error(
                    CONFIG_ERROR_NACOS,
                    "rule not read",
                    "",
                    "nacos-app: reading config " + key + " (group " + nacosGroup + ") from " + config.describeTarget()
                            + " failed: " + NacosErrors.describe(e),
                    e);
            return null;
        }
    }

    @Override
    public ConfigItem getConfigItem(String key, String group) {
        String content = getConfig(key, group);
        String ticket =
                content == null || content.isEmpty() ? "" : MD5Utils.md5Hex(content, StandardCharsets.UTF_8.name());
        return new ConfigItem(content, ticket);
    }

    @Override
    public Object getInternalProperty(String key) {
        return getConfig(key, DEFAULT_GROUP, Tunables.CONFIG_CENTER_TIMEOUT_MILLIS);
    }

    @Override
    public boolean publishConfig(String key, String group, String content) {
        String nacosGroup = groupOrDefault(group);
        try {
            return !closed && client.publishConfig(key, nacosGroup, content);
        } catch (NacosException e) {
            logWriteFailure("writing", key, nacosGroup, e);
            return false;
        }
    }

    @Override
    public boolean publishConfigCas(String key, String group, String content, Object ticket) {
        if (!(ticket instanceof String)) {
            throw new IllegalArgumentException("nacos-app: a compare-and-set on config " + key
                    + " needs the MD5 ticket getConfigItem returned, got " + ticket);
        }
        String nacosGroup = groupOrDefault(group);
        try {
            return !closed && client.publishConfigCas(key, nacosGroup, content, (String) ticket);
        } catch (NacosException e) {
            logWriteFailure("writing", key, nacosGroup, e);
            return false;
        }
    }

    @Override
    public boolean removeConfig(String key, String group) {
        String nacosGroup = groupOrDefault(group);
        try {
            return !closed && client.removeConfig(key, nacosGroup);
        } catch (NacosException e) {
            logWriteFailure("removing", key, nacosGroup, e);
            return false;
        }
    }

    @Override
    public long getDefaultTimeout() {
        return Tunables.CONFIG_CENTER_TIMEOUT_MILLIS;
    }

    /** Removes the listeners and gives the shared client back; later calls do nothing. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            for (RuleListener ruleListener : listeners.values()) {
                client.removeListener(ruleListener.key(), ruleListener.group(), ruleListener);
            }
            listeners.clear();
        }
        lease.release();
    }

    private void logWriteFailure(String what, String key, String group, NacosException e) {
        logger.error(
                CONFIG_ERROR_NACOS,
                "rule not written",
                "",
                "nacos-app: " + what + " config " + key + " (group " + group + ") on " + config.describeTarget()
                        + " failed: " + NacosErrors.describe(e),
                e);
    }

    private static String groupOrDefault(String group) {
        return group == null || group.isEmpty() ? DEFAULT_GROUP : group;
    }

    private static String listenerKey(String key, String group) {
        return group + '/' + key;
    }
}
