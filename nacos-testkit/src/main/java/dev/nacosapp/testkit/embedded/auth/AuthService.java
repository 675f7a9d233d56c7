package dev.nacosapp.testkit.embedded.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Nacos-style authentication: login hands out an access token with a time to live, and requests carrying no token
 * or an unknown or expired one are refused with the messages a Nacos server gives.
 *
 * <p>Two switches, as in Nacos 3.x: client auth (gRPC and the v1 open API) and admin auth (the v3 admin API). In
 * Nacos 2.x both follow one setting; a stock Nacos 3.0-3.2 has admin auth on and client auth off. Users are the
 * configured one, if any, plus the built-in admin {@code nacos} once its password is initialised (Nacos 2.4+ ships
 * without one). Tokens are opaque random strings, not the JWTs Nacos issues; clients treat them as opaque anyway.
 * Thread-safe.
 */
public final class AuthService {

    /** The message Nacos gives when a request carries no token. */
    public static final String NO_TOKEN = "user not found!";

    /** The message Nacos gives for a token it cannot verify. */
    public static final String INVALID_TOKEN = "token invalid!";

    /** The message Nacos gives for an expired token. */
    public static final String EXPIRED_TOKEN = "token expired!";

    /**
     * The login refusal of Nacos 2.x for a wrong user or password, and of Nacos 3.x for a user it does not know
     * (observed on a real 2.5.1 and 3.0.3).
     */
    public static final String LOGIN_REFUSED = "user not found!";

    /** The login refusal of Nacos 3.x for a known user with a wrong password (3.0.3's AbstractAuthenticationManager). */
    public static final String LOGIN_REFUSED_V3 = "User not found! Please check user exist or password is right!";

    /** The built-in admin user that admin initialisation creates. */
    public static final String ADMIN_USER = "nacos";

    private final boolean clientAuth;

    private final boolean adminAuth;

    private final Duration tokenTtl;

    private final LongSupplier clock;

    private final String configuredUser;

    private final Map<String, byte[]> users = new ConcurrentHashMap<>();

    private final Map<String, Long> tokens = new ConcurrentHashMap<>();

    private final SecureRandom random = new SecureRandom();

    private final LongAdder logins = new LongAdder();

    private final LongAdder expiredTokens = new LongAdder();

    private final LongAdder otherRefusals = new LongAdder();

    private AuthService(
            String username,
            String password,
            boolean clientAuth,
            boolean adminAuth,
            Duration tokenTtl,
            LongSupplier clock) {
        this.configuredUser = username;
        if (username != null) {
            users.put(username, password.getBytes(StandardCharsets.UTF_8));
        }
        this.clientAuth = clientAuth;
        this.adminAuth = adminAuth;
        this.tokenTtl = tokenTtl;
        this.clock = clock;
    }

    /**
     * Creates a service that accepts every request.
     *
     * @return a disabled service
     */
    public static AuthService disabled() {
        return new AuthService(null, null, false, false, Duration.ofHours(5), System::currentTimeMillis);
    }

    /**
     * Creates a service with one user that clients and admins must log in as, as in Nacos 2.x with auth on.
     *
     * @param username the user name
     * @param password the password
     * @param tokenTtl how long a token stays valid
     * @param clock milliseconds
     * @return an enabled service
     */
    public static AuthService withUser(String username, String password, Duration tokenTtl, LongSupplier clock) {
        return new AuthService(username, password, true, true, tokenTtl, clock);
    }

