package dev.nacosapp.testkit.server;

import dev.nacosapp.testkit.http.NacosHttp;
import dev.nacosapp.testkit.http.NacosHttpClients;
import dev.nacosapp.testkit.model.NacosCredentials;
import dev.nacosapp.testkit.model.NacosLine;
import java.util.Optional;

/**
 * A target this process runs and can restart on the same ports: the embedded server or a container. Holds what
 * both share: the client credentials the server was started with and one HTTP client for its line. Thread-safe.
 */
public abstract class RestartableTarget implements NacosTarget {

    private final NacosTargetConfig.Kind kind;

    private final String serverAddr;

    private final int httpPort;

    private final NacosCredentials credentials;

    private final NacosHttp http;

    /**
     * Creates a target for a started server, whose address a restart keeps.
     *
     * @param kind what runs the server
     * @param line the server's line
     * @param serverAddr {@code host:port} of its HTTP port
     * @param httpPort its HTTP port
     * @param username the user clients log in as, or null when auth is off
     * @param password that user's password, or null
     * @param admin the user of the 3.x admin API, or null to use the client user
     */
    protected RestartableTarget(
            NacosTargetConfig.Kind kind,
            NacosLine line,
            String serverAddr,
            int httpPort,
            String username,
            String password,
            NacosCredentials admin) {
        this.kind = kind;
        this.serverAddr = serverAddr;
        this.httpPort = httpPort;
        this.credentials = username == null ? null : new NacosCredentials(username, password);
        this.http = NacosHttpClients.create(line, serverAddr, credentials, admin);
    }

    @Override
    public final String serverAddr() {
        return serverAddr;
    }

    @Override
    public final String kind() {
        return kind.id();
    }

    @Override
    public final int httpPort() {
        return httpPort;
    }

    @Override
    public final Optional<NacosCredentials> credentials() {
        return Optional.ofNullable(credentials);
    }

    @Override
    public final NacosHttp http() {
        return http;
    }

    @Override
    public final boolean canRestart() {
        return true;
    }
}
