package dev.nacosapp.testkit.embedded.handler;

import com.alibaba.nacos.api.config.ConfigType;
import com.alibaba.nacos.api.config.remote.request.ConfigPublishRequest;
import com.alibaba.nacos.api.config.remote.response.ConfigPublishResponse;
import com.alibaba.nacos.api.exception.NacosException;
import com.alibaba.nacos.api.remote.response.Response;
import com.alibaba.nacos.api.remote.response.ResponseCode;
import dev.nacosapp.testkit.embedded.config.ConfigKey;
import dev.nacosapp.testkit.embedded.config.ConfigStore;

/**
 * Answers {@code publishConfig} and {@code publishConfigCas}.
 *
 * <p>The CAS MD5 travels in the request's {@code casMd5} field. A CAS write whose MD5 no longer matches is answered
 * with result code 500 and Nacos' message, which nacos-client reports as {@code false}; the CAS rules themselves are
 * {@link ConfigStore#publish}'s. Beta ({@code betaIps}) and tag publishes are refused: gray configs are not
 * supported. An unknown content type is stored as {@code text}, as Nacos does. Thread-safe.
 */
public final class ConfigPublishRequestHandler implements RequestHandler<ConfigPublishRequest> {

    /** The message Nacos gives when a CAS publish finds another MD5. */
    public static final String CAS_CONFLICT_MESSAGE = "Cas publish fail, server md5 may have changed.";

    private final ConfigStore store;

    public ConfigPublishRequestHandler(ConfigStore store) {
        this.store = store;
    }

    @Override
    public Class<ConfigPublishRequest> requestType() {
        return ConfigPublishRequest.class;
    }

    @Override
    public Response handle(ConfigPublishRequest request, RequestContext context) {
        if (isBlank(request.getDataId()) || isBlank(request.getGroup()) || isBlank(request.getContent())) {
            return ConfigPublishResponse.buildFailResponse(
                    NacosException.INVALID_PARAM, "dataId, group and content must not be blank");
        }
        if (!isBlank(request.getAdditionParam("betaIps")) || !isBlank(request.getAdditionParam("tag"))) {
            return ConfigPublishResponse.buildFailResponse(
                    NacosException.INVALID_PARAM, "beta and tag publishes are not supported by the embedded server");
        }
        String type = request.getAdditionParam("type");
        if (!Boolean.TRUE.equals(ConfigType.isValidType(type))) {
            type = ConfigType.getDefaultType().getType();
        }
        ConfigKey key = ConfigKey.of(request.getTenant(), request.getGroup(), request.getDataId());
        if (!store.publish(key, request.getContent(), type, request.getCasMd5())) {
            return ConfigPublishResponse.buildFailResponse(ResponseCode.FAIL.getCode(), CAS_CONFLICT_MESSAGE);
        }
        return ConfigPublishResponse.buildSuccessResponse();
    }

    @Override
    public Response newResponse() {
        return new ConfigPublishResponse();
    }

    @Override
    public boolean isNamingRequest() {
        return false;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
