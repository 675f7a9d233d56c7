package dev.nacosapp.dubbo.discovery.internal.metadata;

import static org.apache.dubbo.common.constants.CommonConstants.GROUP_KEY;
import static org.apache.dubbo.metadata.MetadataConstants.REPORT_CONSUMER_URL_KEY;
import static org.apache.dubbo.metadata.ServiceNameMapping.DEFAULT_MAPPING_GROUP;

import dev.nacosapp.dubbo.discovery.internal.client.ClientPool;
import dev.nacosapp.dubbo.discovery.internal.config.NacosAppConfig;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.common.config.configcenter.ConfigItem;
import org.apache.dubbo.common.logger.ErrorTypeAwareLogger;
import org.apache.dubbo.common.logger.LoggerFactory;
import org.apache.dubbo.metadata.MappingListener;
import org.apache.dubbo.metadata.MetadataInfo;
import org.apache.dubbo.metadata.report.identifier.MetadataIdentifier;
import org.apache.dubbo.metadata.report.identifier.ServiceMetadataIdentifier;
import org.apache.dubbo.metadata.report.identifier.SubscriberMetadataIdentifier;
import org.apache.dubbo.metadata.report.support.AbstractMetadataReport;

/**
 * Dubbo's metadata report on Nacos config, in the layout of Dubbo's built-in {@code nacos} report, so that
 * {@code nacos-app} and built-in applications on one Nacos read each other's data. An adapter from Dubbo's
 * {@code MetadataReport} to its four jobs: the service-name mapping ({@link ServiceNameMappingStore}) and its
 * listeners ({@link ServiceNameMappingListeners}), remote application metadata ({@link RemoteMetadataStore}) and
 * service definitions ({@link ServiceDefinitionStore}). Thread-safe.
 */
public final class NacosAppMetadataReport extends AbstractMetadataReport {
    private final ClientPool.Lease<ConfigOperations> lease;
    private final ServiceNameMappingStore mappings;
    private final ServiceNameMappingListeners mappingListeners;
    private final RemoteMetadataStore remoteMetadata;
    private final ServiceDefinitionStore definitions;
    private final ErrorTypeAwareLogger logger;

    /** Set by the first {@link #destroy()}; Dubbo may still store definitions after it. */
    private volatile boolean destroyed;

    /** @param lease this report's share of the config client of the registry's Nacos, released by {@link #destroy} */
    public NacosAppMetadataReport(URL url, NacosAppConfig config, ClientPool.Lease<ConfigOperations> lease) {
        this(url, config, lease, LoggerFactory.getErrorTypeAwareLogger(NacosAppMetadataReport.class));
    }

    NacosAppMetadataReport(
            URL url, NacosAppConfig config, ClientPool.Lease<ConfigOperations> lease, ErrorTypeAwareLogger logger) {
        super(url);
        this.lease = lease;
        this.logger = logger;
        ConfigOperations client = lease.client();
        ConfigStore store = new ConfigStore(client, config);
        this.mappings = new ServiceNameMappingStore(client, config, logger);
        this.mappingListeners = new ServiceNameMappingListeners(client, config, logger);
        this.remoteMetadata = new RemoteMetadataStore(store);
        this.definitions = new ServiceDefinitionStore(store, url.getParameter(GROUP_KEY, DEFAULT_ROOT));
    }

    /**
     * Dubbo asks this before its compare-and-set loop; {@code true} ends the matter for Dubbo. Only a mapping Nacos can
     * never store answers {@code true}: Dubbo would otherwise retry it, then log an ERROR and try again every 5 s for
     * as long as the application runs.
     */
    @Override
    public boolean registerServiceAppMapping(String serviceKey, String application, URL url) {
        return !mappings.accepts(serviceKey);
    }

    @Override
    public boolean registerServiceAppMapping(String key, String mappingGroup, String content, Object ticket) {
        return mappings.compareAndSet(key, mappingGroup, content, ticket);
    }

    @Override
    public ConfigItem getConfigItem(String key, String itemGroup) {
        return mappings.item(key, itemGroup);
    }

