package dev.nacosapp.dubbo.discovery.internal.metadata;

import static org.apache.dubbo.common.constants.LoggerCodeConstants.REGISTRY_NACOS_EXCEPTION;
import static org.apache.dubbo.metadata.ServiceNameMapping.DEFAULT_MAPPING_GROUP;

import com.alibaba.nacos.api.config.listener.AbstractListener;
import com.alibaba.nacos.api.exception.NacosException;
import dev.nacosapp.dubbo.discovery.internal.client.NacosErrors;
import dev.nacosapp.dubbo.discovery.internal.config.NacosAppConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import org.apache.dubbo.common.logger.ErrorTypeAwareLogger;
import org.apache.dubbo.metadata.MappingChangedEvent;
import org.apache.dubbo.metadata.MappingListener;

/**
 * Dubbo's listeners of service-name mappings: one nacos-client listener per mapping, fanned out to every Dubbo listener
 * of it. nacos-client calls run on its notification thread and only hand the new application set to Dubbo.
 * Thread-safe.
 */
final class ServiceNameMappingListeners {
    private final ConfigOperations client;
    private final NacosAppConfig config;
    private final ErrorTypeAwareLogger logger;
    /**
     * Guards {@link #mappingListeners} and {@link #destroyed} together with the matching nacos-client listener calls,
     * so that a Dubbo listener is never added to a nacos-client listener being removed. Never held while Dubbo's
     * listeners run (nacos-client calls them on its own thread).
     */
    private final Object mappingLock = new Object();

    private final Map<String, MappingConfigListener> mappingListeners = new HashMap<String, MappingConfigListener>();
    /** Set once by the first {@link #close()}. */
    private boolean destroyed;

    ServiceNameMappingListeners(ConfigOperations client, NacosAppConfig config, ErrorTypeAwareLogger logger) {
        this.client = client;
        this.config = config;
        this.logger = logger;
    }

    /** Adds Dubbo's listener of the interface's mapping; false when the report is destroyed already. */
    boolean add(String serviceKey, MappingListener listener) {
        synchronized (mappingLock) {
            if (destroyed) {
                return false;
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
            return true;
        }
    }

    void remove(String serviceKey, MappingListener listener) {
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

    /** Removes every nacos-client listener; true only for the first call. */
    boolean close() {
        synchronized (mappingLock) {
            if (destroyed) {
                return false;
            }
            destroyed = true;
            for (Map.Entry<String, MappingConfigListener> entry : mappingListeners.entrySet()) {
                client.removeListener(entry.getKey(), DEFAULT_MAPPING_GROUP, entry.getValue());
            }
            mappingListeners.clear();
            return true;
        }
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
            MappingChangedEvent event = new MappingChangedEvent(serviceKey, ServiceNameMappingStore.appNames(content));
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
