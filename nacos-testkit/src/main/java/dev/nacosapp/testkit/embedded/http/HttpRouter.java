package dev.nacosapp.testkit.embedded.http;

import dev.nacosapp.testkit.embedded.auth.AuthService;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes HTTP requests to the open API handlers and answers on the channel.
 *
 * <p>When auth is on, the naming and config endpoints need a valid token, as in Nacos; readiness and login never do. Requests
 * are handled on the event loop: every handler only reads or updates the in-memory store. Sharable and
 * thread-safe.
 */
@ChannelHandler.Sharable
public final class HttpRouter extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(HttpRouter.class);

    private static final String NAMING_PREFIX = "/nacos/v1/ns/";

    private static final String CONFIG_PREFIX = "/nacos/v1/cs/";

    private static final String BEARER = "Bearer ";

    private final NamingOpenApi naming;

    private final ConfigOpenApi config;

    private final AuthOpenApi login;

    private final AuthService auth;

    /**
     * Creates the router.
     *
     * @param naming the naming endpoints
     * @param config the config endpoints
     * @param login the login endpoint
     * @param auth token checks
     */
    public HttpRouter(NamingOpenApi naming, ConfigOpenApi config, AuthOpenApi login, AuthService auth) {
        this.naming = naming;
        this.config = config;
        this.login = login;
        this.auth = auth;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        HttpAnswer answer;
        try {
            answer = route(toCall(request));
        } catch (RuntimeException e) {
            LOG.warn("HTTP {} {} failed", request.method(), request.uri(), e);
            answer = HttpAnswer.text(500, "caused: " + e.getMessage());
        }
        write(ctx, request, answer);
    }

    private HttpAnswer route(HttpCall call) {
        String route = call.method() + " " + call.path();
        if (call.path().startsWith(NAMING_PREFIX) || call.path().startsWith(CONFIG_PREFIX)) {
            Optional<String> refusal = auth.refusal(call.accessToken());
            if (refusal.isPresent()) {
                return HttpAnswer.text(403, refusal.get());
            }
        }
        return switch (route) {
            case "GET /nacos/v1/console/health/readiness", "GET /nacos/v1/console/health/liveness" ->
                HttpAnswer.text(200, "OK");
            case "GET /nacos/v1/ns/instance/list" -> naming.listInstances(call);
            case "GET /nacos/v1/ns/service/list" -> naming.listServices(call);
            case "PUT /nacos/v1/ns/instance" -> naming.updateInstance(call);
            case "GET /nacos/v1/cs/configs" -> config.get(call);
            case "POST /nacos/v1/cs/configs" -> config.publish(call);
            case "DELETE /nacos/v1/cs/configs" -> config.delete(call);
            case "POST /nacos/v1/auth/users/login", "POST /nacos/v1/auth/login" -> login.login(call);
            default -> HttpAnswer.text(404, "No endpoint " + route + " in the embedded Nacos server");
        };
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
