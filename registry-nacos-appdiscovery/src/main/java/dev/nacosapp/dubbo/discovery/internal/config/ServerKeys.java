package dev.nacosapp.dubbo.discovery.internal.config;

import dev.nacosapp.dubbo.discovery.config.ConfigKey;
import dev.nacosapp.dubbo.discovery.config.InvalidConfigException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.dubbo.common.URL;

/**
 * The keys that say which Nacos and where in it: server addresses, namespace and the naming group. Stateless.
 */
final class ServerKeys {
    private static final Pattern NAMESPACE_ID = Pattern.compile("[\\w.:-]*");
    private static final int DEFAULT_NACOS_PORT = 8848;

    private ServerKeys() {}

    static String serverAddr(URL url) {
        String address = url.getBackupAddress();
        if (address == null || address.trim().isEmpty() || address.startsWith("0.0.0.0")) {
            throw InvalidConfigException.of(ConfigKey.BACKUP, String.valueOf(address), "no Nacos server address given");
        }
        Set<String> servers = new LinkedHashSet<String>();
        for (String server : address.split(",")) {
            String trimmed = server.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            servers.add(withPort(trimmed));
        }
        StringBuilder joined = new StringBuilder();
        for (String server : servers) {
            if (joined.length() > 0) {
                joined.append(',');
            }
            joined.append(server);
        }
        return joined.toString();
    }

    /** {@code host}, {@code host:port}, {@code [v6]}, {@code [v6]:port} or a bare IPv6 literal, with 8848 added. */
    private static String withPort(String server) {
        String host = server;
        String port = null;
        if (server.startsWith("[")) {
            int end = server.indexOf(']');
            String rest = end < 0 ? "?" : server.substring(end + 1);
            if (end < 0 || !(rest.isEmpty() || rest.startsWith(":"))) {
                throw InvalidConfigException.of(ConfigKey.BACKUP, server, "not a host:port server address");
            }
            host = server.substring(0, end + 1);
            port = rest.isEmpty() ? null : rest.substring(1);
        } else if (server.indexOf(':') >= 0 && server.indexOf(':') == server.lastIndexOf(':')) {
            host = server.substring(0, server.indexOf(':'));
            port = server.substring(server.indexOf(':') + 1);
        } else if (server.indexOf(':') >= 0) {
            host = "[" + server + "]";
        }
        if (host.isEmpty()) {
            throw InvalidConfigException.of(ConfigKey.BACKUP, server, "not a host:port server address");
        }
        return host + ":" + (port == null ? DEFAULT_NACOS_PORT : KeyValues.port(ConfigKey.BACKUP, port));
    }

    static String namespace(String value) {
        String trimmed = value.trim();
        if (!NAMESPACE_ID.matcher(trimmed).matches()) {
            throw InvalidConfigException.of(
                    ConfigKey.NAMESPACE, value, "a namespace id has only letters, digits, '_', '-', '.' and ':'");
        }
        return "public".equals(trimmed) ? "" : trimmed;
    }

    /**
     * The group of the application services, decided as Dubbo's built-in Nacos discovery decides it, so that an
     * application keeps its group when it moves from {@code nacos://}: {@code nacos.group}, else {@code group}, else
     * {@code DEFAULT_GROUP}; the application setting {@value NacosAppConfigParser#USE_DEFAULT_GROUP}{@code =true}
     * forces {@code DEFAULT_GROUP}. The built-in does that silently; here a group given and overridden is warned about.
     */
    static String namingGroup(URL url, String useDefaultGroup, List<String> warnings) {
        String group = group(ConfigKey.GROUP, url.getParameter(ConfigKey.GROUP.key()));
        String nacosGroup = group(ConfigKey.NACOS_GROUP, url.getParameter(ConfigKey.NACOS_GROUP.key()));
        String chosen = nacosGroup != null ? nacosGroup : group != null ? group : ConfigKey.GROUP.defaultString();
        if (!useDefaultGroup(useDefaultGroup)) {
            return chosen;
        }
        String forced = ConfigKey.GROUP.defaultString();
        if (!forced.equals(chosen)) {
            warnings.add("nacos-app: the registry asks for Nacos group '" + chosen + "' ("
                    + (nacosGroup != null ? ConfigKey.NACOS_GROUP.key() : ConfigKey.GROUP.key()) + "), but "
                    + NacosAppConfigParser.USE_DEFAULT_GROUP + "=true puts the application services in '" + forced
                    + "', as Dubbo's built-in Nacos discovery does; remove one of the two settings");
        }
        return forced;
    }

    private static boolean useDefaultGroup(String value) {
        if (value == null || value.trim().isEmpty()) {
            return false;
        }
        String normalized = value.trim().toLowerCase(Locale.ROOT);
        if ("true".equals(normalized) || "false".equals(normalized)) {
            return Boolean.parseBoolean(normalized);
        }
        throw new InvalidConfigException("nacos-app: invalid application setting "
                + NacosAppConfigParser.USE_DEFAULT_GROUP + "='" + value + "': not a boolean; allowed: true or false");
    }

    private static String group(ConfigKey key, String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.isEmpty() || trimmed.contains("@@") || KeyValues.containsWhitespace(trimmed)) {
            throw InvalidConfigException.of(key, value, "must be non-empty, without '@@' or spaces");
        }
        return trimmed;
    }
}