    @Override
    public Set<String> getServiceAppMapping(String serviceKey, MappingListener listener, URL url) {
        // No nacos-client listener for a refused data id: the server refuses a listen request naming one, and with it
        // the whole batch, which would silence every other config this client listens to.
        if (!mappings.accepts(serviceKey) || !mappingListeners.add(serviceKey, listener)) {
            return new TreeSet<String>();
        }
        return getServiceAppMapping(serviceKey, url);
    }

    @Override
    public Set<String> getServiceAppMapping(String serviceKey, URL url) {
        return appNames(mappings.read(serviceKey, DEFAULT_MAPPING_GROUP));
    }

    @Override
    public void removeServiceAppMappingListener(String serviceKey, MappingListener listener) {
        mappingListeners.remove(serviceKey, listener);
    }

    @Override
    public void publishAppMetadata(SubscriberMetadataIdentifier identifier, MetadataInfo metadataInfo) {
        remoteMetadata.publish(identifier, metadataInfo);
    }

    @Override
    public void unPublishAppMetadata(SubscriberMetadataIdentifier identifier, MetadataInfo metadataInfo) {
        remoteMetadata.unpublish(identifier);
    }

    @Override
    public MetadataInfo getAppMetadata(SubscriberMetadataIdentifier identifier, Map<String, String> instanceMetadata) {
        return remoteMetadata.get(identifier);
    }

    @Override
    protected void doStoreProviderMetadata(MetadataIdentifier identifier, String serviceDefinitions) {
        storeUnlessDestroyed(identifier, serviceDefinitions);
    }

    @Override
    protected void doStoreConsumerMetadata(MetadataIdentifier identifier, String value) {
        // As Dubbo's built-in report: consumer parameters are only written when asked for.
        if (getUrl().getParameter(REPORT_CONSUMER_URL_KEY, false)) {
            storeUnlessDestroyed(identifier, value);
        }
    }

    /**
     * Dubbo stores definitions on a thread of its own and hands a failed store to a retry task that its destroy()
     * has dropped (a NullPointerException inside Dubbo 3.2 and 3.3): a store that comes, or fails, after destroy is
     * dropped here, as the stopping application no longer needs it.
     */
    private void storeUnlessDestroyed(MetadataIdentifier identifier, String content) {
        if (!destroyed) {
            try {
                definitions.store(identifier, content);
                return;
            } catch (RuntimeException e) {
                if (!destroyed) {
                    throw e;
                }
            }
        }
        logger.info("nacos-app: not storing the definition of " + identifier.getUniqueServiceName()
                + ": the metadata report was destroyed (the application is stopping)");
    }

    @Override
    protected void doSaveMetadata(ServiceMetadataIdentifier identifier, URL url) {
        definitions.saveUrl(identifier, url);
    }

    @Override
    protected void doRemoveMetadata(ServiceMetadataIdentifier identifier) {
        definitions.remove(identifier);
    }

    @Override
    protected List<String> doGetExportedURLs(ServiceMetadataIdentifier identifier) {
        return definitions.exportedUrls(identifier);
    }

    @Override
    protected void doSaveSubscriberData(SubscriberMetadataIdentifier identifier, String urlListStr) {
        definitions.store(identifier, urlListStr);
    }

    @Override
    protected String doGetSubscribedURLs(SubscriberMetadataIdentifier identifier) {
        return definitions.subscribedUrls(identifier);
    }

    @Override
    public String getServiceDefinition(MetadataIdentifier identifier) {
        return definitions.definition(identifier);
    }

    @Override
    public void destroy() {
        destroyed = true;
        super.destroy();
        // Dubbo destroys a report twice (the application deployer, then the application's bean factory) and may call
        // it after: only the first call removes the listeners, and the lease gives one reference back.
        mappings.close();
        if (mappingListeners.close()) {
            lease.release();
        }
    }

    /** Application names as Dubbo reads them: comma-separated, trimmed, no empty ones, sorted. */
    static Set<String> appNames(String content) {
        return ServiceNameMappingStore.appNames(content);
    }
}
