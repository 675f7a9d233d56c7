package dev.nacosapp.testkit.embedded.handler;

import com.alibaba.nacos.api.naming.remote.request.ServiceListRequest;
import com.alibaba.nacos.api.naming.remote.response.ServiceListResponse;
import com.alibaba.nacos.api.remote.response.Response;
import dev.nacosapp.testkit.embedded.naming.NamingStore;
import dev.nacosapp.testkit.embedded.naming.ServiceKey;
import java.util.List;

/**
 * Lists one page of the service names of a group. Thread-safe.
 *
 * <p>Nacos pages an unordered set; the embedded server sorts names so pages are stable.
 */
public final class ServiceListRequestHandler implements RequestHandler<ServiceListRequest> {

    private final NamingStore store;

    public ServiceListRequestHandler(NamingStore store) {
        this.store = store;
    }

    @Override
    public Class<ServiceListRequest> requestType() {
        return ServiceListRequest.class;
    }

    @Override
    public Response handle(ServiceListRequest request, RequestContext context) {
        ServiceKey key = ServiceKey.of(request.getNamespace(), request.getGroupName(), "");
        List<String> names = store.serviceNames(key.namespace(), key.group());
        return ServiceListResponse.buildSuccessResponse(
                names.size(), page(names, request.getPageNo(), request.getPageSize()));
    }

    /**
     * Cuts one page out of a list as Nacos does: pages count from 1, a page past the end is empty.
     *
     * @param names all names
     * @param pageNo page number, from 1
     * @param pageSize page size
     * @return the page
     */
    public static List<String> page(List<String> names, int pageNo, int pageSize) {
        int start = Math.max(0, (pageNo - 1) * pageSize);
        if (pageSize <= 0 || start >= names.size()) {
            return List.of();
        }
        return List.copyOf(names.subList(start, Math.min(names.size(), start + pageSize)));
    }

    @Override
    public Response newResponse() {
        return new ServiceListResponse();
    }
}
