package dev.nacosapp.testkit;

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
 * </table>
 *
 * <p>Immutable and thread-safe.
 *
 * @param kind the target kind
 * @param address the external server's {@code host:port}, null unless {@code external}
 * @param image the container image
 * @param credentials the user, or null for no auth
 */
public record NacosTargetConfig(Kind kind, String address, String image, NacosCredentials credentials) {

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
        return new NacosTargetConfig(Kind.EMBEDDED, null, DEFAULT_IMAGE, null);
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
        Optional<String> username = value(settings, USERNAME);
        Optional<String> password = value(settings, PASSWORD);
        if (username.isPresent() != password.isPresent()) {
            throw new IllegalArgumentException("Set both " + USERNAME + " and " + PASSWORD + " or neither; only "
                    + (username.isPresent() ? USERNAME : PASSWORD) + " is set");
        }
        NacosCredentials credentials =
                username.map(user -> new NacosCredentials(user, password.get())).orElse(null);
        return new NacosTargetConfig(kind, address, image, credentials);
    }

    /**
     * Returns the credentials.
     *
     * @return the user, or empty for no auth
     */
    public Optional<NacosCredentials> auth() {
        return Optional.ofNullable(credentials);
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
