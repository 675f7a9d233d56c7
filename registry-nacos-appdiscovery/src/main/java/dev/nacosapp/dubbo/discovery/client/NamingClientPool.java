package dev.nacosapp.dubbo.discovery.client;

import static org.apache.dubbo.common.constants.LoggerCodeConstants.REGISTRY_NACOS_EXCEPTION;

import com.alibaba.nacos.api.exception.NacosException;
import dev.nacosapp.dubbo.discovery.config.NacosAppConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.dubbo.common.logger.ErrorTypeAwareLogger;
import org.apache.dubbo.common.logger.LoggerFactory;

/**
 * Shares one nacos-client per (servers, namespace, credentials, client properties) among every discovery of the
 * process, counting references and shutting a client down when its last user releases it. Thread-safe.
 */
public final class NamingClientPool {
    private static final ErrorTypeAwareLogger LOGGER = LoggerFactory.getErrorTypeAwareLogger(NamingClientPool.class);

    private final NamingOperationsFactory factory;
    /** Guarded by {@code this}. The keys hold credentials: never log them. */
    private final Map<String, Lease> clients = new HashMap<String, Lease>();

    public NamingClientPool(NamingOperationsFactory factory) {
        this.factory = factory;
    }

    /** The shared client for the config, created on first use. Pair every call with {@link #release}. */
    public synchronized SharedNamingClient acquire(NacosAppConfig config) throws NacosException {
        Properties properties = config.toClientProperties();
        String key = keyOf(properties);
        Lease lease = clients.get(key);
        if (lease == null) {
            lease = new Lease(new SharedNamingClient(key, factory.create(properties)));
            clients.put(key, lease);
            LOGGER.info("nacos-app: created a Nacos client for " + config.describeTarget());
        }
        lease.references++;
        return lease.client;
    }

    /** Gives back a client; the last release shuts it down. */
    public void release(SharedNamingClient client) {
        SharedNamingClient toClose = null;
        synchronized (this) {
            Lease lease = clients.get(client.poolKey());
            if (lease == null || lease.client != client) {
                return;
            }
            if (--lease.references == 0) {
                clients.remove(client.poolKey());
                toClose = client;
            }
        }
        if (toClose != null) {
            try {
                toClose.shutdown();
            } catch (NacosException | RuntimeException e) {
                LOGGER.warn(REGISTRY_NACOS_EXCEPTION, "", "", "nacos-app: closing a Nacos client failed", e);
            }
        }
    }

    /** How many distinct clients are open. */
    public synchronized int size() {
        return clients.size();
    }

    /** Shuts every client down, whoever still holds it. */
    public void closeAll() {
        Map<String, Lease> open;
        synchronized (this) {
            open = new HashMap<String, Lease>(clients);
            clients.clear();
        }
        for (Lease lease : open.values()) {
            try {
                lease.client.shutdown();
            } catch (NacosException | RuntimeException e) {
                LOGGER.warn(REGISTRY_NACOS_EXCEPTION, "", "", "nacos-app: closing a Nacos client failed", e);
            }
        }
    }

    private static String keyOf(Properties properties) {
        Map<String, String> sorted = new TreeMap<String, String>();
        for (String name : properties.stringPropertyNames()) {
            sorted.put(name, properties.getProperty(name));
        }
        return sorted.toString();
    }

    private static final class Lease {
        final SharedNamingClient client;
        int references;

        Lease(SharedNamingClient client) {
            this.client = client;
        }
    }
}
