package dev.nacosapp.dubbo.discovery.internal.metadata;

import static org.apache.dubbo.common.constants.CommonConstants.GROUP_KEY;
import static org.apache.dubbo.common.constants.LoggerCodeConstants.REGISTRY_NACOS_EXCEPTION;
import static org.apache.dubbo.metadata.MetadataConstants.REPORT_CONSUMER_URL_KEY;
import static org.apache.dubbo.metadata.ServiceNameMapping.DEFAULT_MAPPING_GROUP;

import com.alibaba.nacos.api.config.listener.AbstractListener;
import com.alibaba.nacos.api.exception.NacosException;
import com.alibaba.nacos.common.utils.MD5Utils;
import dev.nacosapp.dubbo.discovery.internal.client.ClientPool;
import dev.nacosapp.dubbo.discovery.internal.client.NacosErrors;
import dev.nacosapp.dubbo.discovery.internal.config.NacosAppConfig;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.common.config.configcenter.ConfigItem;
import org.apache.dubbo.common.logger.ErrorTypeAwareLogger;
import org.apache.dubbo.common.logger.LoggerFactory;
import org.apache.dubbo.common.utils.JsonUtils;
import org.apache.dubbo.metadata.MappingChangedEvent;
import org.apache.dubbo.metadata.MappingListener;
import org.apache.dubbo.metadata.MetadataInfo;
import org.apache.dubbo.metadata.report.identifier.BaseMetadataIdentifier;
import org.apache.dubbo.metadata.report.identifier.KeyTypeEnum;
import org.apache.dubbo.metadata.report.identifier.MetadataIdentifier;
import org.apache.dubbo.metadata.report.identifier.ServiceMetadataIdentifier;
import org.apache.dubbo.metadata.report.identifier.SubscriberMetadataIdentifier;
import org.apache.dubbo.metadata.report.support.AbstractMetadataReport;

/**
 * Dubbo's metadata report on Nacos config, in the layout of Dubbo's built-in {@code nacos} report, so that
 * {@code nacos-app} and built-in applications on one Nacos read each other's data:
 *
 * <ul>
 *   <li>interface to application mapping: data id = the service interface, group {@code mapping}, content = the
 *       application names joined by commas, written with compare-and-set (Dubbo retries a lost race);
 *   <li>application metadata ({@code metadata-type=remote} only): data id = application, group = revision, content =
 *       the {@code MetadataInfo} JSON;
 *   <li>service definitions (Dubbo's {@code report-definition}, on by default): data id = Dubbo's unique key of the
 *       service, group = the registry's {@code group} or {@code dubbo}.
 * </ul>
 *
 * Listener calls run on nacos-client's notification thread and only hand the new application set to Dubbo.
 * Thread-safe.
 */
public final class NacosAppMetadataReport extends AbstractMetadataReport {
    /** How long one read of a config may take, as in Dubbo's built-in report. */
    private static final long READ_TIMEOUT_MILLIS = 3000;
    /** Dubbo's CAS ticket for a mapping that does not exist yet; a real Nacos creates it whatever the MD5. */
    private static final String NO_CONTENT_TICKET = "0";

    private final ErrorTypeAwareLogger logger;
    private final NacosAppConfig config;
    private final ClientPool.Lease<ConfigOperations> lease;
    private final ConfigOperations client;
    private final String group;
    /**
     * Guards {@link #mappingListeners} and {@link #destroyed} together with the matching nacos-client listener calls, so
     * that a Dubbo listener is never added to a nacos-client listener being removed. Never held while Dubbo's listeners
     * run (nacos-client calls them on its own thread).
     */
    private final Object mappingLock = new Object();

    private final Map<String, MappingConfigListener> mappingListeners = new HashMap<String, MappingConfigListener>();
    /** Set once by the first {@link #destroy()}; Dubbo destroys a report twice and may call it after. */
    private volatile boolean destroyed;
    /** Interfaces whose mapping Nacos refuses and that were reported already. */
    private final Set<String> refusedReported = Collections.newSetFromMap(new ConcurrentHashMap<String, Boolean>());

    /** @param lease this report's share of the config client of the registry's Nacos, released by {@link #destroy} */
    public NacosAppMetadataReport(URL url, NacosAppConfig config, ClientPool.Lease<ConfigOperations> lease) {
        this(url, config, lease, LoggerFactory.getErrorTypeAwareLogger(NacosAppMetadataReport.class));
    }

    NacosAppMetadataReport(
            URL url, NacosAppConfig config, ClientPool.Lease<ConfigOperations> lease, ErrorTypeAwareLogger logger) {
        super(url);
        this.logger = logger;
        this.config = config;
        this.lease = lease;
        this.client = lease.client();
        this.group = url.getParameter(GROUP_KEY, DEFAULT_ROOT);
    }

