package dev.nacosapp.testkit.server;

import dev.nacosapp.testkit.embedded.EmbeddedNacosServer;
import dev.nacosapp.testkit.embedded.EmbeddedNacosServerBuilder;
import dev.nacosapp.testkit.http.NacosHttpClients;
import dev.nacosapp.testkit.http.NacosHttpException;
import dev.nacosapp.testkit.model.NacosCredentials;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import org.junit.jupiter.api.Assumptions;

/**
 * Starts {@link NacosTarget}s: the one a {@link NacosTargetConfig} selects, or a target around a server or address
 * the caller already has. Stateless and thread-safe.
 */
public final class NacosTargets {

    private static final Duration EXTERNAL_READY_TIMEOUT = Duration.ofSeconds(10);

    private static final String ADMIN_USER = "nacos";

    private static final SecureRandom RANDOM = new SecureRandom();

    private NacosTargets() {}

    /**
     * Starts the selected target and waits until it is ready.
     *
     * @param config the selection
     * @return the target; close it to stop what was started
     * @throws org.opentest4j.TestAbortedException for {@code container} without Docker, Testcontainers or the image
     * @throws IllegalStateException for an {@code external} server that does not answer readiness
     */
    public static NacosTarget start(NacosTargetConfig config) {
        return switch (config.kind()) {
            case EMBEDDED -> startEmbedded(config);
            case CONTAINER -> startContainer(config);
            case EXTERNAL -> startExternal(config);
        };
    }

    /**
     * Wraps a running embedded server; closing the target leaves the server running.
     *
     * @param server a started server
     * @return the target
     */
    public static NacosTarget of(EmbeddedNacosServer server) {
        Objects.requireNonNull(server, "server");
        NacosCredentials admin =
                server.username() == null ? null : new NacosCredentials(server.username(), server.password());
        return new EmbeddedTarget(server, false, admin);
    }

    /**
     * Targets a server that runs already, without checking it.
     *
     * @param serverAddr {@code host:port} of its HTTP port
     * @param credentials the user, or null for no auth
     * @return the target
     */
    public static NacosTarget external(String serverAddr, NacosCredentials credentials) {
        return external(serverAddr, credentials, null);
    }

    /**
     * Targets a server that runs already, without checking it, with separate credentials for a 3.x server's admin
     * API.
     *
     * @param serverAddr {@code host:port} of its HTTP port
     * @param credentials the client user, or null for no client auth
     * @param adminCredentials the admin API's user, or null to use {@code credentials}
     * @return the target
     */
    public static NacosTarget external(
            String serverAddr, NacosCredentials credentials, NacosCredentials adminCredentials) {
        return new ExternalTarget(Objects.requireNonNull(serverAddr, "serverAddr"), credentials, adminCredentials);
    }

    private static NacosTarget startEmbedded(NacosTargetConfig config) {
        EmbeddedNacosServerBuilder builder = EmbeddedNacosServer.builder().line(config.embeddedLine());
        config.auth().ifPresent(c -> builder.auth(c.username(), c.password()));
        EmbeddedNacosServer server = builder.build().start();
        try {
            NacosCredentials admin = config.auth().orElse(null);
            if (server.adminAuthEnabled() && admin == null) {
                // A fresh 3.x server has no admin password: set it, as an operator (or NacosContainer) does.
                admin = config.admin().orElseGet(() -> new NacosCredentials(ADMIN_USER, randomPassword()));
                if (!ADMIN_USER.equals(admin.username())) {
                    throw new IllegalArgumentException(NacosTargetConfig.ADMIN_USERNAME + "='" + admin.username()
                            + "' cannot be initialised on the embedded 3.x server: only the built-in admin '"
                            + ADMIN_USER + "' can (or set " + NacosTargetConfig.USERNAME + " to create a user)");
                }
                NacosHttpClients.create(server.serverAddr()).initialiseAdmin(admin.password());
            }
            return new EmbeddedTarget(server, true, admin);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    static String randomPassword() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static NacosTarget startExternal(NacosTargetConfig config) {
        ExternalTarget target = new ExternalTarget(
                config.address(), config.credentials(), config.admin().orElse(null));
        try {
            target.http().awaitReady(EXTERNAL_READY_TIMEOUT);
        } catch (NacosHttpException e) {
            throw new IllegalStateException(
                    NacosTargetConfig.ADDR + "=" + config.address() + " does not answer readiness ("
                            + "/nacos/v3/admin/core/state/readiness on 3.x, /nacos/v1/console/health/readiness on "
                            + "2.x); is a Nacos server running there?",
                    e);
        }
        return target;
    }

    private static NacosTarget startContainer(NacosTargetConfig config) {
        try {
            Class.forName("org.testcontainers.DockerClientFactory", false, NacosTargets.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            Assumptions.abort(NacosTargetConfig.TARGET
                    + "=container needs org.testcontainers:testcontainers on the test classpath");
        }
        // ContainerNacosTarget is only loaded here, so users without the optional Testcontainers never touch it.
        return ContainerNacosTarget.start(config);
    }
}
