package dev.nacosapp.testkit.embedded.handler;

import com.alibaba.nacos.api.exception.NacosException;
import com.alibaba.nacos.api.remote.request.Request;
import com.alibaba.nacos.api.remote.request.ServerCheckRequest;
import com.alibaba.nacos.api.remote.response.ErrorResponse;
import com.alibaba.nacos.api.remote.response.Response;
import com.alibaba.nacos.api.remote.response.ServerCheckResponse;
import dev.nacosapp.testkit.embedded.auth.AuthService;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers unary requests in the order a Nacos server checks them: server check (which needs no connection), a
 * handler for the type, a set-up connection, then the request filters (injected refusals, the registration hold
 * after a restart, token, parameter check) and finally the handler.
 *
 * <p>Refusals carry the handler's own response type with an error code, as Nacos' filters do, so nacos-client
 * reports a failed call instead of retrying it as it would an {@code ErrorResponse}. Thread-safe.
 */
public final class RequestRouter {

    /** The message of a request refused by {@link #refuseNext(int)}. */
    public static final String REFUSED_MESSAGE = "Request refused by EmbeddedFaults.refuseNextRequests";

    private static final Logger LOG = LoggerFactory.getLogger(RequestRouter.class);

    private static final String TOKEN_HEADER = "accessToken";

    private final Map<String, RequestHandler<?>> handlers = new HashMap<>();

    private final SetUpConnections connections;

    private final AuthService auth;

    private final Function<Request, Optional<String>> parameterCheck;

    private final RegistrationHold registrationHold;

    private final AtomicInteger refusals = new AtomicInteger();

    /** Refusals of one request type only, by the request class's simple name (its payload type). */
    private final Map<String, AtomicInteger> typedRefusals = new ConcurrentHashMap<>();

    /**
     * Creates a router.
     *
     * @param handlers one handler per request type
     * @param connections the set-up connections
     * @param auth token checks for naming and config requests
     * @param parameterCheck returns the refusal message of a request with invalid parameters
     * @param registrationHold refuses registrations for a while after a restart
     */
    public RequestRouter(
            List<RequestHandler<?>> handlers,
            SetUpConnections connections,
            AuthService auth,
            Function<Request, Optional<String>> parameterCheck,
            RegistrationHold registrationHold) {
        for (RequestHandler<?> each : handlers) {
            this.handlers.put(each.requestType().getSimpleName(), each);
        }
        this.connections = connections;
        this.auth = auth;
        this.parameterCheck = parameterCheck;
        this.registrationHold = registrationHold;
    }

    /**
     * Makes the next naming requests fail.
     *
     * @param count how many more naming requests to refuse
     */
    public void refuseNext(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        refusals.addAndGet(count);
    }

    /**
     * Makes the next requests of one type (naming or config) fail, leaving every other request alone.
     *
     * @param count how many more requests of that type to refuse
     * @param type the request class, e.g. {@code SubscribeServiceRequest}
     */
    public void refuseNext(int count, Class<? extends Request> type) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        typedRefusals
                .computeIfAbsent(type.getSimpleName(), name -> new AtomicInteger())
                .addAndGet(count);
    }

    /**
     * Answers one unary request.
     *
     * @param type the payload type
     * @param connectionId the id of the transport it arrived on
     * @param clientIp the client's address
     * @param decoder decodes the payload; only called once the request type and connection are accepted
     * @return the response to send
     */
    public Response route(String type, String connectionId, String clientIp, Supplier<Object> decoder) {
        if (ServerCheckRequest.class.getSimpleName().equals(type)) {
            // Ability negotiation on: the client waits for our SetupAckRequest instead of sleeping.
            return new ServerCheckResponse(connectionId, true);
        }
        RequestHandler<?> handler = handlers.get(type);
        if (handler == null) {
            return ErrorResponse.build(NacosException.NO_HANDLER, "RequestHandler Not Found");
        }
        if (!connections.isRegistered(connectionId)) {
            return ErrorResponse.build(NacosException.UN_REGISTER, "Connection is unregistered.");
        }
        Object decoded;
        try {
            decoded = decoder.get();
        } catch (RuntimeException e) {
            return ErrorResponse.build(NacosException.BAD_GATEWAY, e.getMessage());
        }
        if (!(decoded instanceof Request request)) {
            return ErrorResponse.build(NacosException.BAD_GATEWAY, "Invalid request");
        }
        Response response = dispatch(handler, request, new RequestContext(connectionId, clientIp));
        response.setRequestId(request.getRequestId());
        return response;
    }

    private <T extends Request> Response dispatch(RequestHandler<T> handler, Request request, RequestContext context) {
        if (handler.isServiceRequest()) {
            Optional<Refusal> refusal = refusal(request, handler.isNamingRequest());
            if (refusal.isPresent()) {
                Response response = handler.newResponse();
                response.setErrorInfo(refusal.get().code(), refusal.get().message());
                return response;
            }
        }
        try {
            return handler.handle(handler.requestType().cast(request), context);
        } catch (NacosException e) {
            return ErrorResponse.build(e);
        } catch (RuntimeException e) {
            LOG.warn("Failed to handle {} from {}", request.getClass().getSimpleName(), context.connectionId(), e);
            return ErrorResponse.build(e);
        }
    }

    private Optional<Refusal> refusal(Request request, boolean naming) {
        AtomicInteger typed = typedRefusals.get(request.getClass().getSimpleName());
        if ((typed != null && typed.getAndUpdate(left -> left > 0 ? left - 1 : 0) > 0)
                || (naming && refusals.getAndUpdate(left -> left > 0 ? left - 1 : 0) > 0)) {
            return Optional.of(new Refusal(NacosException.OVER_THRESHOLD, REFUSED_MESSAGE));
        }
        Optional<String> held = registrationHold.refusal(request);
        if (held.isPresent()) {
            return Optional.of(new Refusal(NacosException.OVER_THRESHOLD, held.get()));
        }
        Optional<String> denied = auth.refusal(request.getHeader(TOKEN_HEADER));
        if (denied.isPresent()) {
            return Optional.of(new Refusal(NacosException.NO_RIGHT, denied.get()));
        }
        return parameterCheck.apply(request).map(message -> new Refusal(NacosException.INVALID_PARAM, message));
    }

    private record Refusal(int code, String message) {}
}
