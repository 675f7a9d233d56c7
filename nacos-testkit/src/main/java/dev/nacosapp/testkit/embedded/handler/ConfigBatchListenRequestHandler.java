package dev.nacosapp.testkit.embedded.handler;

import com.alibaba.nacos.api.config.remote.request.ConfigBatchListenRequest;
import com.alibaba.nacos.api.config.remote.response.ConfigChangeBatchListenResponse;
import com.alibaba.nacos.api.remote.response.Response;
import dev.nacosapp.testkit.embedded.config.ConfigKey;
import dev.nacosapp.testkit.embedded.config.ConfigStore;
import dev.nacosapp.testkit.embedded.config.StoredConfig;

/**
 * Starts or stops a connection's listening to configs and, when starting, lists those whose MD5 differs from the
 * one the client holds (a missing config has the empty MD5, as the client's own cache does), echoing data id,
 * group and tenant as the client sent them so that it finds its cache entry; later notifications carry that tenant
 * too. Thread-safe.
 */
public final class ConfigBatchListenRequestHandler implements RequestHandler<ConfigBatchListenRequest> {

    private final ConfigStore store;

    public ConfigBatchListenRequestHandler(ConfigStore store) {
        this.store = store;
    }

    @Override
    public Class<ConfigBatchListenRequest> requestType() {
        return ConfigBatchListenRequest.class;
    }

    @Override
    public Response handle(ConfigBatchListenRequest request, RequestContext context) {
        ConfigChangeBatchListenResponse response = new ConfigChangeBatchListenResponse();
        for (ConfigBatchListenRequest.ConfigListenContext each : request.getConfigListenContexts()) {
            ConfigKey key = ConfigKey.of(each.getTenant(), each.getGroup(), each.getDataId());
            if (!request.isListen()) {
                store.unlisten(key, context.connectionId());
                continue;
            }
            store.listen(key, context.connectionId(), each.getTenant());
            String current = store.get(key).map(StoredConfig::md5).orElse("");
            String held = each.getMd5() == null ? "" : each.getMd5();
            if (!current.equals(held)) {
                response.addChangeConfig(each.getDataId(), each.getGroup(), each.getTenant());
            }
        }
        return response;
    }

    @Override
    public Response newResponse() {
        return new ConfigChangeBatchListenResponse();
    }

    @Override
    public boolean isNamingRequest() {
        return false;
    }
}
