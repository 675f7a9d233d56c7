package dev.nacosapp.testkit.support;

import com.alibaba.nacos.api.PropertyKeyConst;
import com.alibaba.nacos.api.exception.NacosException;
import com.alibaba.nacos.api.naming.NamingFactory;
import com.alibaba.nacos.api.naming.NamingService;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Creates real nacos-client {@link NamingService}s for a test and shuts them all down afterwards (each one runs
 * its own threads).
 */
public final class NamingClients implements AutoCloseable {

    private final List<NamingService> created = new ArrayList<>();

    /**
     * Creates a client with default settings.
     *
     * @param serverAddr {@code 127.0.0.1:P}
     * @return a started client
     * @throws NacosException when the client cannot be created
     */
    public NamingService create(String serverAddr) throws NacosException {
        return create(properties(serverAddr));
    }

    /**
     * Creates a client from properties.
     *
     * @param properties client properties
     * @return a started client
     * @throws NacosException when the client cannot be created
     */
    public synchronized NamingService create(Properties properties) throws NacosException {
        NamingService naming = NamingFactory.createNamingService(properties);
        created.add(naming);
        return naming;
    }

    /**
     * Returns the properties of a default client.
     *
     * @param serverAddr {@code 127.0.0.1:P}
     * @return new properties
     */
    public static Properties properties(String serverAddr) {
        Properties properties = new Properties();
        properties.setProperty(PropertyKeyConst.SERVER_ADDR, serverAddr);
        return properties;
    }

    /**
     * Shuts one client down now, as an application that stops without deregistering.
     *
     * @param naming a client created here
     * @throws NacosException when shutdown fails
     */
    public synchronized void shutDown(NamingService naming) throws NacosException {
        created.remove(naming);
        naming.shutDown();
    }

    @Override
    public synchronized void close() throws NacosException {
        NacosException failure = null;
        for (NamingService each : created) {
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
