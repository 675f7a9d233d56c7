package dev.nacosapp.testkit.embedded.handler;

import com.alibaba.nacos.api.config.remote.request.ConfigRemoveRequest;
import com.alibaba.nacos.api.config.remote.response.ConfigRemoveResponse;
import com.alibaba.nacos.api.remote.response.Response;
import dev.nacosapp.testkit.embedded.config.ConfigKey;
import dev.nacosapp.testkit.embedded.config.ConfigStore;

/**
 * Answers {@code removeConfig}. Removing a config that does not exist succeeds, as in Nacos; removing a tag's gray
 * config is refused, since gray configs are not supported. Thread-safe.
 */
public final class ConfigRemoveRequestHandler implements RequestHandler<ConfigRemoveRequest> {

    private final ConfigStore store;

    public ConfigRemoveRequestHandler(ConfigStore store) {
        this.store = store;
    }

    @Override
    public Class<ConfigRemoveRequest> requestType() {
        return ConfigRemoveRequest.class;
    }

    @Override
    public Response handle(ConfigRemoveRequest request, RequestContext context) {
        if (request.getDataId() == null || request.getDataId().isBlank()) {
            return ConfigRemoveResponse.buildFailResponse("dataId must not be blank");
        }
        if (request.getTag() != null && !request.getTag().isBlank()) {
            return ConfigRemoveResponse.buildFailResponse("tag configs are not supported by the embedded server");
        }
        store.remove(ConfigKey.of(request.getTenant(), request.getGroup(), request.getDataId()));
        return ConfigRemoveResponse.buildSuccessResponse();
    }

    @Override
    public Response newResponse() {
        return new ConfigRemoveResponse();
    }

    @Override
    public boolean isNamingRequest() {
        return false;
    }
}
