package dev.nacosapp.testkit.container;

import dev.nacosapp.testkit.http.NacosHttp;
import dev.nacosapp.testkit.http.NacosHttpClients;
import dev.nacosapp.testkit.model.NacosCredentials;
import dev.nacosapp.testkit.model.NacosLine;
import java.time.Duration;
import org.testcontainers.containers.ContainerLaunchException;

/**
 * Initialises the password of the built-in admin user of a freshly started Nacos container and waits until it can
 * log in. Stateless and thread-safe.
 */
final class AdminSetup {

    // A fresh server refuses logins for up to ~15 s after its admin is initialised (user cache reload).
    private static final Duration LOGIN_TIMEOUT = Duration.ofSeconds(45);

    private AdminSetup() {}

    /**
     * Sets the admin password and waits for a successful login.
     *
     * @param line the container's line
     * @param serverAddr the container's address, {@code host:P}
     * @param admin the admin user and the password to set
     * @throws ContainerLaunchException when the server refuses either
     */
    static void initialise(NacosLine line, String serverAddr, NacosCredentials admin) {
        NacosHttp http = NacosHttpClients.create(line, serverAddr, null, admin);
        try {
            http.initialiseAdmin(admin.password());
            http.awaitLogin(LOGIN_TIMEOUT);
        } catch (RuntimeException e) {
            throw new ContainerLaunchException(
                    "Cannot initialise the admin password of the Nacos " + line + " container at " + serverAddr + ": "
                            + e.getMessage(),
                    e);
        }
    }
}