    /**
     * Dubbo asks this before its compare-and-set loop; {@code true} ends the matter for Dubbo. Only a mapping Nacos can
     * never store answers {@code true}: Dubbo would otherwise retry it, then log an ERROR and try again every 5 s for
     * as long as the application runs.
     */
    @Override
    public boolean registerServiceAppMapping(String serviceKey, String application, URL url) {
        if (!NacosDataIds.accepted(serviceKey)) {
            reportRefused(serviceKey);
            return true;
        }
        return false;
    }

    @Override
    public boolean registerServiceAppMapping(String key, String mappingGroup, String content, Object ticket) {
        if (!NacosDataIds.accepted(key)) {
            reportRefused(key);
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

    @Override
    public ConfigItem getConfigItem(String key, String itemGroup) {
        // Unreadable counts as missing, as in Dubbo's built-in report: the "0" ticket then fails the compare-and-set
        // of a mapping that does exist, and Dubbo retries.
        String content = readMapping(key, itemGroup);
        String ticket = content == null || content.isEmpty()
                ? NO_CONTENT_TICKET
                : MD5Utils.md5Hex(content, StandardCharsets.UTF_8.name());
        return new ConfigItem(content, ticket);
    }

    @Override
    public Set<String> getServiceAppMapping(String serviceKey, MappingListener listener, URL url) {
        if (!NacosDataIds.accepted(serviceKey)) {
            // No nacos-client listener: the server refuses a listen request naming such a data id, and with it the
            // whole batch, which would silence every other config this client listens to.
            reportRefused(serviceKey);
            return new TreeSet<String>();
        }
        synchronized (mappingLock) {
            if (destroyed) {
                return new TreeSet<String>();
            }
            MappingConfigListener configListener = mappingListeners.get(serviceKey);
            if (configListener == null) {
                configListener = new MappingConfigListener(serviceKey);
                mappingListeners.put(serviceKey, configListener);
            }
            configListener.listeners.add(listener);
            try {
                client.addListener(serviceKey, DEFAULT_MAPPING_GROUP, configListener);
            } catch (NacosException e) {
                logger.warn(
                        REGISTRY_NACOS_EXCEPTION,
                        "mapping listener not added",
                        "",
                        "nacos-app: listening to the application mapping of " + serviceKey + " on "
                                + config.describeTarget() + " failed: " + NacosErrors.describe(e));
            }
        }
        return getServiceAppMapping(serviceKey, url);
    }

    @Override
    public Set<String> getServiceAppMapping(String serviceKey, URL url) {
        return appNames(readMapping(serviceKey, DEFAULT_MAPPING_GROUP));
    }

    /**
     * A mapping read that never throws: while Nacos is away Dubbo falls back to the mappings it cached and to
     * {@code providedBy}, and the listener brings the mapping once Nacos answers.
     */
    private String readMapping(String dataId, String dataGroup) {
        if (!NacosDataIds.accepted(dataId)) {
            reportRefused(dataId);
            return null;
        }
        if (destroyed) {
            return null;
        }
        try {
            return client.getConfig(dataId, dataGroup, READ_TIMEOUT_MILLIS);
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

    @Override
    public void removeServiceAppMappingListener(String serviceKey, MappingListener listener) {
        synchronized (mappingLock) {
            MappingConfigListener configListener = destroyed ? null : mappingListeners.get(serviceKey);
            if (configListener != null) {
                configListener.listeners.remove(listener);
                if (configListener.listeners.isEmpty()) {
                    mappingListeners.remove(serviceKey);
                    client.removeListener(serviceKey, DEFAULT_MAPPING_GROUP, configListener);
                }
            }
        }
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

    @Override
    public void publishAppMetadata(SubscriberMetadataIdentifier identifier, MetadataInfo metadataInfo) {
        if (metadataInfo.getContent() != null) {
            write(identifier.getApplication(), identifier.getRevision(), metadataInfo.getContent());
        }
    }

    @Override
    public void unPublishAppMetadata(SubscriberMetadataIdentifier identifier, MetadataInfo metadataInfo) {
        remove(identifier.getApplication(), identifier.getRevision());
    }

    @Override
    public MetadataInfo getAppMetadata(SubscriberMetadataIdentifier identifier, Map<String, String> instanceMetadata) {
        String content = read(identifier.getApplication(), identifier.getRevision());
        return content == null ? null : JsonUtils.toJavaObject(content, MetadataInfo.class);
    }

    @Override
    protected void doStoreProviderMetadata(MetadataIdentifier identifier, String serviceDefinitions) {
        writeUnlessDestroyed(uniqueKey(identifier), serviceDefinitions);
    }

    @Override
    protected void doStoreConsumerMetadata(MetadataIdentifier identifier, String value) {
        // As Dubbo's built-in report: consumer parameters are only written when asked for.
        if (getUrl().getParameter(REPORT_CONSUMER_URL_KEY, false)) {
            writeUnlessDestroyed(uniqueKey(identifier), value);
        }
    }

    /**
     * Dubbo stores definitions on a thread of its own and hands a failed store to a retry task that its destroy()
     * has dropped (a NullPointerException inside Dubbo 3.2 and 3.3): a store that comes, or fails, after destroy is
     * dropped here, as the stopping application no longer needs it.
     */
    private void writeUnlessDestroyed(String dataId, String content) {
        if (!destroyed) {
            try {
                write(dataId, group, content);
                return;
            } catch (RuntimeException e) {
                if (!destroyed) {
                    throw e;
                }
            }
        }
        logger.info("nacos-app: not storing " + dataId + " (group " + group + ") in " + config.describeTarget()
                + ": the metadata report was destroyed (the application is stopping)");
    }

    @Override
    protected void doSaveMetadata(ServiceMetadataIdentifier identifier, URL url) {
        write(uniqueKey(identifier), group, URL.encode(url.toFullString()));
    }

    @Override
    protected void doRemoveMetadata(ServiceMetadataIdentifier identifier) {
        remove(uniqueKey(identifier), group);
    }

    @Override
    protected List<String> doGetExportedURLs(ServiceMetadataIdentifier identifier) {
        String content = read(uniqueKey(identifier), group);
        return content == null || content.isEmpty()
                ? Collections.<String>emptyList()
                : Arrays.asList(URL.decode(content));
    }

    @Override
    protected void doSaveSubscriberData(SubscriberMetadataIdentifier identifier, String urlListStr) {
        write(uniqueKey(identifier), group, urlListStr);
    }

    @Override
    protected String doGetSubscribedURLs(SubscriberMetadataIdentifier identifier) {
        return read(uniqueKey(identifier), group);
    }

    @Override
    public String getServiceDefinition(MetadataIdentifier identifier) {
        return read(uniqueKey(identifier), group);
    }

    @Override
    public void destroy() {
        super.destroy();
        // Dubbo destroys a report twice (the application deployer, then the application's bean factory): only the
        // first call removes the listeners, and the lease gives one reference back whatever the number of calls.
        synchronized (mappingLock) {
            if (destroyed) {
                return;
            }
            destroyed = true;
            for (Map.Entry<String, MappingConfigListener> entry : mappingListeners.entrySet()) {
                client.removeListener(entry.getKey(), DEFAULT_MAPPING_GROUP, entry.getValue());
            }
            mappingListeners.clear();
        }
        lease.release();
    }

    private String read(String dataId, String dataGroup) {
        try {
            return client.getConfig(dataId, dataGroup, READ_TIMEOUT_MILLIS);
        } catch (NacosException e) {
            throw new IllegalStateException(
                    "nacos-app: reading config " + dataId + " (group " + dataGroup + ") from " + config.describeTarget()
                            + " failed: " + NacosErrors.describe(e),
                    e);
        }
    }

    private void write(String dataId, String dataGroup, String content) {
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

    private void remove(String dataId, String dataGroup) {
        try {
            client.removeConfig(dataId, dataGroup);
        } catch (NacosException e) {
            throw new IllegalStateException(
                    "nacos-app: removing config " + dataId + " (group " + dataGroup + ") from "
                            + config.describeTarget() + " failed: " + NacosErrors.describe(e),
                    e);
        }
    }

    private static String uniqueKey(BaseMetadataIdentifier identifier) {
        return identifier.getUniqueKey(KeyTypeEnum.UNIQUE_KEY);
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

    /** The one nacos-client listener of one mapping, fanned out to Dubbo's listeners of it. */
    private final class MappingConfigListener extends AbstractListener {
        private final String serviceKey;
        private final Set<MappingListener> listeners = new CopyOnWriteArraySet<MappingListener>();

        MappingConfigListener(String serviceKey) {
            this.serviceKey = serviceKey;
        }

        @Override
        public void receiveConfigInfo(String content) {
            // A removed mapping says nothing about who provides the interface: Dubbo keeps what it has.
            if (content == null || content.trim().isEmpty()) {
                return;
            }
            MappingChangedEvent event = new MappingChangedEvent(serviceKey, appNames(content));
            for (MappingListener listener : listeners) {
                try {
                    listener.onEvent(event);
                } catch (RuntimeException e) {
                    logger.warn(
                            REGISTRY_NACOS_EXCEPTION,
                            "mapping listener failed",
                            "",
                            "nacos-app: a listener of the application mapping of " + serviceKey + " failed",
                            e);
                }
            }
        }
    }
}
