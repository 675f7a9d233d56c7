package dev.nacosapp.testkit.support;

import com.alibaba.nacos.api.NacosFactory;
import com.alibaba.nacos.api.config.ConfigService;
import java.util.Properties;

/** Creates real nacos-client {@link ConfigService}s for a test and shuts them all down afterwards. Thread-safe. */
public final class ConfigClients extends NacosClients<ConfigService> {

    public ConfigClients() {
        super(NacosFactory::createConfigService, ConfigService::shutDown);
    }

    /**
     * Returns the properties of a client of one namespace.
     *
     * @param serverAddr {@code 127.0.0.1:P}
     * @param namespace the namespace id, blank for public
     * @return new properties
     */
    public static Properties properties(String serverAddr, String namespace) {
        return clientProperties(serverAddr, namespace);
    }
}
