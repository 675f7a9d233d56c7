package dev.nacosapp.testkit.embedded.http;

import dev.nacosapp.testkit.embedded.auth.AuthService;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /nacos/v1/auth/users/login} (and the older {@code /nacos/v1/auth/login}): exchanges user name and
 * password for an access token, answering like Nacos so nacos-client's login works unchanged. Thread-safe.
 */
public final class AuthOpenApi {

    private final AuthService auth;

    public AuthOpenApi(AuthService auth) {
        this.auth = auth;
    }

    /**
     * Logs in.
     *
     * @param call the request with {@code username} and {@code password}
     * @return the token JSON, or 403 {@code unknown user!} like Nacos, which nacos-client logs as a failed login
     *     instead of retrying in a loop
     */
    public HttpAnswer login(HttpCall call) {
        if (!auth.isEnabled()) {
            // Nacos with auth off still answers logins; the client then sends no token.
            return HttpAnswer.json(Map.of());
        }
        Optional<String> token = auth.login(call.param("username", null), call.param("password", null));
        if (token.isEmpty()) {
            return HttpAnswer.text(403, AuthService.UNKNOWN_USER);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("accessToken", token.get());
        body.put("tokenTtl", auth.tokenTtlSeconds());
        body.put("globalAdmin", true);
        body.put("username", auth.username());
        return HttpAnswer.json(body);
    }
}
