package dev.nacosapp.testkit.embedded.handler;

import com.alibaba.nacos.api.exception.NacosException;
import com.alibaba.nacos.api.remote.request.Request;
import com.alibaba.nacos.api.remote.response.Response;

/**
 * Answers one type of client request.
 *
 * <p>Implementations are stateless apart from the shared store they were given and are called concurrently from
 * gRPC threads.
 *
 * @param <T> the request type
 */
public interface RequestHandler<T extends Request> {

    /**
     * The request class this handler answers; its simple name is the payload type on the wire.
     *
     * @return the request class
     */
    Class<T> requestType();

    /**
     * Handles a request that passed the checks.
     *
     * @param request the request
     * @param context the sender
     * @return the response
     * @throws NacosException for a request Nacos would refuse; it becomes an {@code ErrorResponse}
     */
    Response handle(T request, RequestContext context) throws NacosException;

    /**
     * Creates an empty response of the type the client expects, used to carry a refusal (auth, parameter check,
     * injected fault) the way Nacos' request filters do.
     *
     * @return a new response
     */
    Response newResponse();

    /**
     * Tells whether this is a service request (naming or config): service requests need a token when auth is on,
     * pass the parameter checks and can be refused by typed fault injection; connection housekeeping (health
     * checks) cannot.
     *
     * @return true for naming and config requests
     */
    default boolean isServiceRequest() {
        return true;
    }

    /**
     * Tells whether this is a naming request, which an untyped {@code refuseNextRequests(count)} also refuses.
     * Config requests are not, so that a test refusing naming calls is not disturbed by a config client's listen
     * loop.
     *
     * @return true for naming requests
     */
    default boolean isNamingRequest() {
        return isServiceRequest();
    }
}
