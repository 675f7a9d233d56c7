package dev.nacosapp.testkit.embedded.handler;

import com.alibaba.nacos.api.exception.NacosException;
import com.alibaba.nacos.api.naming.remote.NamingRemoteConstants;
import com.alibaba.nacos.api.naming.remote.request.PersistentInstanceRequest;
import com.alibaba.nacos.api.naming.remote.response.InstanceResponse;
import com.alibaba.nacos.api.remote.response.Response;
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
public final class PersistentInstanceRequestHandler implements RequestHandler<PersistentInstanceRequest> {

    private final NamingStore store;

    public PersistentInstanceRequestHandler(NamingStore store) {
        this.store = store;
    }

    @Override
    public Class<PersistentInstanceRequest> requestType() {
        return PersistentInstanceRequest.class;
    }

    @Override
    public Response handle(PersistentInstanceRequest request, RequestContext context) throws NacosException {
        ServiceKey key = ServiceKey.of(request.getNamespace(), request.getGroupName(), request.getServiceName());
        Requests.requireInstance(request.getInstance());
        String type = request.getType();
        if (NamingRemoteConstants.REGISTER_INSTANCE.equals(type)) {
            store.putPersistent(key, Instances.normalise(key, request.getInstance(), false));
        } else if (NamingRemoteConstants.DE_REGISTER_INSTANCE.equals(type)) {
            store.removePersistent(key, request.getInstance());
        } else {
            throw Requests.unsupportedType(type);
        }
        return new InstanceResponse(type);
    }

    @Override
    public Response newResponse() {
        return new InstanceResponse();
    }
}
