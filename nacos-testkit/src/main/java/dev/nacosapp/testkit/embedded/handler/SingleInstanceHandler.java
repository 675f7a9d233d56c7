package dev.nacosapp.testkit.embedded.handler;

import com.alibaba.nacos.api.exception.NacosException;
import com.alibaba.nacos.api.naming.pojo.Instance;
import com.alibaba.nacos.api.naming.remote.NamingRemoteConstants;
import com.alibaba.nacos.api.naming.remote.request.AbstractNamingRequest;
import com.alibaba.nacos.api.naming.remote.response.InstanceResponse;
import com.alibaba.nacos.api.remote.response.Response;
import dev.nacosapp.testkit.embedded.naming.NamingStore;
import dev.nacosapp.testkit.embedded.naming.ServiceKey;
import java.util.function.Function;

/**
 * Answers a request that registers or deregisters one instance, ephemeral or persistent: nacos-api sends both kinds
 * with the same fields but in two request classes without a common type for them. Subclasses say what each
 * operation does to the store. Thread-safe.
 *
 * @param <T> the request class
 */
abstract class SingleInstanceHandler<T extends AbstractNamingRequest> implements RequestHandler<T> {

    final NamingStore store;

    private final Class<T> requestType;

    private final Function<T, String> operation;

    private final Function<T, Instance> instance;

    SingleInstanceHandler(
            Class<T> requestType, Function<T, String> operation, Function<T, Instance> instance, NamingStore store) {
        this.requestType = requestType;
        this.operation = operation;
        this.instance = instance;
        this.store = store;
    }

    abstract void register(ServiceKey key, Instance instance, RequestContext context) throws NacosException;

    abstract void deregister(ServiceKey key, Instance instance, RequestContext context) throws NacosException;

    @Override
    public final Class<T> requestType() {
        return requestType;
    }

    @Override
    public final Response handle(T request, RequestContext context) throws NacosException {
        ServiceKey key = ServiceKey.of(request.getNamespace(), request.getGroupName(), request.getServiceName());
        String type = operation.apply(request);
        if (NamingRemoteConstants.REGISTER_INSTANCE.equals(type)) {
            register(key, instance.apply(request), context);
        } else if (NamingRemoteConstants.DE_REGISTER_INSTANCE.equals(type)) {
            deregister(key, instance.apply(request), context);
        } else {
            throw Requests.unsupportedType(type);
        }
        return new InstanceResponse(type);
    }

    @Override
    public final Response newResponse() {
        return new InstanceResponse();
    }
}
