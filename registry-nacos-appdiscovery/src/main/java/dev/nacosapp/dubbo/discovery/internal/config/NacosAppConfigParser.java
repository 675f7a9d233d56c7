package dev.nacosapp.dubbo.discovery.internal.config;

import dev.nacosapp.dubbo.discovery.config.ConfigKey;
import dev.nacosapp.dubbo.discovery.config.InvalidConfigException;
import java.net.InetAddress;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.dubbo.common.URL;

/**
 * Reads a {@code nacos-app://} registry URL into a {@link NacosAppConfig}, once, at startup. Every invalid value fails
 * here with an {@link InvalidConfigException} naming the key, the value and what is allowed. Thread-safe.
 */
public final class NacosAppConfigParser {
    /** Nacos' own rule for cluster names (nacos-api rejects anything else at registration). */
    private static final Pattern CLUSTER_NAME = Pattern.compile("[0-9a-zA-Z-]+");

    /**
     * The application setting (not a registry parameter) with which Dubbo's built-in Nacos discovery puts the
     * application services in {@code DEFAULT_GROUP} whatever the registry's group.
     */
    public static final String USE_DEFAULT_GROUP = "dubbo.nacos-service-discovery.use-default-group";

    private static final Pattern NAMESPACE_ID = Pattern.compile("[\\w.:-]*");
    private static final int DEFAULT_NACOS_PORT = 8848;
    private static final double MAX_WEIGHT = 10000.0;

    private final NetworkLookup network;

    public NacosAppConfigParser(NetworkLookup network) {
        this.network = network;
    }

    /** A parser that resolves addresses on this machine. */
    public static NacosAppConfigParser system() {
        return new NacosAppConfigParser(NetworkLookup.SYSTEM);
    }

    /** Parses a registry URL of an application that does not set {@value #USE_DEFAULT_GROUP}. */
    public NacosAppConfig parse(URL url) {
        return parse(url, null);
    }

    /**
     * Parses a registry URL.
     *
     * @param useDefaultGroup the application's {@value #USE_DEFAULT_GROUP} setting, or {@code null} when it has none
     */
    public NacosAppConfig parse(URL url, String useDefaultGroup) {
        NacosAppConfig.Builder b = new NacosAppConfig.Builder();
        b.serverAddr = serverAddr(url);
        b.namespace = namespace(url.getParameter(ConfigKey.NAMESPACE.key(), ConfigKey.NAMESPACE.defaultString()));
        b.group = namingGroup(url, useDefaultGroup, b.warnings);
        b.clusterName = clusterName(url.getParameter(ConfigKey.CLUSTER_NAME.key()));
        b.subscribeClusters = subscribeClusters(url.getParameter(ConfigKey.SUBSCRIBE_CLUSTERS.key()));
        b.selector = MetadataSelector.parse(url.getParameter(ConfigKey.SELECTOR.key()));
        b.instanceWeight = weight(url.getParameter(ConfigKey.INSTANCE_WEIGHT.key()));
        b.ephemeral = bool(ConfigKey.EPHEMERAL, url);
        b.emptyPushProtection = bool(ConfigKey.EMPTY_PUSH_PROTECTION, url);
        b.emptyPushProtectionTimeoutMillis = durationOrOff(ConfigKey.EMPTY_PUSH_PROTECTION_TIMEOUT, url);
        b.reconcileIntervalMillis = durationOrOff(ConfigKey.RECONCILE_INTERVAL, url);
        b.check = bool(ConfigKey.CHECK, url);
        b.startupTimeoutMillis = duration(ConfigKey.STARTUP_TIMEOUT, url);
        b.retryMaxDelayMillis = duration(ConfigKey.RETRY_MAX_DELAY, url);
        b.metadataLimit = metadataLimit(url.getParameter(ConfigKey.METADATA_LIMIT.key()));
        b.cacheDir = cacheDir(url.getParameter(ConfigKey.CACHE_DIR.key()));
        b.loadCacheAtStart = bool(ConfigKey.LOAD_CACHE_AT_START, url);
        b.registerHost = registerHost(
                url.getParameter(ConfigKey.REGISTER_HOST.key()), url.getParameter(ConfigKey.REGISTER_INTERFACE.key()));
        b.registerPort = port(ConfigKey.REGISTER_PORT, url.getParameter(ConfigKey.REGISTER_PORT.key()));
        credentials(url, b);
        clientProperties(url.getParameters(), b);
        b.tls = TlsSettings.read(b.clientProperties, b.warnings);
        b.warnings.addAll(ParameterNames.warnings(url.getParameters().keySet()));
        return b.build();
    }

    private static String serverAddr(URL url) {
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
        return host + ":" + (port == null ? DEFAULT_NACOS_PORT : port(ConfigKey.BACKUP, port));
    }

