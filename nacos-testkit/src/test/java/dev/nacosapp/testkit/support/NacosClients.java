package dev.nacosapp.testkit.support;

import com.alibaba.nacos.api.PropertyKeyConst;
import com.alibaba.nacos.api.exception.NacosException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Creates real nacos-client services of one kind for a test and shuts them all down afterwards (each one runs its
 * own threads and gRPC connection). Thread-safe.
 *
 * @param <C> the client type, {@code NamingService} or {@code ConfigService}
 */
public abstract class NacosClients<C> implements AutoCloseable {

    /** Creates a client from properties, as the nacos-client factories do. */
    interface Factory<C> {
        C create(Properties properties) throws NacosException;
    }

    /** Shuts a client down. */
    interface Shutdown<C> {
        void shutDown(C client) throws NacosException;
    }

    private final List<C> created = new ArrayList<>();

    private final Factory<C> factory;

    private final Shutdown<C> shutdown;

    NacosClients(Factory<C> factory, Shutdown<C> shutdown) {
        this.factory = factory;
        this.shutdown = shutdown;
    }

    /**
     * Creates a client with default settings, of the public namespace.
     *
     * @param serverAddr {@code 127.0.0.1:P}
     * @return a started client
     * @throws NacosException when the client cannot be created
     */
    public C create(String serverAddr) throws NacosException {
        return create(clientProperties(serverAddr, ""));
    }

    /**
     * Creates a client from properties.
     *
     * @param properties client properties
     * @return a started client
     * @throws NacosException when the client cannot be created
     */
    public synchronized C create(Properties properties) throws NacosException {
        C client = factory.create(properties);
        created.add(client);
        return client;
    }

    /**
     * Shuts one client down now, as an application that stops (a naming client without deregistering).
     *
     * @param client a client created here
     * @throws NacosException when shutdown fails
     */
    public synchronized void shutDown(C client) throws NacosException {
        created.remove(client);
        shutdown.shutDown(client);
    }

    @Override
    public synchronized void close() throws NacosException {
        NacosException failure = null;
        for (C each : created) {
            try {
                shutdown.shutDown(each);
            } catch (NacosException e) {
                failure = e;
            }
        }
        created.clear();
        if (failure != null) {
            throw failure;
        }
    }

    static Properties clientProperties(String serverAddr, String namespace) {
        Properties properties = new Properties();
        properties.setProperty(PropertyKeyConst.SERVER_ADDR, serverAddr);
        if (!namespace.isBlank()) {
            properties.setProperty(PropertyKeyConst.NAMESPACE, namespace);
        }
        return properties;
    }
}
