package dev.nacosapp.testkit.embedded;

import dev.nacosapp.testkit.model.NacosLine;
import dev.nacosapp.testkit.tls.ServerTls;
import java.time.Duration;
import java.util.Objects;

/**
 * The settings of an embedded server, fixed when it is built. Immutable and thread-safe.
 *
 * @param port the HTTP port; gRPC listens on {@code port + 1000}; 0 picks a free pair
 * @param metadataLimit the largest total metadata length of an instance, in characters
 * @param username the user clients must log in as, or null for no authentication
 * @param password the user's password, or null
 * @param pushDelay how long changes to a service are merged before they are pushed
 * @param pushAckTimeout how long a push may stay unacknowledged before it counts as failed
 * @param pushRetryDelay how long after a failed push it is retried
 * @param emptyServiceRetention how long a service without instances stays listed
 * @param tokenTtl how long an access token stays valid
 * @param registrationHoldAfterRestart how long after a restart instance registrations are refused, zero for not at
 *     all (changeable later through the server)
 * @param line the server line whose HTTP API the server answers
 * @param adminAuth whether the admin API needs a login; on 2.x it follows {@code username} (one switch, as in Nacos
 *     2.x), on 3.x it is separate, as in Nacos 3
 * @param tls how the gRPC port is secured, or null for plaintext
 */
public record ServerSettings(
        int port,
        int metadataLimit,
        String username,
        String password,
        Duration pushDelay,
        Duration pushAckTimeout,
        Duration pushRetryDelay,
        Duration emptyServiceRetention,
        Duration tokenTtl,
        Duration registrationHoldAfterRestart,
        NacosLine line,
        boolean adminAuth,
        ServerTls tls) {

    /** The offset nacos-client adds to the HTTP port to find gRPC. */
    public static final int GRPC_PORT_OFFSET = 1000;

    public ServerSettings {
        if (port < 0 || port + GRPC_PORT_OFFSET > 65535) {
            throw new IllegalArgumentException("port must be 0 or between 1 and " + (65535 - GRPC_PORT_OFFSET)
                    + " (gRPC listens on port + " + GRPC_PORT_OFFSET + "), was " + port);
        }
        if (metadataLimit < 0) {
            throw new IllegalArgumentException("metadataLimit must not be negative, was " + metadataLimit);
        }
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException("auth needs both a username and a password");
        }
        requireNotNegative(pushDelay, "pushDelay");
        requirePositive(pushAckTimeout, "pushAckTimeout");
        requireNotNegative(pushRetryDelay, "pushRetryDelay");
        requireNotNegative(emptyServiceRetention, "emptyServiceRetention");
        requirePositive(tokenTtl, "tokenTtl");
        requireNotNegative(registrationHoldAfterRestart, "registrationHoldAfterRestart");
        Objects.requireNonNull(line, "line");
        if (line == NacosLine.V2) {
            adminAuth = username != null;
        }
    }

    /**
     * Tells whether clients must log in.
     *
     * @return true when a user is configured
     */
    public boolean authEnabled() {
        return username != null;
    }

    private static void requireNotNegative(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + value);
        }
    }

    private static void requirePositive(Duration value, String name) {
        requireNotNegative(value, name);
        if (value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
