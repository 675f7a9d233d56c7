package dev.nacosapp.testkit.embedded.handler;

import com.alibaba.nacos.api.naming.remote.request.ServiceQueryRequest;
import com.alibaba.nacos.api.naming.remote.response.QueryServiceResponse;
import com.alibaba.nacos.api.remote.response.Response;
import dev.nacosapp.testkit.embedded.naming.InstanceSelection;
import dev.nacosapp.testkit.embedded.naming.NamingStore;
import dev.nacosapp.testkit.embedded.naming.ServiceKey;

/**
 * Answers a one-off query for the enabled instances of a service, filtered by clusters and health, and counts it.
 * Thread-safe.
 */
public final class ServiceQueryRequestHandler implements RequestHandler<ServiceQueryRequest> {

    private final NamingStore store;

    private final QueryCounts counts;

    /**
     * Creates the handler.
     *
     * @param store the naming state queried
     * @param counts where each answered query is counted
     */
    public ServiceQueryRequestHandler(NamingStore store, QueryCounts counts) {
        this.store = store;
        this.counts = counts;
    }

    @Override
    public Class<ServiceQueryRequest> requestType() {
        return ServiceQueryRequest.class;
    }

    @Override
    public Response handle(ServiceQueryRequest request, RequestContext context) {
        ServiceKey key = ServiceKey.of(request.getNamespace(), request.getGroupName(), request.getServiceName());
        counts.answered(key);
        return QueryServiceResponse.buildSuccessResponse(InstanceSelection.select(
                key, store.instances(key), request.getCluster(), request.isHealthyOnly(), true));
    }

    @Override
    public Response newResponse() {
        return new QueryServiceResponse();
    }
}
