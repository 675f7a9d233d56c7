package dev.nacosapp.testkit.http;

import dev.nacosapp.testkit.model.NacosCredentials;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Sends form and query requests to one Nacos server, never through a proxy, and keeps one login session per set
 * of credentials: the token is fetched on first use, sent as {@code accessToken}, and renewed once on a 403.
 * Thread-safe.
 */
final class HttpExchange {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private static final Duration POLL = Duration.ofMillis(200);

    private final String baseUrl;

    private final HttpClient client;

    HttpExchange(String serverAddr) {
        this.baseUrl = "http://" + serverAddr;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .proxy(HttpClient.Builder.NO_PROXY)
                .connectTimeout(Duration.ofSeconds(3))
                .build();
    }

    String baseUrl() {
        return baseUrl;
    }

    /** A login session: credentials (or none), the path to log in at, and the current token. */
    final class Session {

        private final NacosCredentials credentials;

        private final String loginPath;

        private volatile String token;

        Session(NacosCredentials credentials, String loginPath) {
            this.credentials = credentials;
            this.loginPath = loginPath;
        }

        boolean hasCredentials() {
            return credentials != null;
        }

        String username() {
            return credentials == null ? null : credentials.username();
        }

        String login() {
            if (credentials == null) {
                throw new NacosHttpException("No credentials configured for " + baseUrl, 0, "", null);
            }
            Map<String, String> form = new LinkedHashMap<>();
            form.put("username", credentials.username());
            form.put("password", credentials.password());
            HttpResponse<String> response = send(build("POST", loginPath, form));
            if (response.statusCode() != 200) {
                throw new NacosHttpException(
                        "Login as " + credentials.username() + " at " + baseUrl + loginPath,
                        response.statusCode(),
                        response.body(),
                        null);
            }
            String fresh = Json.parse(response.body()).path("accessToken").asText("");
            token = fresh;
            return fresh;
        }

        HttpResponse<String> exchange(String method, String path, Map<String, String> params) {
            if (credentials != null && token == null) {
                login();
            }
            HttpResponse<String> response = send(build(method, path, withToken(params)));
            if (response.statusCode() == 403 && credentials != null) {
                login();
                response = send(build(method, path, withToken(params)));
            }
            return response;
        }

        private Map<String, String> withToken(Map<String, String> params) {
            Map<String, String> all = new LinkedHashMap<>(params);
            String current = token;
            if (current != null && !current.isEmpty()) {
                all.put("accessToken", current);
            }
            return all;
        }
    }

    HttpResponse<String> unauthenticated(String method, String path, Map<String, String> params) {
        return send(build(method, path, params));
    }

    private HttpRequest build(String method, String path, Map<String, String> params) {
        if ("GET".equals(method) || "DELETE".equals(method)) {
            String suffix = params.isEmpty() ? "" : "?" + encode(params);
            return HttpRequest.newBuilder(URI.create(baseUrl + path + suffix))
                    .timeout(CALL_TIMEOUT)
                    .method(method, HttpRequest.BodyPublishers.noBody())
                    .build();
        }
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(CALL_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .method(method, HttpRequest.BodyPublishers.ofString(encode(params)))
                .build();
    }

    // Messages name method and path only: the query may carry a token or a password.
    private HttpResponse<String> send(HttpRequest request) {
        String what = request.method() + " " + baseUrl + request.uri().getPath();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new NacosHttpException(what + " failed: " + e, 0, "", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NacosHttpException(what + " interrupted", 0, "", e);
        }
    }

    private static String encode(Map<String, String> params) {
        StringJoiner joiner = new StringJoiner("&");
        params.forEach((k, v) -> joiner.add(
                URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return joiner.toString();
    }

    // A polling pause between HTTP probes of a remote server, not a synchronisation with this process.
    static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NacosHttpException("Interrupted waiting for Nacos", 0, "", e);
        }
    }
}
