package dev.nacosapp.testkit.embedded.http;

import dev.nacosapp.testkit.embedded.auth.AuthService;
import dev.nacosapp.testkit.model.NacosLine;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Login and admin initialisation, answered like the server line the embedded server plays: {@code POST
 * /nacos/v1/auth/users/login} (and the older {@code /nacos/v1/auth/login}), which nacos-client uses on both lines,
 * {@code POST /nacos/v3/auth/user/login}, and {@code POST /nacos/v1/auth/users/admin} /
 * {@code POST /nacos/v3/auth/user/admin}. Thread-safe.
 */
public final class AuthOpenApi {

    private final AuthService auth;

    private final NacosLine line;

    public AuthOpenApi(AuthService auth, NacosLine line) {
        this.auth = auth;
        this.line = line;
    }

    /**
     * Logs in.
     *
     * @param call the request with {@code username} and {@code password}
     * @return the token JSON, or 403 with the line's message ({@link AuthService#LOGIN_REFUSED} on 2.x; on 3.x the
     *     same for an unknown user and {@link AuthService#LOGIN_REFUSED_V3} for a wrong password), which
     *     nacos-client logs as a failed login instead of retrying in a loop
     */
    public HttpAnswer login(HttpCall call) {
        if (!auth.answersLogins()) {
            // Nacos with auth off still answers logins; the client then sends no token.
            return HttpAnswer.json(Map.of());
        }
        String user = call.param("username", null);
        Optional<String> token = auth.login(user, call.param("password", null));
        if (token.isEmpty()) {
            boolean wrongPassword = line == NacosLine.V3 && auth.knows(user);
            return HttpAnswer.text(403, wrongPassword ? AuthService.LOGIN_REFUSED_V3 : AuthService.LOGIN_REFUSED);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("accessToken", token.get());
        body.put("tokenTtl", auth.tokenTtlSeconds());
        body.put("globalAdmin", true);
        body.put("username", user);
        return HttpAnswer.json(body);
    }

    /**
     * Sets the built-in admin's password once, as a fresh Nacos 2.4+ or 3.x allows: 2.x answers the user
     * ({@code {"username":"nacos","password":...}}) or 409, 3.x wraps it as {@code {"code":0,"data":{...}}} or
     * answers code 409 "have admin user cannot use it.".
     *
     * @param call the request with {@code password}
     * @return the answer
     */
    public HttpAnswer initialiseAdmin(HttpCall call) {
        Optional<String> password = call.param("password");
        if (password.isEmpty()) {
            // Nacos generates a random password then; tests must know it, so one is required here.
            return HttpAnswer.text(400, "Required parameter 'password' is not present");
        }
        boolean set = auth.initialiseAdmin(password.get());
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("username", AuthService.ADMIN_USER);
        user.put("password", password.get());
        if (line == NacosLine.V3) {
            return set ? V3Result.ok(user) : V3Result.error(200, 409, "have admin user cannot use it.", null);
        }
        return set ? HttpAnswer.json(user) : HttpAnswer.text(409, "have admin user cannot use it.");
    }
}
