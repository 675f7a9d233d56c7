package dev.nacosapp.dubbo.discovery.internal.client;

import com.alibaba.nacos.api.exception.NacosException;
import com.alibaba.nacos.api.naming.NamingFactory;
import com.alibaba.nacos.api.naming.NamingService;
import com.alibaba.nacos.api.naming.listener.EventListener;
import com.alibaba.nacos.api.naming.pojo.Instance;
import com.alibaba.nacos.api.naming.pojo.ListView;
import java.util.List;
import java.util.Properties;

/** {@link NamingOperations} on a real nacos-client {@link NamingService}. Thread-safe as nacos-client is. */
public final class NacosNamingOperations implements NamingOperations {
    /** Creates real nacos-client naming services. */
    public static final NamingOperationsFactory FACTORY = new NamingOperationsFactory() {
        @Override
        public NamingOperations create(Properties properties) throws NacosException {
            return new NacosNamingOperations(NamingFactory.createNamingService(properties));
        }
    };

    private static final String UP = "UP";

    private final NamingService naming;

    public NacosNamingOperations(NamingService naming) {
        this.naming = naming;
    }

    @Override
    public void registerInstance(String serviceName, String group, Instance instance) throws NacosException {
        naming.registerInstance(serviceName, group, instance);
    }

    @Override
    public void batchRegisterInstance(String serviceName, String group, List<Instance> instances)
            throws NacosException {
        naming.batchRegisterInstance(serviceName, group, instances);
    }

    @Override
    public void deregisterInstance(String serviceName, String group, Instance instance) throws NacosException {
        naming.deregisterInstance(serviceName, group, instance);
    }

    @Override
    public List<Instance> getAllInstances(String serviceName, String group) throws NacosException {
        return naming.getAllInstances(serviceName, group, false);
    }

    @Override
    public List<Instance> cachedInstances(String serviceName, String group) throws NacosException {
        // With subscribe=true nacos-client answers from its cache first, falling back to the cache if the server
        // refuses; only an empty cache makes it ask the server.
        return naming.getAllInstances(serviceName, group, true);
    }

    @Override
    public ListView<String> getServicesOfServer(int pageNo, int pageSize, String group) throws NacosException {
        return naming.getServicesOfServer(pageNo, pageSize, group);
    }

    @Override
    public void subscribe(String serviceName, String group, EventListener listener) throws NacosException {
        naming.subscribe(serviceName, group, listener);
    }

    @Override
    public void unsubscribe(String serviceName, String group, EventListener listener) throws NacosException {
        naming.unsubscribe(serviceName, group, listener);
    }

    @Override
    public boolean isServerUp() {
        return UP.equals(naming.getServerStatus());
    }

    @Override
    public void shutdown() throws NacosException {
        naming.shutDown();
    }
}
