package dev.nacosapp.testkit;

import dev.nacosapp.testkit.container.ContainerNacosTarget;
import java.time.Duration;
import java.util.Objects;
import org.junit.jupiter.api.Assumptions;

/**
 * Starts {@link NacosTarget}s: the one a {@link NacosTargetConfig} selects, or a target around a server or address
 * the caller already has. Stateless and thread-safe.
 */
public final class NacosTargets {

    private static final Duration EXTERNAL_READY_TIMEOUT = Duration.ofSeconds(10);

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
        return new EmbeddedTarget(Objects.requireNonNull(server, "server"), false);
    }

    /**
     * Targets a server that runs already, without checking it.
     *
     * @param serverAddr {@code host:port} of its HTTP port
     * @param credentials the user, or null for no auth
     * @return the target
     */
    public static NacosTarget external(String serverAddr, NacosCredentials credentials) {
        return new ExternalTarget(Objects.requireNonNull(serverAddr, "serverAddr"), credentials);
    }

    private static NacosTarget startEmbedded(NacosTargetConfig config) {
        EmbeddedNacosServer.Builder builder = EmbeddedNacosServer.builder();
        config.auth().ifPresent(c -> builder.auth(c.username(), c.password()));
        return new EmbeddedTarget(builder.build().start(), true);
    }

    private static NacosTarget startExternal(NacosTargetConfig config) {
        ExternalTarget target = new ExternalTarget(config.address(), config.credentials());
        try {
            target.http().awaitReady(EXTERNAL_READY_TIMEOUT);
        } catch (NacosHttpException e) {
            throw new IllegalStateException(
                    NacosTargetConfig.ADDR + "=" + config.address() + " does not answer "
                            + "/nacos/v1/console/health/readiness; is a Nacos server running there?",
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
