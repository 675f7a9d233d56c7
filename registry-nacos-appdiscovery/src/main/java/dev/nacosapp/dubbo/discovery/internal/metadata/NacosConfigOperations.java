package dev.nacosapp.dubbo.discovery.internal.metadata;

import com.alibaba.nacos.api.NacosFactory;
import com.alibaba.nacos.api.config.ConfigService;
import com.alibaba.nacos.api.config.listener.Listener;
import com.alibaba.nacos.api.exception.NacosException;

/**
 * {@link ConfigOperations} on a real nacos-client {@link ConfigService}. Thread-safe as nacos-client is.
 *
 * <p>After {@link #shutdown()} every read and write fails and listeners are neither added nor removed: nacos-client
 * 2.5.1's config service would quietly start a new connection for a read or write after {@code shutDown()}, which
 * nothing would ever close (Dubbo's metadata report stores provider definitions on a thread of its own, which can run
 * after the application failed and its clients were closed).
 */
public final class NacosConfigOperations implements ConfigOperations {
    /** Creates real nacos-client config services. */
    public static final ConfigOperationsFactory FACTORY =
            properties -> new NacosConfigOperations(NacosFactory.createConfigService(properties));

    private final ConfigService config;
    private volatile boolean shutDown;

    NacosConfigOperations(ConfigService config) {
        this.config = config;
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
        config.shutDown();
    }

    private void checkOpen() throws NacosException {
        if (shutDown) {
            throw new NacosException(NacosException.CLIENT_DISCONNECT, "the Nacos config client is shut down");
        }
    }
}
