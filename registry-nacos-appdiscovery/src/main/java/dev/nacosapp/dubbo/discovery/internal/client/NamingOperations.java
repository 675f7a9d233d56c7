package dev.nacosapp.dubbo.discovery.internal.client;

import com.alibaba.nacos.api.exception.NacosException;
import com.alibaba.nacos.api.naming.listener.EventListener;
import com.alibaba.nacos.api.naming.pojo.Instance;
import com.alibaba.nacos.api.naming.pojo.ListView;
import java.util.List;

/**
 * The part of nacos-client's {@code NamingService} this library uses, and nothing more, so that tests can stand in an
 * in-memory Nacos through a constructor. Implementations must be thread-safe.
 */
public interface NamingOperations {

    /** Registers one instance; replaces whatever this client registered for the service before (Nacos 2.x). */
    void registerInstance(String serviceName, String group, Instance instance) throws NacosException;

    /** Registers several ephemeral instances of one service as this client's whole set for it. */
    void batchRegisterInstance(String serviceName, String group, List<Instance> instances) throws NacosException;

    void deregisterInstance(String serviceName, String group, Instance instance) throws NacosException;

    /** Every instance of the service as the server has it now, without subscribing. */
    List<Instance> getAllInstances(String serviceName, String group) throws NacosException;

    /**
     * The instances as nacos-client has them cached: its disk cache loaded at start, or what a subscription delivered.
     * nacos-client subscribes when it has nothing cached, so this throws when that needs a server that does not answer.
     */
    List<Instance> cachedInstances(String serviceName, String group) throws NacosException;

    ListView<String> getServicesOfServer(int pageNo, int pageSize, String group) throws NacosException;

    void subscribe(String serviceName, String group, EventListener listener) throws NacosException;

    void unsubscribe(String serviceName, String group, EventListener listener) throws NacosException;

    /** Whether the client is connected to a server that answers. */
    boolean isServerUp();

    void shutdown() throws NacosException;
}
