package dev.nacosapp.testkit.embedded.handler;

import com.alibaba.nacos.api.config.remote.request.ConfigQueryRequest;
import com.alibaba.nacos.api.config.remote.response.ConfigQueryResponse;
import com.alibaba.nacos.api.remote.response.Response;
import dev.nacosapp.testkit.embedded.config.ConfigKey;
import dev.nacosapp.testkit.embedded.config.ConfigStore;
import dev.nacosapp.testkit.embedded.config.StoredConfig;
import java.util.Optional;

/**
 * Answers {@code getConfig}: content, MD5, last-modified time and content type of a stored config.
 *
 * <p>A missing config is answered as Nacos answers it, a failed response with error code 300
 * ({@code CONFIG_NOT_FOUND}), which nacos-client turns into a {@code null} content rather than an exception. Gray
 * (beta and tag) configs do not exist here: a tag in the query is ignored. Thread-safe.
 */
public final class ConfigQueryRequestHandler implements RequestHandler<ConfigQueryRequest> {

    static final String NOT_FOUND_MESSAGE = "config data not exist";

    private final ConfigStore store;

    public ConfigQueryRequestHandler(ConfigStore store) {
        this.store = store;
    }

    @Override
    public Class<ConfigQueryRequest> requestType() {
        return ConfigQueryRequest.class;
    }

    @Override
    public Response handle(ConfigQueryRequest request, RequestContext context) {
        Optional<StoredConfig> stored =
                store.get(ConfigKey.of(request.getTenant(), request.getGroup(), request.getDataId()));
        ConfigQueryResponse response = new ConfigQueryResponse();
        if (stored.isEmpty()) {
            response.setErrorInfo(ConfigQueryResponse.CONFIG_NOT_FOUND, NOT_FOUND_MESSAGE);
            return response;
        }
        StoredConfig config = stored.get();
        response.setContent(config.content());
        response.setMd5(config.md5());
        response.setLastModified(config.lastModified());
        response.setContentType(config.type());
        return response;
    }

    @Override
    public Response newResponse() {
        return new ConfigQueryResponse();
    }

    @Override
    public boolean isNamingRequest() {
        return false;
    }
}
