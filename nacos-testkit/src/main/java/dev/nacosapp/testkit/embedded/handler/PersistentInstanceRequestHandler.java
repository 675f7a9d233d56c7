package dev.nacosapp.testkit.embedded.handler;

import com.alibaba.nacos.api.exception.NacosException;
import com.alibaba.nacos.api.naming.pojo.Instance;
import com.alibaba.nacos.api.naming.remote.request.PersistentInstanceRequest;
import dev.nacosapp.testkit.embedded.naming.Instances;
import dev.nacosapp.testkit.embedded.naming.NamingStore;
import dev.nacosapp.testkit.embedded.naming.ServiceKey;

/**
 * Registers and deregisters persistent ({@code ephemeral=false}) instances, which belong to no connection.
 *
 * <p>The server advertises this over gRPC, as Nacos 2.5 does, so nacos-client never falls back to HTTP for them.
 * Unlike Nacos, the embedded server never health-checks them (that would mean probing arbitrary addresses), so they
 * stay as healthy as registered. Thread-safe.
 */
public final class PersistentInstanceRequestHandler extends SingleInstanceHandler<PersistentInstanceRequest> {

    public PersistentInstanceRequestHandler(NamingStore store) {
        super(
                PersistentInstanceRequest.class,
                PersistentInstanceRequest::getType,
                PersistentInstanceRequest::getInstance,
                store);
    }

    @Override
    void register(ServiceKey key, Instance instance, RequestContext context) throws NacosException {
        Requests.requireInstance(instance);
        store.putPersistent(key, Instances.normalise(key, instance, false));
    }

    @Override
    void deregister(ServiceKey key, Instance instance, RequestContext context) throws NacosException {
        // Unlike an ephemeral one, a persistent instance is named by its address, so it must be there.
        Requests.requireInstance(instance);
        store.removePersistent(key, instance);
    }
}
