package dev.nacosapp.testkit.embedded.handler;

import com.alibaba.nacos.api.naming.pojo.ServiceInfo;
import com.alibaba.nacos.api.naming.remote.request.SubscribeServiceRequest;
import com.alibaba.nacos.api.naming.remote.response.SubscribeServiceResponse;
import com.alibaba.nacos.api.remote.response.Response;
import com.alibaba.nacos.api.remote.response.ResponseCode;
import dev.nacosapp.testkit.embedded.naming.InstanceSelection;
import dev.nacosapp.testkit.embedded.naming.NamingStore;
import dev.nacosapp.testkit.embedded.naming.ServiceKey;

/**
 * Subscribes a connection to a service (or unsubscribes it) and answers with the current enabled instances.
 *
 * <p>A subscription needs no existing service, and like Nacos the server also pushes the current list to the new
 * subscriber once. Thread-safe.
 */
public final class SubscribeServiceRequestHandler implements RequestHandler<SubscribeServiceRequest> {

    private final NamingStore store;

    public SubscribeServiceRequestHandler(NamingStore store) {
        this.store = store;
    }

    @Override
    public Class<SubscribeServiceRequest> requestType() {
        return SubscribeServiceRequest.class;
    }

    @Override
    public Response handle(SubscribeServiceRequest request, RequestContext context) {
        ServiceKey key = ServiceKey.of(request.getNamespace(), request.getGroupName(), request.getServiceName());
        ServiceInfo current = InstanceSelection.select(key, store.instances(key), request.getClusters(), false, true);
        if (request.isSubscribe()) {
            store.subscribe(context.connectionId(), key, request.getClusters());
        } else {
            store.unsubscribe(context.connectionId(), key);
        }
        return new SubscribeServiceResponse(ResponseCode.SUCCESS.getCode(), "success", current);
    }

    @Override
    public Response newResponse() {
        return new SubscribeServiceResponse();
    }
}
