package dev.nacosapp.testkit.server;

import dev.nacosapp.testkit.container.NacosContainer;
import dev.nacosapp.testkit.embedded.EmbeddedNacosServer;
import dev.nacosapp.testkit.model.NacosCredentials;
import dev.nacosapp.testkit.model.NacosLine;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ContainerFetchException;

/**
 * A {@link NacosContainer} as a {@link NacosTarget}: restart keeps the host ports, and the embedded-only fault
 * switches are unavailable. Starting skips the test (JUnit abort) when there is no Docker engine or the image can
 * be neither found nor pulled. Thread-safe once started.
 */
public final class ContainerNacosTarget extends RestartableTarget {

    private final NacosContainer container;

    private ContainerNacosTarget(NacosContainer container) {
        super(
                NacosTargetConfig.Kind.CONTAINER,
                container.getLine(),
                container.getServerAddr(),
                container.getHttpPort(),
                container.getUsername(),
                container.getPassword(),
                container.getAdminCredentials());
        this.container = container;
    }

    /**
     * Starts a container as configured.
     *
     * @param config the image and credentials to use
     * @return the started target
     * @throws org.opentest4j.TestAbortedException without Docker or the image
     */
    public static NacosTarget start(NacosTargetConfig config) {
        Assumptions.assumeTrue(
                DockerClientFactory.instance().isDockerAvailable(),
                NacosTargetConfig.TARGET + "=container needs a Docker engine, and none is available here");
        NacosContainer container = new NacosContainer(config.image());
        config.auth().ifPresent(c -> container.withAuth(c.username(), c.password()));
        config.admin().ifPresent(c -> {
            if (!NacosContainer.ADMIN_USER.equals(c.username())) {
                throw new IllegalArgumentException(NacosTargetConfig.ADMIN_USERNAME + "='" + c.username()
                        + "': a container's admin is the built-in user '" + NacosContainer.ADMIN_USER + "'");
            }
            if (container.getLine() == NacosLine.V3 && config.auth().isEmpty()) {
                container.withAdminPassword(c.password());
            }
        });
        try {
            container.start();
        } catch (RuntimeException e) {
            container.stop();
            if (isImageUnavailable(e)) {
                Assumptions.abort(
                        "The image " + config.image() + " is neither present nor pullable: " + e.getMessage());
            }
            throw e;
        }
        return new ContainerNacosTarget(container);
    }

    /**
     * Wraps a container the caller started; closing the target stops it.
     *
     * @param container a started container
     * @return the target
     */
    public static NacosTarget of(NacosContainer container) {
        return new ContainerNacosTarget(container);
    }

    private static boolean isImageUnavailable(Throwable failure) {
        for (Throwable each = failure; each != null; each = each.getCause()) {
            if (each instanceof ContainerFetchException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Optional<NacosCredentials> adminCredentials() {
        return Optional.ofNullable(container.getAdminCredentials());
    }

    @Override
    public void restart() {
        container.restartKeepingPorts();
    }

    @Override
    public Optional<EmbeddedNacosServer> embedded() {
        return Optional.empty();
    }

    @Override
    public void close() {
        container.stop();
    }

    @Override
    public String toString() {
        return "Nacos container " + container.getDockerImageName() + " at " + serverAddr();
    }
}
