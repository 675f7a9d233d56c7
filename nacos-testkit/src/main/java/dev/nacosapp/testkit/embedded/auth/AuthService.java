package dev.nacosapp.testkit.embedded.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Nacos-style authentication with one user: login hands out an access token with a time to live, and requests
 * carrying no token or an unknown or expired one are refused with the messages a Nacos server gives.
 *
 * <p>Tokens are opaque random strings, not the JWTs Nacos issues; clients treat them as opaque anyway. A disabled
 * service accepts everything. Thread-safe.
 */
public final class AuthService {

    /** The message Nacos gives when a request carries no token. */
    public static final String NO_TOKEN = "user not found!";

    /** The message Nacos gives for a token it cannot verify. */
    public static final String INVALID_TOKEN = "token invalid!";

    /** The message Nacos gives for an expired token. */
    public static final String EXPIRED_TOKEN = "token expired!";

    /** The message Nacos gives at login for a wrong user name or password. */
    public static final String UNKNOWN_USER = "unknown user!";

    private final String username;

    private final byte[] password;

    private final Duration tokenTtl;

    private final LongSupplier clock;

    private final Map<String, Long> tokens = new ConcurrentHashMap<>();

    private final SecureRandom random = new SecureRandom();

    private AuthService(String username, String password, Duration tokenTtl, LongSupplier clock) {
        this.username = username;
        this.password = password == null ? null : password.getBytes(StandardCharsets.UTF_8);
        this.tokenTtl = tokenTtl;
        this.clock = clock;
    }

    /**
     * Creates a service that accepts every request.
     *
     * @return a disabled service
     */
    public static AuthService disabled() {
        return new AuthService(null, null, Duration.ZERO, System::currentTimeMillis);
    }

    /**
     * Creates a service with one user.
     *
     * @param username the user name
     * @param password the password
     * @param tokenTtl how long a token stays valid
     * @param clock milliseconds
     * @return an enabled service
     */
    public static AuthService withUser(String username, String password, Duration tokenTtl, LongSupplier clock) {
        return new AuthService(username, password, tokenTtl, clock);
    }

    public boolean isEnabled() {
        return username != null;
    }

    /**
     * Checks credentials and hands out a token.
     *
     * @param user the user name sent
     * @param pass the password sent
     * @return a new token, or empty when the credentials are wrong
     */
    public Optional<String> login(String user, String pass) {
        if (!isEnabled() || user == null || pass == null) {
            return Optional.empty();
        }
        boolean ok = username.equals(user) && MessageDigest.isEqual(password, pass.getBytes(StandardCharsets.UTF_8));
        if (!ok) {
            return Optional.empty();
        }
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        tokens.put(token, clock.getAsLong() + tokenTtl.toMillis());
        return Optional.of(token);
    }

    /**
     * Returns the token lifetime announced at login.
     *
     * @return seconds
     */
    public long tokenTtlSeconds() {
        return tokenTtl.toSeconds();
    }

    public String username() {
        return username;
    }

    /**
     * Checks a token.
     *
     * @param token the token sent, may be null
     * @return the refusal message, or empty when the request may pass
     */
    public Optional<String> refusal(String token) {
        if (!isEnabled()) {
            return Optional.empty();
        }
        if (token == null || token.isBlank()) {
            return Optional.of(NO_TOKEN);
        }
        Long expiry = tokens.get(token);
        if (expiry == null) {
            return Optional.of(INVALID_TOKEN);
        }
        if (expiry < clock.getAsLong()) {
            tokens.remove(token);
            return Optional.of(EXPIRED_TOKEN);
        }
        return Optional.empty();
    }
}
