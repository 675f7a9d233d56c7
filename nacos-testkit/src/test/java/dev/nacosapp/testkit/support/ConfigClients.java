package dev.nacosapp.testkit.support;

import com.alibaba.nacos.api.NacosFactory;
import com.alibaba.nacos.api.PropertyKeyConst;
import com.alibaba.nacos.api.config.ConfigService;
import com.alibaba.nacos.api.exception.NacosException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Creates real nacos-client {@link ConfigService}s for a test and shuts them all down afterwards (each one runs its
 * own threads and gRPC connection).
 */
public final class ConfigClients implements AutoCloseable {

    private final List<ConfigService> created = new ArrayList<>();

    /**
     * Creates a client of the public namespace.
     *
     * @param serverAddr {@code 127.0.0.1:P}
     * @return a started client
     * @throws NacosException when the client cannot be created
     */
    public ConfigService create(String serverAddr) throws NacosException {
        return create(properties(serverAddr, ""));
    }

    /**
     * Creates a client from properties.
     *
     * @param properties client properties
     * @return a started client
     * @throws NacosException when the client cannot be created
     */
    public synchronized ConfigService create(Properties properties) throws NacosException {
        ConfigService config = NacosFactory.createConfigService(properties);
        created.add(config);
        return config;
    }

    /**
     * Returns the properties of a client of one namespace.
     *
     * @param serverAddr {@code 127.0.0.1:P}
     * @param namespace the namespace id, blank for public
     * @return new properties
     */
    public static Properties properties(String serverAddr, String namespace) {
        Properties properties = new Properties();
        properties.setProperty(PropertyKeyConst.SERVER_ADDR, serverAddr);
        if (!namespace.isBlank()) {
            properties.setProperty(PropertyKeyConst.NAMESPACE, namespace);
        }
        return properties;
    }

    /**
     * Shuts one client down now, as an application that stops.
     *
     * @param config a client created here
     * @throws NacosException when shutdown fails
     */
    public synchronized void shutDown(ConfigService config) throws NacosException {
        created.remove(config);
        config.shutDown();
    }

    @Override
    public synchronized void close() throws NacosException {
        NacosException failure = null;
        for (ConfigService each : created) {
            try {
                each.shutDown();
            } catch (NacosException e) {
                failure = e;
            }
        }
        created.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
