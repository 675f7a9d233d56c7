package dev.nacosapp.testkit.embedded.handler;

import com.alibaba.nacos.api.exception.NacosException;
import com.alibaba.nacos.api.naming.pojo.Instance;
import com.alibaba.nacos.api.naming.remote.NamingRemoteConstants;
import com.alibaba.nacos.api.naming.remote.request.BatchInstanceRequest;
import com.alibaba.nacos.api.naming.remote.response.BatchInstanceResponse;
import com.alibaba.nacos.api.remote.response.Response;
import dev.nacosapp.testkit.embedded.naming.Instances;
import dev.nacosapp.testkit.embedded.naming.NamingStore;
import dev.nacosapp.testkit.embedded.naming.ServiceKey;
import java.util.ArrayList;
import java.util.List;

/**
 * Replaces the list of ephemeral instances a connection publishes for a service.
 *
 * <p>nacos-client implements batch deregistration as a batch registration of the instances that remain, so an
 * empty list removes the connection's instances. Thread-safe.
 */
public final class BatchInstanceRequestHandler implements RequestHandler<BatchInstanceRequest> {

    private final NamingStore store;

    public BatchInstanceRequestHandler(NamingStore store) {
        this.store = store;
    }

    @Override
    public Class<BatchInstanceRequest> requestType() {
        return BatchInstanceRequest.class;
    }

    @Override
    public Response handle(BatchInstanceRequest request, RequestContext context) throws NacosException {
        if (!NamingRemoteConstants.BATCH_REGISTER_INSTANCE.equals(request.getType())) {
            throw Requests.unsupportedType(request.getType());
        }
        ServiceKey key = ServiceKey.of(request.getNamespace(), request.getGroupName(), request.getServiceName());
        List<Instance> sent = request.getInstances() == null ? List.of() : request.getInstances();
        List<Instance> stored = new ArrayList<>(sent.size());
        for (Instance each : sent) {
            Requests.requireInstance(each);
            stored.add(Instances.normalise(key, each, true));
        }
        store.publish(context.connectionId(), key, stored);
        return new BatchInstanceResponse(request.getType());
    }

    @Override
    public Response newResponse() {
        return new BatchInstanceResponse();
    }
}
