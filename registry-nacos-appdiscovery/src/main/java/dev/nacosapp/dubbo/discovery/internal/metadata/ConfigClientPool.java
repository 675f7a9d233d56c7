package dev.nacosapp.dubbo.discovery.internal.metadata;

import static org.apache.dubbo.common.constants.LoggerCodeConstants.REGISTRY_NACOS_EXCEPTION;

import com.alibaba.nacos.api.exception.NacosException;
import dev.nacosapp.dubbo.discovery.internal.client.NamingClientPool;
import dev.nacosapp.dubbo.discovery.internal.config.NacosAppConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.dubbo.common.logger.ErrorTypeAwareLogger;
import org.apache.dubbo.common.logger.LoggerFactory;

/**
 * Shares one nacos-client config service per (servers, namespace, credentials, client properties) among the metadata
 * reports of the process, counting references. Creating one does not connect (nacos-client connects on first use), so
 * creation under the lock is cheap. Thread-safe.
 */
public final class ConfigClientPool {
    private static final ErrorTypeAwareLogger LOGGER = LoggerFactory.getErrorTypeAwareLogger(ConfigClientPool.class);

    private final ConfigOperationsFactory factory;
    /** Guarded by {@code this}; keyed by a digest of the client properties, which hold credentials. */
    private final Map<String, Lease> clients = new HashMap<String, Lease>();

    public ConfigClientPool(ConfigOperationsFactory factory) {
        this.factory = factory;
    }

    /** The shared config client for the config, created on first use. Pair every call with {@link #release}. */
    public synchronized ConfigOperations acquire(NacosAppConfig config) throws NacosException {
        String key = NamingClientPool.keyOf(config.toClientProperties());
        Lease lease = clients.get(key);
        if (lease == null) {
            lease = new Lease(factory.create(config.toClientProperties()));
            clients.put(key, lease);
            LOGGER.info("nacos-app: created a Nacos config client for " + config.describeTarget());
        }
        lease.references++;
        return lease.client;
    }

    /** Gives back a client; the last release shuts it down. */
    public void release(ConfigOperations client) {
        ConfigOperations toClose = null;
        synchronized (this) {
            for (Map.Entry<String, Lease> entry : clients.entrySet()) {
                Lease lease = entry.getValue();
                if (lease.client == client) {
                    if (--lease.references == 0) {
                        clients.remove(entry.getKey());
                        toClose = client;
                    }
                    break;
                }
            }
        }
        if (toClose != null) {
            shutdown(toClose);
        }
    }

    /** Shuts every client down, whoever still holds it. */
    public void closeAll() {
        Map<String, Lease> open;
        synchronized (this) {
            open = new HashMap<String, Lease>(clients);
            clients.clear();
        }
        for (Lease lease : open.values()) {
            shutdown(lease.client);
        }
    }

    private static void shutdown(ConfigOperations client) {
        try {
            client.shutdown();
        } catch (NacosException | RuntimeException e) {
            LOGGER.warn(REGISTRY_NACOS_EXCEPTION, "", "", "nacos-app: closing a Nacos config client failed", e);
        }
    }

    private static final class Lease {
        final ConfigOperations client;
        int references;

        Lease(ConfigOperations client) {
            this.client = client;
        }
    }
}