    private static String namespace(String value) {
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
     * {@code DEFAULT_GROUP}; the application setting {@value #USE_DEFAULT_GROUP}{@code =true} forces
     * {@code DEFAULT_GROUP}. The built-in does that silently; here a group given and overridden is warned about.
     */
    private static String namingGroup(URL url, String useDefaultGroup, List<String> warnings) {
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
                    + USE_DEFAULT_GROUP + "=true puts the application services in '" + forced
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
        throw new InvalidConfigException("nacos-app: invalid application setting " + USE_DEFAULT_GROUP + "='" + value
                + "': not a boolean; allowed: true or false");
    }

    private static String group(ConfigKey key, String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.isEmpty() || trimmed.contains("@@") || containsWhitespace(trimmed)) {
            throw InvalidConfigException.of(key, value, "must be non-empty, without '@@' or spaces");
        }
        return trimmed;
    }

    private static String clusterName(String value) {
        if (value == null) {
            return ConfigKey.CLUSTER_NAME.defaultString();
        }
        if (!CLUSTER_NAME.matcher(value).matches()) {
            throw InvalidConfigException.of(ConfigKey.CLUSTER_NAME, value, "Nacos cluster names match [0-9a-zA-Z-]+");
        }
        return value;
    }

    private static List<String> subscribeClusters(String value) {
        List<String> clusters = new ArrayList<String>();
        if (value == null || value.trim().isEmpty()) {
            return clusters;
        }
        for (String cluster : value.split(",")) {
            String trimmed = cluster.trim();
            if (!CLUSTER_NAME.matcher(trimmed).matches()) {
                throw InvalidConfigException.of(
                        ConfigKey.SUBSCRIBE_CLUSTERS,
                        value,
                        "'" + trimmed + "' is not a Nacos cluster name ([0-9a-zA-Z-]+)");
            }
            if (!clusters.contains(trimmed)) {
                clusters.add(trimmed);
            }
        }
        return clusters;
    }

    private static double weight(String value) {
        if (value == null) {
            return ConfigKey.INSTANCE_WEIGHT.defaultDouble();
        }
        double weight;
        try {
            weight = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw InvalidConfigException.of(ConfigKey.INSTANCE_WEIGHT, value, "not a number");
        }
        if (Double.isNaN(weight) || weight < 0 || weight > MAX_WEIGHT) {
            throw InvalidConfigException.of(ConfigKey.INSTANCE_WEIGHT, value, "Nacos accepts weights from 0 to 10000");
        }
        return weight;
    }

    private static boolean bool(ConfigKey key, URL url) {
        String value = url.getParameter(key.key());
        if (value == null || value.trim().isEmpty()) {
            return key.defaultBoolean();
        }
        String normalized = value.trim().toLowerCase(Locale.ROOT);
        if ("true".equals(normalized)) {
            return true;
        }
        if ("false".equals(normalized)) {
            return false;
        }
        throw InvalidConfigException.of(key, value, "not a boolean");
    }

    private static long duration(ConfigKey key, URL url) {
        String value = url.getParameter(key.key());
        return value == null ? key.defaultMillis() : Durations.parseMillis(key, value);
    }

    /** A duration, or 0 for {@code off}. */
    private static long durationOrOff(ConfigKey key, URL url) {
        String value = url.getParameter(key.key());
        return value == null ? key.defaultMillis() : Durations.parseMillisOrOff(key, value);
    }

    private static int metadataLimit(String value) {
        if (value == null) {
            return ConfigKey.METADATA_LIMIT.defaultInt();
        }
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit >= 1) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below with the allowed range
        }
        throw InvalidConfigException.of(ConfigKey.METADATA_LIMIT, value, "not a positive integer");
    }

    private static String cacheDir(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.isEmpty()) {
            throw InvalidConfigException.of(ConfigKey.CACHE_DIR, value, "empty");
        }
        return trimmed;
    }

    private static Integer port(ConfigKey key, String value) {
        if (value == null) {
            return null;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below with the allowed range
        }
        throw InvalidConfigException.of(key, value, "not a TCP port");
    }

    private String registerHost(String host, String nic) {
        if (host != null && nic != null) {
            throw new InvalidConfigException("nacos-app: registry parameters " + ConfigKey.REGISTER_HOST.key() + "='"
                    + host + "' and " + ConfigKey.REGISTER_INTERFACE.key() + "='" + nic
                    + "' conflict; set only one of them");
        }
        if (host != null) {
            String trimmed = host.trim();
            if (trimmed.startsWith("[") && trimmed.endsWith("]")) {
                trimmed = trimmed.substring(1, trimmed.length() - 1);
            }
            if (trimmed.isEmpty() || containsWhitespace(trimmed) || "0.0.0.0".equals(trimmed)) {
                throw InvalidConfigException.of(ConfigKey.REGISTER_HOST, host, "not an address peers can connect to");
            }
            try {
                network.resolve(trimmed);
            } catch (UnknownHostException e) {
                throw InvalidConfigException.of(ConfigKey.REGISTER_HOST, host, "does not resolve");
            }
            return trimmed;
        }
        if (nic != null) {
            List<InetAddress> addresses;
            try {
                addresses = network.interfaceAddresses(nic.trim());
            } catch (SocketException e) {
                throw InvalidConfigException.of(
                        ConfigKey.REGISTER_INTERFACE, nic, "cannot read network interfaces: " + e.getMessage());
            }
            if (addresses == null) {
                throw InvalidConfigException.of(
                        ConfigKey.REGISTER_INTERFACE, nic, "no network interface has that name");
            }
            if (addresses.isEmpty()) {
                throw InvalidConfigException.of(
                        ConfigKey.REGISTER_INTERFACE, nic, "the interface has no usable IPv4 or IPv6 address");
            }
            return addresses.get(0).getHostAddress();
        }
        return null;
    }

    private static void credentials(URL url, NacosAppConfig.Builder b) {
        b.username = oneOf(ConfigKey.USERNAME, url.getUsername(), url.getParameter(ConfigKey.USERNAME.key()));
        b.password = oneOf(ConfigKey.PASSWORD, url.getPassword(), url.getParameter(ConfigKey.PASSWORD.key()));
        if (b.username == null && b.password != null) {
            throw new InvalidConfigException(
                    "nacos-app: registry parameter password is set but username is not; set both or neither");
        }
        if (b.username != null && b.password == null) {
            throw new InvalidConfigException("nacos-app: registry parameter username='" + b.username
                    + "' is set but password is not; set both or neither");
        }
        b.accessKey = emptyToNull(url.getParameter(ConfigKey.ACCESS_KEY.key()));
        b.secretKey = emptyToNull(url.getParameter(ConfigKey.SECRET_KEY.key()));
        if ((b.accessKey == null) != (b.secretKey == null)) {
            throw new InvalidConfigException(
                    "nacos-app: registry parameters accessKey and secretKey must be set together; only "
                            + (b.accessKey == null ? "secretKey" : "accessKey='" + b.accessKey + "'") + " is set");
        }
    }

    private static String oneOf(ConfigKey key, String fromUserInfo, String fromParameter) {
        String a = emptyToNull(fromUserInfo);
        String b = emptyToNull(fromParameter);
        if (a != null && b != null && !a.equals(b)) {
            String shown = key == ConfigKey.PASSWORD ? "(hidden)" : "'" + a + "' vs '" + b + "'";
            throw new InvalidConfigException("nacos-app: " + key.key()
                    + " is given twice with different values, in the address and as a parameter: " + shown);
        }
        return a != null ? a : b;
    }

    /**
     * Collects what goes to nacos-client as it is: {@code nacos-client.<property>}, its TLS switches, and, as Dubbo's
     * built-in Nacos registry accepts them, bare nacos-client property names. The two cache switches that have a
     * nacos-app key are folded into that key, so there is one value whichever way it was written.
     */
    private static void clientProperties(Map<String, String> parameters, NacosAppConfig.Builder b) {
        for (Map.Entry<String, String> entry : parameters.entrySet()) {
            String key = entry.getKey();
            String property = null;
            if (key.startsWith(ConfigKey.CLIENT_PROPERTY_PREFIX)) {
                property = key.substring(ConfigKey.CLIENT_PROPERTY_PREFIX.length());
                if (property.isEmpty()) {
                    throw new InvalidConfigException(
                            "nacos-app: registry parameter '" + key + "' names no nacos-client property");
                }
            } else if (key.startsWith(ConfigKey.TLS_PROPERTY_PREFIX) || ParameterNames.isBareClientProperty(key)) {
                property = key;
            }
            if (property == null) {
                continue;
            }
            if (NacosAppConfig.NAMING_LOAD_CACHE_AT_START.equals(property)) {
                b.loadCacheAtStart = folded(ConfigKey.LOAD_CACHE_AT_START, parameters, key, entry.getValue());
            } else if (NacosAppConfig.SNAPSHOT_PATH.equals(property)) {
                b.cacheDir = foldedDir(parameters, key, entry.getValue());
            } else {
                b.clientProperties.put(property, entry.getValue());
            }
        }
    }

    private static boolean folded(ConfigKey key, Map<String, String> parameters, String alias, String value) {
        String normalized = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (!"true".equals(normalized) && !"false".equals(normalized)) {
            throw new InvalidConfigException("nacos-app: invalid registry parameter " + alias + "='" + value
                    + "': not a boolean; allowed: " + key.type());
        }
        String own = parameters.get(key.key());
        if (own != null && !own.trim().equalsIgnoreCase(normalized)) {
            throw new InvalidConfigException("nacos-app: registry parameters " + key.key() + "='" + own + "' and "
                    + alias + "='" + value + "' set the same nacos-client switch differently; keep only " + key.key());
        }
        return Boolean.parseBoolean(normalized);
    }

    private static String foldedDir(Map<String, String> parameters, String alias, String value) {
        String own = parameters.get(ConfigKey.CACHE_DIR.key());
        if (own != null && !own.trim().equals(value == null ? null : value.trim())) {
            throw new InvalidConfigException("nacos-app: registry parameters " + ConfigKey.CACHE_DIR.key() + "='" + own
                    + "' and " + alias + "='" + value + "' set the cache directory differently; keep only "
                    + ConfigKey.CACHE_DIR.key());
        }
        return cacheDir(value);
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static boolean containsWhitespace(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isWhitespace(value.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
