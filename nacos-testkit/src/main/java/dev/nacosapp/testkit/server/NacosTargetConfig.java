package dev.nacosapp.testkit.server;

import dev.nacosapp.testkit.embedded.EmbeddedNacosServer;
import dev.nacosapp.testkit.model.NacosCredentials;
import dev.nacosapp.testkit.model.NacosLine;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which Nacos target end-to-end tests run against, read once from settings (JUnit configuration parameters or
 * system properties) and validated.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code nacos.target}</td><td>{@code embedded}</td>
 *       <td>{@code embedded}, {@code container} or {@code external}</td></tr>
 *   <tr><td>{@code nacos.addr}</td><td>none</td>
 *       <td>{@code host:port} of the external server's HTTP port; required for {@code external}</td></tr>
 *   <tr><td>{@code nacos.image}</td><td>{@code nacos/nacos-server:v2.5.1}</td>
 *       <td>the image for {@code container}</td></tr>
 *   <tr><td>{@code nacos.username}, {@code nacos.password}</td><td>none</td>
 *       <td>turn auth on (embedded, container) or log in (external); both or neither</td></tr>
 *   <tr><td>{@code nacos.admin.username}, {@code nacos.admin.password}</td><td>none</td>
 *       <td>the user for a 3.x server's admin API, which needs a login even with client auth off: the password
 *       the harness initialises (embedded 3.x, container 3.x; user {@code nacos}), or logs in with (external);
 *       both or neither. Without them the harness uses {@code nacos.username}/{@code nacos.password}, or
 *       initialises a random admin password it keeps to itself</td></tr>
 *   <tr><td>{@code nacos.embedded.line}</td><td>{@code 2.x}</td>
 *       <td>which server line the embedded server plays: {@code 2.x} or {@code 3.x}</td></tr>
 * </table>
 *
 * <p>Immutable and thread-safe.
 *
 * @param kind the target kind
 * @param address the external server's {@code host:port}, null unless {@code external}
 * @param image the container image
 * @param credentials the user, or null for no auth
 * @param adminCredentials the 3.x admin API's user, or null
 * @param embeddedLine the line the embedded server plays
 */
