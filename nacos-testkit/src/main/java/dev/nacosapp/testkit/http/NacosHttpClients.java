package dev.nacosapp.testkit.http;

import dev.nacosapp.testkit.model.NacosCredentials;
import dev.nacosapp.testkit.model.NacosLine;
import java.util.Objects;

/**
 * Creates {@link NacosHttp} clients: for a server whose line is known, or one that asks the server on first use. A
 * Nacos 3.x server answers {@code GET /nacos/v3/admin/core/state/readiness} (200, or 500 while starting), a 2.x
 * server answers it with 404.
 *
 * <p>Credentials: {@code credentials} are the client's (2.x with auth on); {@code adminCredentials} log in to the
 * 3.x admin API, and default to {@code credentials}; on 2.x the client's default to the admin ones. Stateless.
 */
public final class NacosHttpClients {

    private NacosHttpClients() {}

    /**
     * Creates a client without credentials that detects the server's line.
     *
     * @param serverAddr {@code host:port} of the server's HTTP port
     * @return the client
     */
    public static NacosHttp create(String serverAddr) {
        return create(serverAddr, (NacosCredentials) null, null);
    }

    /**
     * Creates a client that logs in with one user, for the client API and (on 3.x) the admin API, and detects the
     * server's line.
     *
     * @param serverAddr {@code host:port} of the server's HTTP port
     * @param username user name, or null for a server without auth
     * @param password password, or null
     * @return the client
     */
    public static NacosHttp create(String serverAddr, String username, String password) {
        return create(serverAddr, username == null ? null : new NacosCredentials(username, password), null);
    }

    /**
     * Creates a client with separate client and admin credentials that detects the server's line.
     *
     * @param serverAddr {@code host:port} of the server's HTTP port
     * @param credentials the client user (2.x with auth on), or null
     * @param adminCredentials the user for the 3.x admin API, or null to use {@code credentials}
     * @return the client
     */
    public static NacosHttp create(String serverAddr, NacosCredentials credentials, NacosCredentials adminCredentials) {
        Objects.requireNonNull(serverAddr, "serverAddr");
        return new DetectingHttp(
                serverAddr,
                () -> new Nacos2Http(serverAddr, clientFirst(credentials, adminCredentials)),
                () -> new Nacos3Http(serverAddr, clientFirst(adminCredentials, credentials)));
    }

    /**
     * Creates a client for a server whose line is known, without asking the server.
     *
     * @param line the server's line
     * @param serverAddr {@code host:port} of the server's HTTP port
     * @param credentials the client user (2.x with auth on), or null
     * @param adminCredentials the user for the 3.x admin API, or null to use {@code credentials}
     * @return the client
     */
    public static NacosHttp create(
            NacosLine line, String serverAddr, NacosCredentials credentials, NacosCredentials adminCredentials) {
        return switch (Objects.requireNonNull(line, "line")) {
            case V2 -> new Nacos2Http(serverAddr, clientFirst(credentials, adminCredentials));
            case V3 -> new Nacos3Http(serverAddr, clientFirst(adminCredentials, credentials));
        };
    }

    private static NacosCredentials clientFirst(NacosCredentials preferred, NacosCredentials otherwise) {
        return preferred != null ? preferred : otherwise;
    }
}
