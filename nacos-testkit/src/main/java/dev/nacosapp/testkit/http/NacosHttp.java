package dev.nacosapp.testkit.http;

import dev.nacosapp.testkit.model.NacosLine;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A small HTTP client for what tests and operators do from outside a Nacos server: readiness, instance list,
 * service list, console-style instance edit, namespaces, configs, login and admin initialisation. Works against
 * the embedded server, a container and a real Nacos of either line alike.
 *
 * <p>There is one implementation per server line: against 2.x the v1 open and console API, against 3.x only the v3
 * admin API (3.0 and 3.1 refuse the v1 admin and console API with 410, 3.2 removed v1), with the admin credentials,
 * since a stock 3.x server keeps its admin API behind a login while clients need none. {@link NacosHttpClients}
 * creates them, for a known line or one detected on first use. Answers mean the same on both lines:
 * {@link #instances} lists enabled instances only, as v1 and every push do, and an unknown service lists as empty.
 *
 * <p>A token is fetched on first use and renewed on a 403. Calls go only to the configured host, never through a
 * proxy. Implementations are thread-safe.
 */
public interface NacosHttp {

    /**
     * Returns the address this client calls.
     *
     * @return {@code host:port} of the server's HTTP port
     */
    String serverAddr();

    /**
     * Returns the server's line.
     *
     * @return the line
     * @throws NacosHttpException when it has to be detected and the server does not answer
     */
    NacosLine line();

    /**
     * Asks the line's readiness endpoint.
     *
     * @return true when the server answers that it is ready
     */
    boolean isReady();

    /**
     * Waits until the server is ready.
     *
     * @param timeout how long to wait
     * @throws NacosHttpException when the server is not ready in time
     */
    default void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!isReady()) {
            if (Instant.now().isAfter(deadline)) {
                throw new NacosHttpException(
                        "Nacos at http://" + serverAddr() + " was not ready within " + timeout.toSeconds() + " s",
                        0,
                        "",
                        null);
            }
            HttpExchange.pause();
        }
    }

    /**
     * Logs in (2.x: the client user at {@code /nacos/v1/auth/users/login}; 3.x: the admin user at
     * {@code /nacos/v3/auth/user/login}) and returns a fresh token.
     *
     * @return the access token
     * @throws NacosHttpException when no credentials are set or the server refuses them
     */
    String login();

    /**
     * Waits until {@link #login()} succeeds. A fresh Nacos 3 refuses logins with 403 {@code user not found!} for up
     * to ~15 s after its admin is initialised, until it reloads its user cache.
     *
     * @param timeout how long to wait
     * @throws NacosHttpException with the last refusal when the login still fails
     */
    default void awaitLogin(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            try {
                login();
                return;
            } catch (NacosHttpException e) {
                if (e.status() != 403 || Instant.now().isAfter(deadline)) {
                    throw e;
                }
            }
            HttpExchange.pause();
        }
    }

    /**
     * Sets the password of the built-in admin {@code nacos} of a fresh server (Nacos 2.4+ and 3.x ship without
     * one): {@code POST /nacos/v1/auth/users/admin} on 2.x, {@code POST /nacos/v3/auth/user/admin} on 3.x.
     *
     * @param password the password
     * @return true when set, false when the server has an admin already
     * @throws NacosHttpException when the server refuses otherwise
     */
    boolean initialiseAdmin(String password);

    /**
     * Lists the enabled instances of a service, every cluster, healthy or not.
     *
     * @param namespace namespace id, blank for {@code public}
     * @param group group, blank for {@code DEFAULT_GROUP}
     * @param serviceName service name
     * @return the instances; empty for an unknown service
     */
    default List<RegisteredInstance> instances(String namespace, String group, String serviceName) {
        return instances(namespace, group, serviceName, "", false);
    }

    /**
     * Lists the enabled instances of a service.
     *
     * @param namespace namespace id, blank for {@code public}
     * @param group group, blank for {@code DEFAULT_GROUP}
     * @param serviceName service name
     * @param clusters comma-separated clusters, blank for all
     * @param healthyOnly leave unhealthy instances out
     * @return the instances; empty for an unknown service
     */
    List<RegisteredInstance> instances(
            String namespace, String group, String serviceName, String clusters, boolean healthyOnly);

    /**
     * Lists one page of the services of a group.
     *
     * @param namespace namespace id, blank for {@code public}
     * @param group group, blank for {@code DEFAULT_GROUP}
     * @param pageNo page number, from 1
     * @param pageSize page size
     * @return the page
     */
    ServicePage services(String namespace, String group, int pageNo, int pageSize);

    /**
     * Edits an instance like the Nacos console: weight, enabled and metadata. Subscribers get the change pushed.
     *
     * @param namespace namespace id, blank for {@code public}
     * @param group group, blank for {@code DEFAULT_GROUP}
     * @param serviceName service name
     * @param update the edit
     * @throws NacosHttpException when the server refuses it (for example an unknown service)
     */
    void updateInstance(String namespace, String group, String serviceName, InstanceUpdate update);

    /**
     * Creates a namespace whose display name is its id, unless it exists. A Nacos 3 server may require a
     * namespace to exist before it is used; 2.x does not, but lists only created ones.
     *
     * @param namespaceId the id ({@code [\w-]+}, at most 128 characters)
     * @return true when created, false when it existed ({@code public} always does)
     * @throws NacosHttpException when the server refuses it
     */
    boolean createNamespace(String namespaceId);

    /**
     * Lists the namespace ids, {@code public} included.
     *
     * @return the ids
     */
    List<String> namespaces();

    /**
     * Reads a config's raw content ({@code GET /nacos/v1/cs/configs} on 2.x, {@code GET /nacos/v3/admin/cs/config}
     * on 3.x).
     *
     * @param namespace namespace id (tenant), blank for {@code public}
     * @param group group, not blank (Nacos requires it)
     * @param dataId data id
     * @return the content, or empty when the server has none
     * @throws NacosHttpException for any other refusal
     */
    Optional<String> config(String namespace, String group, String dataId);

    /**
     * Publishes a config ({@code POST /nacos/v1/cs/configs} on 2.x, {@code POST /nacos/v3/admin/cs/config} on 3.x);
     * listening clients are notified.
     *
     * @param namespace namespace id (tenant), blank for {@code public}
     * @param group group, not blank (Nacos requires it)
     * @param dataId data id
     * @param content the content, not blank
     * @throws NacosHttpException when the server refuses it
     */
    void publishConfig(String namespace, String group, String dataId, String content);
}
