package dev.nacosapp.dubbo.discovery.internal.metadata;

import static org.apache.dubbo.common.constants.LoggerCodeConstants.CONFIG_ERROR_NACOS;

import com.alibaba.nacos.api.NacosFactory;
import com.alibaba.nacos.api.config.ConfigService;
import com.alibaba.nacos.api.config.listener.Listener;
import com.alibaba.nacos.api.exception.NacosException;
import com.alibaba.nacos.common.remote.client.RpcClient;
import com.alibaba.nacos.common.remote.client.RpcClientFactory;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.dubbo.common.logger.ErrorTypeAwareLogger;
import org.apache.dubbo.common.logger.LoggerFactory;

/**
 * {@link ConfigOperations} on a real nacos-client {@link ConfigService}. Thread-safe as nacos-client is.
 *
 * <p>After {@link #shutdown()} every read and write fails and listeners are neither added nor removed: nacos-client
 * 2.5.1's config service would quietly start a new connection for a read or write after {@code shutDown()}, which
 * nothing would ever close (Dubbo's metadata report stores provider definitions on a thread of its own, which can run
 * after the application failed and its clients were closed).
 *
 * <p>nacos-client itself can start one more connection after {@code shutDown()} (2.4 to 3.1 alike): its listen loop,
 * when shutdown catches it between listening and un-listening, asks for the connection it was using, finds it gone
 * and creates a new one, which nothing closes and which retries for ever. It happens when listened configs are out of
 * step with the server at shutdown, for example every time the credentials are refused. So {@link #shutdown()}
 * schedules a few sweeps: when a config connection appeared in the JVM since the shutdown began, {@code shutDown()}
 * runs again, which closes every connection of this config service (and only those). Connections are told apart by
 * identity: the late one has the name of the one it replaces.
 */
public final class NacosConfigOperations implements ConfigOperations {
    /**
     * When to look for a connection started after shutdown: the listen loop creates it as soon as its request on the
     * closed connection failed, and ends then.
     */
    static final long[] SWEEP_DELAYS_MILLIS = {1000, 5000, 15000};

    private static final ErrorTypeAwareLogger LOGGER =
            LoggerFactory.getErrorTypeAwareLogger(NacosConfigOperations.class);

    /** Runs a sweep after a delay; must not run it in the caller's thread. */
    public interface Scheduler {
        void schedule(Runnable sweep, long delayMillis);
    }

    private final ConfigService config;
    private final Scheduler scheduler;
    private final Supplier<Set<Object>> configConnections;
    private volatile boolean shutDown;

    NacosConfigOperations(ConfigService config, Scheduler scheduler, Supplier<Set<Object>> configConnections) {
        this.config = config;
        this.scheduler = scheduler;
        this.configConnections = configConnections;
    }

    /** Creates real nacos-client config services whose sweeps run on the given scheduler. */
    public static ConfigOperationsFactory factory(Scheduler scheduler) {
        return properties -> new NacosConfigOperations(
                NacosFactory.createConfigService(properties), scheduler, NacosConfigOperations::configConnections);
    }

    @Override
    public String getConfig(String dataId, String group, long timeoutMillis) throws NacosException {
        checkOpen();
        return config.getConfig(dataId, group, timeoutMillis);
    }

    @Override
    public boolean publishConfig(String dataId, String group, String content) throws NacosException {
        checkOpen();
        return config.publishConfig(dataId, group, content);
    }

    @Override
    public boolean publishConfigCas(String dataId, String group, String content, String casMd5) throws NacosException {
        checkOpen();
        return config.publishConfigCas(dataId, group, content, casMd5);
    }

    @Override
    public boolean removeConfig(String dataId, String group) throws NacosException {
        checkOpen();
        return config.removeConfig(dataId, group);
    }

    @Override
    public void addListener(String dataId, String group, Listener listener) throws NacosException {
        if (!shutDown) {
            config.addListener(dataId, group, listener);
        }
    }

    @Override
    public void removeListener(String dataId, String group, Listener listener) {
        if (!shutDown) {
            config.removeListener(dataId, group, listener);
        }
    }

    @Override
    public void shutdown() throws NacosException {
        shutDown = true;
        Set<Object> before = configConnections.get();
        config.shutDown();
        for (long delay : SWEEP_DELAYS_MILLIS) {
            scheduler.schedule(() -> sweep(before), delay);
        }
    }

    private void sweep(Set<Object> before) {
        Set<Object> now = configConnections.get();
        now.removeAll(before);
        if (now.isEmpty()) {
            return;
        }
        LOGGER.debug("nacos-app: a config connection was started after a config client's shutdown; closing it");
        try {
            config.shutDown();
        } catch (NacosException | RuntimeException e) {
            LOGGER.warn(
                    CONFIG_ERROR_NACOS,
                    "",
                    "",
                    "nacos-app: closing a connection nacos-client started after shutdown failed",
                    e);
        }
    }

    private void checkOpen() throws NacosException {
        if (shutDown) {
            throw new NacosException(NacosException.CLIENT_DISCONNECT, "the Nacos config client is shut down");
        }
    }

    /**
     * nacos-client's config connections in this JVM (named {@code <config service id>_config-<task>}), an identity
     * set.
     */
    private static Set<Object> configConnections() {
        Set<Object> connections = Collections.newSetFromMap(new IdentityHashMap<Object, Boolean>());
        for (Map.Entry<String, RpcClient> entry : RpcClientFactory.getAllClientEntries()) {
            if (entry.getKey().contains("_config-")) {
                connections.add(entry.getValue());
            }
        }
        return connections;
    }
}
