package dev.nacosapp.testkit.embedded.handler;

import com.alibaba.nacos.api.exception.NacosException;
import com.alibaba.nacos.api.naming.pojo.Instance;
import com.alibaba.nacos.api.naming.remote.request.InstanceRequest;
import dev.nacosapp.testkit.embedded.naming.Instances;
import dev.nacosapp.testkit.embedded.naming.NamingStore;
import dev.nacosapp.testkit.embedded.naming.ServiceKey;
import java.util.List;

/**
 * Registers and deregisters the one ephemeral instance a connection holds per service.
 *
 * <p>As in Nacos 2.x, a registration replaces whatever the connection published for the service before, and a
 * deregistration removes it without comparing ip and port. Thread-safe.
 */
public final class InstanceRequestHandler extends SingleInstanceHandler<InstanceRequest> {

    public InstanceRequestHandler(NamingStore store) {
        super(InstanceRequest.class, InstanceRequest::getType, InstanceRequest::getInstance, store);
    }

    @Override
    void register(ServiceKey key, Instance instance, RequestContext context) throws NacosException {
        Requests.requireInstance(instance);
        store.publish(context.connectionId(), key, List.of(Instances.normalise(key, instance, true)));
    }

    @Override
    void deregister(ServiceKey key, Instance instance, RequestContext context) {
        store.unpublish(context.connectionId(), key);
    }
}
