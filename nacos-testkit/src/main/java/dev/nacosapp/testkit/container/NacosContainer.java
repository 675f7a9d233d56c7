package dev.nacosapp.testkit.container;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import dev.nacosapp.testkit.NacosHttp;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * A standalone Nacos server in a container of the official {@code nacos/nacos-server} image.
 *
 * <p>nacos-client always connects to gRPC at the HTTP port + 1000, so random port mappings do not work: the
 * container's 8848 and 9848 are bound to a free host pair P and P + 1000 on {@code 127.0.0.1}, and
 * {@link #getServerAddr()} returns {@code 127.0.0.1:P}. The pair is kept when the container is restarted with
 * {@link #restartKeepingPorts()}.
 *
 * <pre>{@code
 * @Container
 * static NacosContainer nacos = new NacosContainer();
 * ...
 * NamingService naming = NamingFactory.createNamingService(nacos.getServerAddr());
 * }</pre>
 *
 * <p>Not thread-safe while being configured and started; the getters are safe afterwards.
 */
public class NacosContainer extends GenericContainer<NacosContainer> {

    /** The image, without tag. */
    public static final DockerImageName DEFAULT_IMAGE_NAME = DockerImageName.parse("nacos/nacos-server");

    /** The tag used by default, the Nacos version the project is tested against. */
    public static final String DEFAULT_TAG = "v2.5.1";

    /** The HTTP port inside the container. */
    public static final int HTTP_PORT = 8848;

    /** The client gRPC port inside the container (HTTP port + 1000). */
    public static final int GRPC_PORT = 9848;

    /** The built-in admin user that {@link #withAuth} initialises. */
    public static final String ADMIN_USER = "nacos";

    private static final String READINESS_PATH = "/nacos/v1/console/health/readiness";

    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);

    private int hostHttpPort;

    private String username;

    private String password;

    /** Creates a container of {@code nacos/nacos-server:v2.5.1}. */
    public NacosContainer() {
        this(DEFAULT_IMAGE_NAME.withTag(DEFAULT_TAG));
    }

    /**
     * Creates a container of another tag or a compatible image.
     *
     * @param image for example {@code nacos/nacos-server:v2.5.2}
     */
    public NacosContainer(String image) {
        this(DockerImageName.parse(image));
    }

    /**
     * Creates a container of another tag or a compatible image.
     *
     * @param image the image; a substitute must be declared compatible with {@code nacos/nacos-server}
     */
    public NacosContainer(DockerImageName image) {
        super(image);
        image.assertCompatibleWith(DEFAULT_IMAGE_NAME);
        withEnv("MODE", "standalone");
        withEnv("NACOS_AUTH_ENABLE", "false");
        // The image defaults to a 1 GB heap; half of it is plenty for tests and leaves room on small CI machines.
        withEnv("JVM_XMS", "512m");
        withEnv("JVM_XMX", "512m");
        withEnv("JVM_XMN", "256m");
        withExposedPorts(HTTP_PORT, GRPC_PORT);
        waitingFor(Wait.forHttp(READINESS_PATH)
                .forPort(HTTP_PORT)
                .forStatusCode(200)
                .withStartupTimeout(STARTUP_TIMEOUT));
        withCreateContainerCmdModifier(cmd -> cmd.getHostConfig()
                .withPortBindings(
                        new PortBinding(
                                Ports.Binding.bindIpAndPort("127.0.0.1", hostHttpPort), ExposedPort.tcp(HTTP_PORT)),
                        new PortBinding(
                                Ports.Binding.bindIpAndPort("127.0.0.1", hostHttpPort + 1000),
                                ExposedPort.tcp(GRPC_PORT))));
    }

    /**
     * Turns Nacos authentication on and sets the password of the built-in admin user {@code nacos}, which the
     * container initialises once it is ready (Nacos 2.4+ ships without a default password).
     *
     * @param user must be {@code nacos}, the only user a fresh server has
     * @param pass the admin password
     * @return this container
     */
    public NacosContainer withAuth(String user, String pass) {
        if (!ADMIN_USER.equals(user)) {
            throw new IllegalArgumentException("NacosContainer.withAuth supports the built-in admin user '" + ADMIN_USER
                    + "' only (a fresh server has no other user); was '" + user + "'");
        }
        this.username = user;
        this.password = pass;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        withEnv("NACOS_AUTH_ENABLE", "true");
        withEnv("NACOS_AUTH_TOKEN", Base64.getEncoder().encodeToString(key));
        withEnv("NACOS_AUTH_IDENTITY_KEY", "nacos-testkit");
        withEnv("NACOS_AUTH_IDENTITY_VALUE", "nacos-testkit");
        return self();
    }

    /**
     * Binds HTTP to a chosen host port P (and gRPC to P + 1000) instead of a free pair.
     *
     * @param port the host HTTP port
     * @return this container
     */
    public NacosContainer withHostPort(int port) {
        this.hostHttpPort = port;
        return self();
    }

    @Override
    protected void configure() {
        super.configure();
        if (hostHttpPort == 0) {
            hostHttpPort = HostPorts.freePair();
        }
    }

    @Override
    protected void containerIsStarted(InspectContainerResponse containerInfo) {
        if (username != null) {
            AdminInitialiser.initialise(getServerAddr(), password);
        }
    }

    /**
     * Restarts the container process on the same host ports and waits until Nacos is ready again. Like a
     * restarted standalone Nacos it has lost every ephemeral instance.
     */
    public void restartKeepingPorts() {
        getDockerClient().stopContainerCmd(getContainerId()).withTimeout(10).exec();
        getDockerClient().startContainerCmd(getContainerId()).exec();
        new NacosHttp(getServerAddr()).awaitReady(STARTUP_TIMEOUT);
    }

    /**
     * Returns the address for nacos-client.
     *
     * @return {@code 127.0.0.1:P}
     */
    public String getServerAddr() {
        return "127.0.0.1:" + getHttpPort();
    }

    /**
     * Returns the host HTTP port P.
     *
     * @return the port
     */
    public int getHttpPort() {
        if (hostHttpPort == 0) {
            throw new IllegalStateException("The Nacos container has not been configured yet; start it first");
        }
        return hostHttpPort;
    }

    /**
     * Returns the host gRPC port, P + 1000.
     *
     * @return the port
     */
    public int getGrpcPort() {
        return getHttpPort() + 1000;
    }

    /**
     * Returns the user clients log in as, when auth is on.
     *
     * @return the user name, or null
     */
    public String getUsername() {
        return username;
    }

    /**
     * Returns the password of {@link #getUsername()}.
     *
     * @return the password, or null
     */
    public String getPassword() {
        return password;
    }
}