public record NacosTargetConfig(
        Kind kind,
        String address,
        String image,
        NacosCredentials credentials,
        NacosCredentials adminCredentials,
        NacosLine embeddedLine) {

    /** Selects the target. */
    public static final String TARGET = "nacos.target";

    /** The external server's address. */
    public static final String ADDR = "nacos.addr";

    /** The container image. */
    public static final String IMAGE = "nacos.image";

    /** The user name for auth. */
    public static final String USERNAME = "nacos.username";

    /** The password for auth. */
    public static final String PASSWORD = "nacos.password";

    /** The user name for a 3.x server's admin API. */
    public static final String ADMIN_USERNAME = "nacos.admin.username";

    /** The password for a 3.x server's admin API. */
    public static final String ADMIN_PASSWORD = "nacos.admin.password";

    /** The line the embedded server plays. */
    public static final String EMBEDDED_LINE = "nacos.embedded.line";

    /** The image the container target uses by default. */
    public static final String DEFAULT_IMAGE = "nacos/nacos-server:v2.5.1";

    /** The kinds of target. */
    public enum Kind {
        /** The {@link EmbeddedNacosServer}, in the test's JVM. */
        EMBEDDED,
        /** A {@code nacos/nacos-server} container; needs Docker. */
        CONTAINER,
        /** A Nacos server or cluster that runs already, at {@code nacos.addr}. */
        EXTERNAL;

        /**
         * Returns the name used in settings.
         *
         * @return the lower-case name
         */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public NacosTargetConfig {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(embeddedLine, "embeddedLine");
        if (kind == Kind.EXTERNAL) {
            Objects.requireNonNull(address, "address");
        }
    }

    /**
     * Returns the default: the embedded server without auth.
     *
     * @return the default configuration
     */
    public static NacosTargetConfig embedded() {
        return new NacosTargetConfig(Kind.EMBEDDED, null, DEFAULT_IMAGE, null, null, NacosLine.V2);
    }

    /**
     * Reads the configuration from the JVM's system properties.
     *
     * @return the configuration
     * @throws IllegalArgumentException naming the key, its value and what is allowed
     */
    public static NacosTargetConfig fromSystemProperties() {
        return from(key -> Optional.ofNullable(System.getProperty(key)));
    }

    /**
     * Reads the configuration from any source of settings.
     *
     * @param settings looks a key up
     * @return the configuration
     * @throws IllegalArgumentException naming the key, its value and what is allowed
     */
    public static NacosTargetConfig from(Function<String, Optional<String>> settings) {
        String kindValue = value(settings, TARGET).orElse(Kind.EMBEDDED.id());
        Kind kind = parseKind(kindValue);
        String address = null;
        if (kind == Kind.EXTERNAL) {
            address = value(settings, ADDR)
                    .orElseThrow(() -> new IllegalArgumentException(TARGET + "=external needs " + ADDR
                            + "=host:port, the HTTP address of a running Nacos server (for example -D" + ADDR
                            + "=127.0.0.1:8848)"));
            validateAddress(address);
        }
        String image = value(settings, IMAGE).orElse(DEFAULT_IMAGE);
        NacosCredentials credentials = credentials(settings, USERNAME, PASSWORD);
        NacosCredentials adminCredentials = credentials(settings, ADMIN_USERNAME, ADMIN_PASSWORD);
        NacosLine line = value(settings, EMBEDDED_LINE)
                .map(v -> NacosLine.parse(EMBEDDED_LINE, v))
                .orElse(NacosLine.V2);
        return new NacosTargetConfig(kind, address, image, credentials, adminCredentials, line);
    }

    private static NacosCredentials credentials(
            Function<String, Optional<String>> settings, String userKey, String passwordKey) {
        Optional<String> username = value(settings, userKey);
        Optional<String> password = value(settings, passwordKey);
        if (username.isPresent() != password.isPresent()) {
            throw new IllegalArgumentException("Set both " + userKey + " and " + passwordKey + " or neither; only "
                    + (username.isPresent() ? userKey : passwordKey) + " is set");
        }
        return username.map(user -> new NacosCredentials(user, password.get())).orElse(null);
    }

    /**
     * Returns the credentials.
     *
     * @return the user, or empty for no auth
     */
    public Optional<NacosCredentials> auth() {
        return Optional.ofNullable(credentials);
    }

    /**
     * Returns the credentials for a 3.x server's admin API.
     *
     * @return the user, or empty when none is set
     */
    public Optional<NacosCredentials> admin() {
        return Optional.ofNullable(adminCredentials);
    }

    private static Kind parseKind(String value) {
        for (Kind each : Kind.values()) {
            if (each.id().equalsIgnoreCase(value)) {
                return each;
            }
        }
        throw new IllegalArgumentException(TARGET + "='" + value + "' is not one of embedded, container, external");
    }

    private static void validateAddress(String address) {
        int colon = address.lastIndexOf(':');
        String problem = null;
        if (colon <= 0 || colon == address.length() - 1) {
            problem = "it has no host:port form";
        } else {
            try {
                int port = Integer.parseInt(address.substring(colon + 1));
                if (port < 1 || port > 65535 - 1000) {
                    problem = "port " + port + " is out of range (the gRPC port + 1000 must exist)";
                }
            } catch (NumberFormatException e) {
                problem = "'" + address.substring(colon + 1) + "' is not a port number";
            }
        }
        if (problem != null) {
            throw new IllegalArgumentException(ADDR + "='" + address + "' is malformed: " + problem
                    + "; expected host:port of the server's HTTP port, for example 127.0.0.1:8848");
        }
    }

    private static Optional<String> value(Function<String, Optional<String>> settings, String key) {
        return settings.apply(key).map(String::trim).filter(v -> !v.isEmpty());
    }
}
