package dev.nacosapp.testkit.embedded.handler;

import com.alibaba.nacos.api.remote.request.HealthCheckRequest;
import com.alibaba.nacos.api.remote.response.HealthCheckResponse;
import com.alibaba.nacos.api.remote.response.Response;

/**
 * Answers the client's keep-alive check; reaching a handler at all means the connection is still registered.
 * Stateless and thread-safe.
 */
public final class HealthCheckHandler implements RequestHandler<HealthCheckRequest> {

    @Override
    public Class<HealthCheckRequest> requestType() {
        return HealthCheckRequest.class;
    }

    @Override
    public Response handle(HealthCheckRequest request, RequestContext context) {
        return new HealthCheckResponse();
    }

    @Override
    public Response newResponse() {
        return new HealthCheckResponse();
    }

    @Override
    public boolean isServiceRequest() {
        return false;
    }
}
