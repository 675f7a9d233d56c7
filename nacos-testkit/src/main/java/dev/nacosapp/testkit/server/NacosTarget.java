package dev.nacosapp.testkit.server;

import com.alibaba.nacos.api.PropertyKeyConst;
import dev.nacosapp.testkit.embedded.EmbeddedNacosServer;
import dev.nacosapp.testkit.http.NacosHttp;
import dev.nacosapp.testkit.model.NacosCredentials;
import dev.nacosapp.testkit.model.NacosLine;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Assumptions;

/**
 * A Nacos server that an end-to-end test talks to: the {@link EmbeddedNacosServer}, a {@code nacos/nacos-server}
 * container, or an external server someone already runs. The same test runs unchanged against all three; faults
 * that only some targets can produce are asked for through this interface and skip the test (JUnit abort, with the
 * reason) where the target cannot produce them.
 *
 * <p>Get one from {@link NacosTargets#start} or, in JUnit 5, from {@code NacosTargetExtension}. Implementations are
 * thread-safe; closing stops what the target started (never an external server).
 */
public interface NacosTarget extends AutoCloseable {

    /**
     * Returns the address to give nacos-client ({@code serverAddr}); the client finds gRPC at the port + 1000.
     *
     * @return {@code host:port}, {@code 127.0.0.1:P} for the embedded server and the container
     */
    String serverAddr();

    /**
     * Returns which kind of target this is.
     *
     * @return {@code embedded}, {@code container} or {@code external}
     */
    String kind();

    /**
     * Returns the HTTP port.
     *
     * @return the port of {@link #serverAddr()}
     */
    int httpPort();

    /**
     * Returns the credentials clients must log in with, if the target has auth on.
     *
     * @return user name and password, or empty
     */
    Optional<NacosCredentials> credentials();

    /**
     * Returns the user for the admin API of a 3.x server, which needs a login even when clients need none; on a
     * 2.x server the admin API follows {@link #credentials()}.
     *
     * @return user name and password, or empty when the admin API needs none or the target was given none
     */
    default Optional<NacosCredentials> adminCredentials() {
        return Optional.empty();
    }

    /**
     * Returns the server's line, as {@link NacosHttp#line()} detects it.
     *
     * @return {@link NacosLine#V2} or {@link NacosLine#V3}
     */
    default NacosLine line() {
        return http().line();
    }

    /**
     * Returns nacos-client properties for this target: {@code serverAddr}, plus {@code username} and
     * {@code password} when auth is on. Each call returns a new object the caller may extend.
     *
     * @return new properties
     */
    default Properties clientProperties() {
        Properties properties = new Properties();
        properties.setProperty(PropertyKeyConst.SERVER_ADDR, serverAddr());
        credentials().ifPresent(c -> {
            properties.setProperty(PropertyKeyConst.USERNAME, c.username());
            properties.setProperty(PropertyKeyConst.PASSWORD, c.password());
        });
        return properties;
    }

    /**
     * Returns an open API client for this target, logged in when auth is on.
     *
     * @return the client, shared by all callers
     */
    NacosHttp http();

    /**
     * Tells whether {@link #restart()} is possible.
     *
     * @return true for the embedded server and the container
     */
    boolean canRestart();

    /**
     * Restarts the server on the same ports and waits until it is ready; like a restarted standalone Nacos it has
     * lost every ephemeral instance. Aborts the calling test where the target cannot restart.
     */
    void restart();

    /**
     * Returns the embedded server, for the fault switches only it has.
     *
     * @return the server, or empty for a container or an external server
     */
    Optional<EmbeddedNacosServer> embedded();

    /**
     * Returns the embedded server or aborts the calling test, naming the fault it needs.
     *
     * @param fault what the test wants to do, for the skip reason
     * @return the embedded server
     */
    default EmbeddedNacosServer requireEmbedded(String fault) {
        Optional<EmbeddedNacosServer> server = embedded();
        Assumptions.assumeTrue(
                server.isPresent(),
                () -> fault + " needs the embedded Nacos server; this run targets " + kind() + " (" + serverAddr()
                        + ")");
        return server.orElseThrow();
    }

    /** Stops what this target started; an external server is left alone. */
    @Override
    void close();
}
