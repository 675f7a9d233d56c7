package dev.nacosapp.testkit.embedded.http;

import dev.nacosapp.testkit.model.NacosLine;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes HTTP requests to the open API handlers and answers on the channel, as the server line it plays.
 *
 * <p>As Nacos 2.x it answers the v1 API and 404 for every v3 path (which is how clients tell the lines apart). As
 * Nacos 3.0 it answers the v3 admin and client paths, still answers the v1 client paths nacos-client and old tools
 * use (instance and service list, configs, login), and answers the v1 admin and console paths with HTTP 410 and
 * the replacement, as a 3.0 with its compatibility switches at their defaults does.
 *
 * <p>Client auth guards the v1 naming and config paths and the v3 client paths; on 3.x admin auth guards the v3
 * admin paths (on 2.x one switch guards everything). Readiness, liveness, login and admin initialisation never need
 * a token. Requests are handled on the event loop: every handler only reads or updates in-memory state. Sharable
 * and thread-safe.
 */
@ChannelHandler.Sharable
public final class HttpRouter extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(HttpRouter.class);

    private static final String NAMING_PREFIX = "/nacos/v1/ns/";

    private static final String CONFIG_PREFIX = "/nacos/v1/cs/";

    private static final String CONSOLE_PREFIX = "/nacos/v1/console/namespaces";

    private static final String V3_ADMIN_PREFIX = "/nacos/v3/admin/";

    private static final String V3_STATE_PREFIX = "/nacos/v3/admin/core/state/";

    private static final String V3_CLIENT_PREFIX = "/nacos/v3/client/";

    private static final String BEARER = "Bearer ";

    private static final String ADMIN_SWITCH = "nacos.core.api.compatibility.admin.enabled";

    private static final String CONSOLE_SWITCH = "nacos.core.api.compatibility.console.enabled";

    private static final Set<String> LOGIN_ROUTES =
            Set.of("POST /nacos/v1/auth/users/login", "POST /nacos/v1/auth/login");

    // What Nacos 3.0.3 refuses with 410 ("@Compatibility" admin and console APIs), and what it names instead.
    private static final Map<String, String[]> GONE_IN_V3 = Map.of(
            "GET /nacos/v1/console/health/readiness",
                    new String[] {"GET ${contextPath:nacos}/v3/admin/core/state/readiness", CONSOLE_SWITCH},
            "GET /nacos/v1/console/health/liveness",
                    new String[] {"GET ${contextPath:nacos}/v3/admin/core/state/liveness", CONSOLE_SWITCH},
            "PUT /nacos/v1/ns/instance", new String[] {"PUT ${contextPath:nacos}/v3/admin/ns/instance", ADMIN_SWITCH},
            "GET /nacos/v1/console/namespaces",
                    new String[] {"GET ${contextPath:nacos}/v3/admin/core/namespace/list", CONSOLE_SWITCH},
            "POST /nacos/v1/console/namespaces",
                    new String[] {"POST ${contextPath:nacos}/v3/admin/core/namespace", CONSOLE_SWITCH},
            "POST /nacos/v1/auth/users/admin",
                    new String[] {"POST ${contextPath:nacos}/v3/auth/user/admin", CONSOLE_SWITCH});

    private final HttpApis apis;

    /**
     * Creates the router.
     *
     * @param apis what requests are dispatched to, and the line
     */
    public HttpRouter(HttpApis apis) {
        this.apis = apis;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        HttpAnswer answer;
        try {
            answer = route(toCall(request));
        } catch (RuntimeException e) {
            LOG.warn("HTTP {} {} failed", request.method(), new QueryStringDecoder(request.uri()).path(), e);
            answer = HttpAnswer.text(500, "caused: " + e.getMessage());
        }
        write(ctx, request, answer);
    }

    private HttpAnswer route(HttpCall call) {
        String path = call.path();
        String route = call.method() + " " + path;
        if ((path.startsWith("/nacos/v1/") || path.startsWith("/nacos/v2/")) && !LOGIN_ROUTES.contains(route)) {
            apis.legacyCalls().increment();
        }
        boolean v3 = apis.line() == NacosLine.V3;
        if (v3 && GONE_IN_V3.containsKey(route)) {
            return gone(GONE_IN_V3.get(route));
        }
        Optional<String> refusal = refusal(path, call.accessToken());
        if (refusal.isPresent()) {
            return HttpAnswer.text(403, refusal.get());
        }
        HttpAnswer common =
                switch (route) {
                    case "GET /nacos/v1/console/health/readiness", "GET /nacos/v1/console/health/liveness" ->
                        HttpAnswer.text(200, "OK");
                    case "GET /nacos/v1/ns/instance/list" -> apis.naming().listInstances(call);
                    case "GET /nacos/v1/ns/service/list" -> apis.naming().listServices(call);
                    case "PUT /nacos/v1/ns/instance" -> apis.naming().updateInstance(call);
                    case "GET /nacos/v1/cs/configs" -> apis.config().get(call);
                    case "POST /nacos/v1/cs/configs" -> apis.config().publish(call);
                    case "DELETE /nacos/v1/cs/configs" -> apis.config().delete(call);
                    case "POST /nacos/v1/auth/users/login", "POST /nacos/v1/auth/login" ->
                        apis.login().login(call);
                    case "POST /nacos/v1/auth/users/admin" -> apis.login().initialiseAdmin(call);
                    case "GET /nacos/v1/console/namespaces" -> apis.namespaces().listV1(call);
                    case "POST /nacos/v1/console/namespaces" ->
                        apis.namespaces().createV1(call);
                    default -> null;
                };
        if (common != null) {
            return common;
        }
        HttpAnswer answer = v3 ? routeV3(route, call) : null;
        return answer != null
                ? answer
                : HttpAnswer.text(404, "No endpoint " + route + " in the embedded Nacos server (" + apis.line() + ")");
    }

    private HttpAnswer routeV3(String route, HttpCall call) {
        return switch (route) {
            case "GET /nacos/v3/admin/core/state/readiness", "GET /nacos/v3/admin/core/state/liveness" ->
                V3Result.ok("ok");
            case "GET /nacos/v3/admin/ns/instance/list" -> apis.namingV3().listInstances(call);
            case "GET /nacos/v3/admin/ns/service" -> apis.namingV3().serviceDetail(call);
            case "PUT /nacos/v3/admin/ns/instance" -> apis.namingV3().updateInstance(call);
            case "GET /nacos/v3/admin/ns/service/list" -> apis.namingV3().listServices(call);
            case "GET /nacos/v3/client/ns/instance/list" -> apis.namingV3().listClientInstances(call);
            case "POST /nacos/v3/admin/core/namespace" -> apis.namespaces().createV3(call);
            case "GET /nacos/v3/admin/core/namespace/list" -> apis.namespaces().listV3(call);
            case "GET /nacos/v3/admin/cs/config" -> apis.config().getV3(call);
            case "POST /nacos/v3/admin/cs/config" -> apis.config().publishV3(call);
            case "DELETE /nacos/v3/admin/cs/config" -> apis.config().deleteV3(call);
            case "POST /nacos/v3/auth/user/login" -> apis.login().login(call);
            case "POST /nacos/v3/auth/user/admin" -> apis.login().initialiseAdmin(call);
            default -> null;
        };
    }

    private Optional<String> refusal(String path, String token) {
        if (path.startsWith(NAMING_PREFIX)
                || path.startsWith(CONFIG_PREFIX)
                || path.startsWith(CONSOLE_PREFIX)
                || path.startsWith(V3_CLIENT_PREFIX)) {
            return apis.auth().refusal(token);
        }
        if (path.startsWith(V3_ADMIN_PREFIX) && !path.startsWith(V3_STATE_PREFIX)) {
            return apis.auth().adminRefusal(token);
        }
        return Optional.empty();
    }

    // The body of 3.0.3's ApiCompatibilityFilter.responseReject.
    private static HttpAnswer gone(String[] replacement) {
        return V3Result.error(
                410,
                V3Result.API_DEPRECATED,
                "Current API will be deprecated, please use API(s) `" + replacement[0] + "` instead, or set `"
                        + replacement[1] + "=true` in application.properties.",
                null);
    }

    private static HttpCall toCall(FullHttpRequest request) {
        QueryStringDecoder query = new QueryStringDecoder(request.uri(), StandardCharsets.UTF_8);
        Map<String, String> params = new HashMap<>();
        String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
        if (request.content().isReadable()
                && (contentType.isEmpty()
                        || contentType.startsWith(HttpHeaderValues.APPLICATION_X_WWW_FORM_URLENCODED.toString()))) {
            String body = request.content().toString(StandardCharsets.UTF_8);
            putFirst(params, new QueryStringDecoder(body, StandardCharsets.UTF_8, false).parameters());
        }
        putFirst(params, query.parameters());
        return new HttpCall(request.method().name(), query.path(), params, token(request, params));
    }

    private static void putFirst(Map<String, String> target, Map<String, List<String>> source) {
        source.forEach((name, values) -> {
            if (!values.isEmpty()) {
                target.put(name, values.get(0));
            }
        });
    }

    private static String token(FullHttpRequest request, Map<String, String> params) {
        String token = params.get("accessToken");
        if (token == null) {
            token = request.headers().get("accessToken");
        }
        String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (token == null && authorization != null && authorization.startsWith(BEARER)) {
            token = authorization.substring(BEARER.length());
        }
        return token;
    }

    private static void write(ChannelHandlerContext ctx, FullHttpRequest request, HttpAnswer answer) {
        ByteBuf content = Unpooled.copiedBuffer(answer.body(), StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(
                request.protocolVersion(), HttpResponseStatus.valueOf(answer.status()), content);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, answer.contentType())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (keepAlive) {
            HttpUtil.setKeepAlive(response, true);
            ctx.writeAndFlush(response);
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
