package dev.nacosapp.testkit.embedded.handler;

import com.alibaba.nacos.api.exception.NacosException;
import com.alibaba.nacos.api.naming.remote.NamingRemoteConstants;
import com.alibaba.nacos.api.naming.remote.request.InstanceRequest;
import com.alibaba.nacos.api.naming.remote.response.InstanceResponse;
import com.alibaba.nacos.api.remote.response.Response;
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
public final class InstanceRequestHandler implements RequestHandler<InstanceRequest> {

    private final NamingStore store;

    public InstanceRequestHandler(NamingStore store) {
        this.store = store;
    }

    @Override
    public Class<InstanceRequest> requestType() {
        return InstanceRequest.class;
    }

    @Override
    public Response handle(InstanceRequest request, RequestContext context) throws NacosException {
        ServiceKey key = ServiceKey.of(request.getNamespace(), request.getGroupName(), request.getServiceName());
        String type = request.getType();
        if (NamingRemoteConstants.REGISTER_INSTANCE.equals(type)) {
            Requests.requireInstance(request.getInstance());
            store.publish(context.connectionId(), key, List.of(Instances.normalise(key, request.getInstance(), true)));
        } else if (NamingRemoteConstants.DE_REGISTER_INSTANCE.equals(type)) {
            store.unpublish(context.connectionId(), key);
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
