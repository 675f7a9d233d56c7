package dev.nacosapp.testkit.support;

import com.alibaba.nacos.api.naming.NamingFactory;
import com.alibaba.nacos.api.naming.NamingService;
import java.util.Properties;

/** Creates real nacos-client {@link NamingService}s for a test and shuts them all down afterwards. Thread-safe. */
public final class NamingClients extends NacosClients<NamingService> {

    public NamingClients() {
        super(NamingFactory::createNamingService, NamingService::shutDown);
    }

    /**
     * Returns the properties of a default client.
     *
     * @param serverAddr {@code 127.0.0.1:P}
     * @return new properties
     */
    public static Properties properties(String serverAddr) {
        return clientProperties(serverAddr, "");
    }
}
