package dev.nacosapp.testkit.container;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.nacosapp.testkit.model.NacosCredentials;
import dev.nacosapp.testkit.model.NacosLine;
import java.time.Duration;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A standalone Nacos server in a container of the official {@code nacos/nacos-server} image, 2.x or 3.x line,
 * chosen by the image tag ({@code v2.x.y} or {@code v3.x.y}).
 *
 * <p>nacos-client always connects to gRPC at the HTTP port + 1000, so random port mappings do not work: the
 * container's 8848 and 9848 are bound to a free host pair P and P + 1000 (on {@code 127.0.0.1} when the Docker host
 * is local), and {@link #getServerAddr()} returns {@link #getHost()}{@code :P}. A pair another process takes
 * before Docker binds it is replaced by a new one. The pair is kept by {@link #restartKeepingPorts()}.
 *
 * <p>Per line: 2.x waits for {@code /nacos/v1/console/health/readiness}. 3.x gets the three auth variables it needs
 * to start ({@code NACOS_AUTH_TOKEN}, a random base64 key of 32 bytes, and a random
 * {@code NACOS_AUTH_IDENTITY_KEY}/{@code VALUE}), {@code NACOS_AUTH_ENABLE=false} unless {@link #withAuth} is used
 * (a 3.3 image would otherwise turn client auth on), exposes its console port 8080 ({@link #getConsolePort()}),
 * waits for {@code /nacos/v3/admin/core/state/readiness}, and has its admin password initialised through
 * {@code POST /nacos/v3/auth/user/admin}, since its admin API needs a login even with client auth off
 * ({@link #getAdminCredentials()}). A container that stops during startup fails at once, with its last log lines.
 *
 * <pre>{@code
 * @Container
 * static NacosContainer nacos = new NacosContainer(DockerImageName.parse("nacos/nacos-server:v3.0.3"));
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

    /** The console port of a 3.x container (its own port in Nacos 3, empty context path). */
    public static final int CONSOLE_PORT = 8080;

    /** The built-in admin user, the only user a fresh server has. */
    public static final String ADMIN_USER = "nacos";

    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);

    private final NacosLine line;

    private final NacosReadiness readiness;

    private final PortPair ports = new PortPair();

    private String username;

    private String password;

    private String adminPassword;

    /** Creates a container of {@code nacos/nacos-server:v2.5.1}. */
    public NacosContainer() {
        this(DEFAULT_IMAGE_NAME.withTag(DEFAULT_TAG));
    }

    /**
     * Creates a container of another tag or a compatible image.
     *
     * @param image for example {@code nacos/nacos-server:v3.0.3}
     */
    public NacosContainer(String image) {
        this(DockerImageName.parse(image));
    }

    /**
     * Creates a container of another tag or a compatible image.
     *
     * @param image the image; a substitute must be declared compatible with {@code nacos/nacos-server}, and its tag
     *     must name a 2.x or 3.x version
     * @throws IllegalArgumentException for a tag of neither line (for example {@code latest})
     */
    public NacosContainer(DockerImageName image) {
        super(image);
        image.assertCompatibleWith(DEFAULT_IMAGE_NAME);
        ImageLine imageLine = ImageLine.of(image);
        this.line = imageLine.line();
        withEnv("MODE", "standalone");
        withEnv("NACOS_AUTH_ENABLE", "false");
        // The image defaults to a 1 GB heap; half of it is plenty for tests and leaves room on small CI machines.
        withEnv("JVM_XMS", "512m");
        withEnv("JVM_XMX", "512m");
        withEnv("JVM_XMN", "256m");
        withExposedPorts(imageLine.exposedPorts());
        if (imageLine.needsIdentityAndAdmin()) {
            withEnv(ImageLine.serverIdentity());
            adminPassword = ImageLine.randomSecret(18);
        }
        this.readiness = new NacosReadiness(line, HTTP_PORT);
        readiness.withStartupTimeout(STARTUP_TIMEOUT);
        waitingFor(readiness);
        withCreateContainerCmdModifier(cmd -> ports.bind(cmd.getHostConfig(), getHost()));
    }

    /**
     * Tells which line an image tag belongs to.
     *
     * @param image the image
     * @return the line
     * @throws IllegalArgumentException naming the tag and the supported lines
     */
    public static NacosLine lineOf(DockerImageName image) {
        return ImageLine.of(image).line();
    }

    /**
     * Turns Nacos client authentication on and sets the password of the built-in admin user {@code nacos}, which
     * the container initialises once it is ready (Nacos 2.4+ and 3.x ship without a password). Clients and the
     * admin API then log in as {@code nacos}. Other users are not supported: a fresh server has no other, and one
     * created later would also need roles before it could register anything.
     *
     * @param user must be {@code nacos}
     * @param pass the admin password
     * @return this container
     * @throws IllegalArgumentException for another user
     */
    public NacosContainer withAuth(String user, String pass) {
        if (!ADMIN_USER.equals(user)) {
            throw new IllegalArgumentException("NacosContainer.withAuth supports the built-in admin user '" + ADMIN_USER
                    + "' only (a fresh server has no other user); was '" + user + "'");
        }
        this.username = user;
        this.password = pass;
        this.adminPassword = pass;
        withEnv("NACOS_AUTH_ENABLE", "true");
        withEnv(ImageLine.serverIdentity());
        return self();
    }

    /**
     * Sets the password the admin user {@code nacos} of a 3.x container is initialised with (random by default).
     *
     * @param pass the password
     * @return this container
     * @throws IllegalStateException on a 2.x container, whose admin API follows {@link #withAuth}
     */
    public NacosContainer withAdminPassword(String pass) {
        if (line != NacosLine.V3) {
            throw new IllegalStateException("withAdminPassword applies to 3.x images; a " + line
                    + " server's admin API follows withAuth(\"nacos\", password)");
        }
        this.adminPassword = pass;
        return self();
    }

    /**
     * Binds HTTP to a chosen host port P (and gRPC to P + 1000) instead of a free pair.
     *
     * @param port the host HTTP port
     * @return this container
     */
    public NacosContainer withHostPort(int port) {
        ports.choose(port);
        return self();
    }

    @Override
    protected void configure() {
        super.configure();
        ports.pickFreeIfUnset();
    }

    @Override
    protected void doStart() {
        for (int attempt = 1; ; attempt++) {
            try {
                super.doStart();
                return;
            } catch (RuntimeException e) {
                if (!ports.mayRetry(e, attempt)) {
                    throw e;
                }
                logger().warn(
                                "Host port pair {}/{} was taken before Docker bound it; retrying with a new pair",
                                ports.httpOrZero(),
                                ports.httpOrZero() + PortPair.GRPC_OFFSET);
                stop();
                ports.release();
            }
        }
    }

    @Override
    protected void containerIsStarted(InspectContainerResponse containerInfo) {
        if (adminPassword != null) {
            AdminSetup.initialise(line, getServerAddr(), getAdminCredentials());
        }
    }

    /**
     * Restarts the container process on the same host ports and waits until Nacos is ready again, with the
     * container's own wait strategy. Like a restarted standalone Nacos it has lost every ephemeral instance; users
     * and namespaces, which it stores on disk, are kept.
     */
    public void restartKeepingPorts() {
        getDockerClient().stopContainerCmd(getContainerId()).withTimeout(10).exec();
        getDockerClient().startContainerCmd(getContainerId()).exec();
        readiness.waitUntilReady(this);
    }

    /**
     * Returns the line of the image.
     *
     * @return {@link NacosLine#V2} or {@link NacosLine#V3}
     */
    public NacosLine getLine() {
        return line;
    }

    /**
     * Returns the address for nacos-client.
     *
     * @return {@code host:P}, with the host Testcontainers reaches the container at
     */
    public String getServerAddr() {
        return getHost() + ":" + getHttpPort();
    }

    /**
     * Returns the host HTTP port P.
     *
     * @return the port
     */
    public int getHttpPort() {
        return ports.http();
    }

    /**
     * Returns the host gRPC port, P + 1000.
     *
     * @return the port
     */
    public int getGrpcPort() {
        return getHttpPort() + PortPair.GRPC_OFFSET;
    }

    /**
     * Returns the host port of a 3.x container's console (8080 inside, a random host port).
     *
     * @return the mapped port
     * @throws IllegalStateException on a 2.x container, whose console is on the HTTP port
     */
    public int getConsolePort() {
        if (line != NacosLine.V3) {
            throw new IllegalStateException("A " + line + " container serves its console on the HTTP port "
                    + getHttpPort() + " (/nacos); only 3.x has a console port");
        }
        return getMappedPort(CONSOLE_PORT);
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

    /**
     * Returns the admin user the container initialised: always on 3.x, on 2.x with {@link #withAuth}.
     *
     * @return {@code nacos} and its password, or null when the admin API needs no login
     */
    public NacosCredentials getAdminCredentials() {
        return adminPassword == null ? null : new NacosCredentials(ADMIN_USER, adminPassword);
    }
}