    /**
     * Creates a service with separate client and admin switches.
     *
     * @param username a user to create, or null for none (then only an initialised admin can log in)
     * @param password its password, or null
     * @param clientAuth whether gRPC and the v1 open API need a token
     * @param adminAuth whether the v3 admin API needs a token
     * @param tokenTtl how long a token stays valid
     * @param clock milliseconds
     * @return the service
     */
    public static AuthService of(
            String username,
            String password,
            boolean clientAuth,
            boolean adminAuth,
            Duration tokenTtl,
            LongSupplier clock) {
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException("auth needs both a username and a password");
        }
        return new AuthService(username, password, clientAuth, adminAuth, tokenTtl, clock);
    }

    /**
     * Tells whether clients must log in (gRPC, v1 open API).
     *
     * @return true when client auth is on
     */
    public boolean isEnabled() {
        return clientAuth;
    }

    /**
     * Tells whether the admin API needs a login.
     *
     * @return true when admin auth is on
     */
    public boolean isAdminEnabled() {
        return adminAuth;
    }

    /**
     * Tells whether login answers with a token at all; with every switch off Nacos answers an empty object.
     *
     * @return true when either switch is on
     */
    public boolean answersLogins() {
        return clientAuth || adminAuth;
    }

    /**
     * Sets the password of the built-in admin {@code nacos} unless an admin exists already, as Nacos'
     * {@code POST .../auth/user(s)/admin} does.
     *
     * @param password the password
     * @return true when set, false when an admin (the configured user or an initialised one) exists
     */
    public synchronized boolean initialiseAdmin(String password) {
        if (!users.isEmpty()) {
            return false;
        }
        users.put(ADMIN_USER, password.getBytes(StandardCharsets.UTF_8));
        return true;
    }

    /**
     * Checks credentials and hands out a token.
     *
     * @param user the user name sent
     * @param pass the password sent
     * @return a new token, or empty when the credentials are wrong
     */
    public Optional<String> login(String user, String pass) {
        if (user == null || pass == null) {
            return Optional.empty();
        }
        byte[] expected = users.get(user);
        if (expected == null || !MessageDigest.isEqual(expected, pass.getBytes(StandardCharsets.UTF_8))) {
            return Optional.empty();
        }
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        tokens.put(token, clock.getAsLong() + tokenTtl.toMillis());
        logins.increment();
        return Optional.of(token);
    }

    /**
     * Tells whether a user exists, for the login refusal message Nacos 3.x picks.
     *
     * @param user the user name sent, may be null
     * @return true when known
     */
    public boolean knows(String user) {
        return user != null && users.containsKey(user);
    }

    /**
     * Returns the token lifetime announced at login.
     *
     * @return seconds
     */
    public long tokenTtlSeconds() {
        return tokenTtl.toSeconds();
    }

    /**
     * Returns the configured user.
     *
     * @return the user name, or null
     */
    public String username() {
        return configuredUser;
    }

    /**
     * Checks the token of a client request (gRPC, v1 open API).
     *
     * @param token the token sent, may be null
     * @return the refusal message, or empty when the request may pass
     */
    public Optional<String> refusal(String token) {
        return clientAuth ? check(token) : Optional.empty();
    }

    /**
     * Checks the token of an admin API request.
     *
     * @param token the token sent, may be null
     * @return the refusal message, or empty when the request may pass
     */
    public Optional<String> adminRefusal(String token) {
        return adminAuth ? check(token) : Optional.empty();
    }

    /**
     * Counts what this service has seen since it was created: logins that handed out a token, and requests refused.
     *
     * @return the counts
     */
    public AuthStats stats() {
        return new AuthStats(logins.sum(), expiredTokens.sum(), otherRefusals.sum());
    }

    private Optional<String> check(String token) {
        Optional<String> refusal = refusalOf(token);
        if (refusal.isPresent()) {
            (refusal.get().equals(EXPIRED_TOKEN) ? expiredTokens : otherRefusals).increment();
        }
        return refusal;
    }

    private Optional<String> refusalOf(String token) {
        if (token == null || token.isBlank()) {
            return Optional.of(NO_TOKEN);
        }
        Long expiry = tokens.get(token);
        if (expiry == null) {
            return Optional.of(INVALID_TOKEN);
        }
        if (expiry < clock.getAsLong()) {
            // Keeps the token, so that every later use is counted as expired rather than unknown.
            return Optional.of(EXPIRED_TOKEN);
        }
        return Optional.empty();
    }
}
