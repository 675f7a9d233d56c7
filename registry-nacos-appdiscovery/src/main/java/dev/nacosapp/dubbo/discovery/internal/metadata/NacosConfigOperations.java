package dev.nacosapp.dubbo.discovery.internal.metadata;

import com.alibaba.nacos.api.NacosFactory;
import com.alibaba.nacos.api.config.ConfigService;
import com.alibaba.nacos.api.config.listener.Listener;
import com.alibaba.nacos.api.exception.NacosException;

/** {@link ConfigOperations} on a real nacos-client {@link ConfigService}. Thread-safe as nacos-client is. */
public final class NacosConfigOperations implements ConfigOperations {
    /** Creates real nacos-client config services. */
    public static final ConfigOperationsFactory FACTORY =
            properties -> new NacosConfigOperations(NacosFactory.createConfigService(properties));

    private final ConfigService config;

    NacosConfigOperations(ConfigService config) {
        this.config = config;
    }

    @Override
    public String getConfig(String dataId, String group, long timeoutMillis) throws NacosException {
        return config.getConfig(dataId, group, timeoutMillis);
    }

    @Override
    public boolean publishConfig(String dataId, String group, String content) throws NacosException {
        return config.publishConfig(dataId, group, content);
    }

    @Override
    public boolean publishConfigCas(String dataId, String group, String content, String casMd5) throws NacosException {
        return config.publishConfigCas(dataId, group, content, casMd5);
    }

    @Override
    public boolean removeConfig(String dataId, String group) throws NacosException {
        return config.removeConfig(dataId, group);
    }

    @Override
    public void addListener(String dataId, String group, Listener listener) throws NacosException {
        config.addListener(dataId, group, listener);
    }

    @Override
    public void removeListener(String dataId, String group, Listener listener) {
        config.removeListener(dataId, group, listener);
    }

    @Override
    public void shutdown() throws NacosException {
        config.shutDown();
    }
}
