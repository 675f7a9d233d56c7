package dev.nacosapp.it.support;

import dev.nacosapp.testkit.server.NacosTarget;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Builds {@code nacos-app://} registry addresses. Every address starts with {@code registry-type=service} and
 * {@code register-host=127.0.0.1}, so that providers only ever register, and consumers only ever call, loopback
 * addresses; credentials of a target with auth are added. Immutable.
 */
public final class Registry {

    private final String server;

    private final Map<String, String> parameters;

    // The target the address is for, or null for a bare server address.
    private final NacosTarget target;

    private Registry(String server, Map<String, String> parameters, NacosTarget target) {
        this.server = server;
        this.parameters = parameters;
        this.target = target;
    }

    /**
     * Starts an address for a test target.
     *
     * @param target the Nacos target
     * @return the address builder
     */
    public static Registry of(NacosTarget target) {
        Registry registry = new Registry(target.serverAddr(), at(target.serverAddr()).parameters, target);
        return target.credentials()
                .map(c -> registry.with("username", c.username()).with("password", c.password()))
                .orElse(registry);
    }

    /**
     * Starts an address for a server.
     *
     * @param serverAddr {@code host:port}
     * @return the address builder
     */
    public static Registry at(String serverAddr) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("registry-type", "service");
        parameters.put("register-host", "127.0.0.1");
        return new Registry(serverAddr, parameters, null);
    }

    /**
     * Sets a registry parameter, replacing any earlier value.
     *
     * @param key the parameter
     * @param value its value
     * @return a new builder
     */
    public Registry with(String key, String value) {
        Map<String, String> more = new LinkedHashMap<>(parameters);
        more.put(key, value);
        return new Registry(server, more, target);
    }

    /**
     * Removes a registry parameter.
     *
     * @param key the parameter
     * @return a new builder
     */
    public Registry without(String key) {
        Map<String, String> fewer = new LinkedHashMap<>(parameters);
        fewer.remove(key);
        return new Registry(server, fewer, target);
    }

    /**
     * Sets the namespace. For an address made from a target, the namespace is first created on the server through
     * the line's admin API (a Nacos 3 server may require it to exist; creating an existing one is a no-op).
     *
     * @param namespace the namespace id
     * @return a new builder
     */
    public Registry namespace(String namespace) {
        if (target != null) {
            target.http().createNamespace(namespace);
        }
        return with("namespace", namespace);
    }

    public Registry group(String group) {
        return with("group", group);
    }

    /**
     * Returns the address.
     *
     * @return {@code nacos-app://server?k=v&...}
     */
    public String address() {
        StringJoiner query = new StringJoiner("&");
        parameters.forEach((k, v) -> query.add(k + "=" + v));
        return "nacos-app://" + server + "?" + query;
    }

    /**
     * Returns the same registry as Dubbo's built-in Nacos discovery's address, for the other side of a mixed fleet.
     * The built-in ignores nacos-app's parameters (register-host among them).
     *
     * @return {@code nacos://server?k=v&...}
     */
    public String builtInAddress() {
        return "nacos" + address().substring("nacos-app".length());
    }

    @Override
    public String toString() {
        return address();
    }
}
